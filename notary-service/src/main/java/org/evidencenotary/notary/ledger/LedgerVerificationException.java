package org.evidencenotary.notary.ledger;

/** An anchor's block failed a check when re-read. */
public final class LedgerVerificationException extends RuntimeException {
  public LedgerVerificationException(String message) {
    super(message);
  }
}
