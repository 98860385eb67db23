package org.evidencenotary.notary.ledger;

/** The ledger could not take the transaction now; nothing was written. Retry later. */
public final class LedgerUnavailableException extends RuntimeException {
  public LedgerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
