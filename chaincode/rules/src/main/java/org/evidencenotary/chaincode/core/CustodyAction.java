package org.evidencenotary.chaincode.core;

/**
 * What a custody event records. New values go at the end: the contract parses the name, so a
 * network must run chaincode that knows a value before a client records it.
 */
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
  LEGAL_HOLD_RELEASED,
  /** A copy of the DICOM original carrying a DICOM digital signature was made and sent out. */
  SIGNED_COPY_EXPORTED,
  /** A signed certificate (PDF) of the evidence was issued to someone. */
  CERTIFICATE_ISSUED,
  /** A proof bundle of the evidence was issued to someone. */
  PROOF_ISSUED
}
