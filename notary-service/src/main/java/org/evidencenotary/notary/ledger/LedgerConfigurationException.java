package org.evidencenotary.notary.ledger;

/** The configured ledger cannot be set up as configured; the message says what to change. */
public final class LedgerConfigurationException extends RuntimeException {
  public LedgerConfigurationException(String message) {
    super(message);
  }

  public LedgerConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
