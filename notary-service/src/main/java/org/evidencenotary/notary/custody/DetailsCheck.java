package org.evidencenotary.notary.custody;

/** Whether the details kept for a custody event still match what the ledger holds of them. */
public enum DetailsCheck {
  /** The kept file hashes to the ledger's {@code detailHash}; its details are shown. */
  INTACT,
  /** A file is kept under the event's {@code detailHash} but no longer hashes to it: edited. */
  ALTERED,
  /**
   * No readable file is kept for the event's {@code detailHash}: deleted, or the event was recorded
   * by another organisation, which keeps its own details.
   */
  MISSING,
  /** The event carries no {@code detailHash}: there is nothing to check. */
  NONE
}
