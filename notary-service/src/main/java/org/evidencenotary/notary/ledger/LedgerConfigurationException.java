package org.evidencenotary.notary.ledger;

import org.evidencenotary.notary.config.ConfigurationException;

/** The configured ledger cannot be set up as configured; the message says what to change. */
public final class LedgerConfigurationException extends ConfigurationException {
  public LedgerConfigurationException(String message) {
    super(message);
  }

  public LedgerConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
