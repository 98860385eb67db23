package org.evidencenotary.chaincode.core;

/** Stable codes of rule failures, carried to clients so they can branch on them. */
public enum ErrorCode {
  /** An argument is malformed: the request can never succeed as it is. */
  INVALID_ARGUMENT,
  /** The caller's organisation may not do this. */
  ACCESS_DENIED,
  /** Nothing is anchored under the key asked for. */
  NOT_FOUND,
  /** The evidence id is already bound to another digest. */
  EVIDENCE_ID_CONFLICT,
  /** Stored state cannot be read back: the ledger holds something the rules did not write. */
  CORRUPT_STATE
}
