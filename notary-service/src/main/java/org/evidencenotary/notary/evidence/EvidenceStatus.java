package org.evidencenotary.notary.evidence;

/** Where a notarization stands. */
public enum EvidenceStatus {
  /** Stored durably and signed; the anchor is being written (or retried). */
  PENDING,
  /** Anchored on the ledger: a proof can be issued. */
  ANCHORED
}
