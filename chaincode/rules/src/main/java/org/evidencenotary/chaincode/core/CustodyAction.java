package org.evidencenotary.chaincode.core;

/** What a custody event records. */
public enum CustodyAction {
  /** The original or its proof was looked at. */
  VIEWED,
  /** The original was copied out of the store. */
  EXPORTED,
  /** The evidence was disclosed to a court. */
  DISCLOSED_TO_COURT,
  /** The evidence was disclosed to an insurer. */
  DISCLOSED_TO_INSURER,
  /** A legal hold was placed on the original. */
  LEGAL_HOLD_SET,
  /** A legal hold on the original was released. */
  LEGAL_HOLD_RELEASED
}
