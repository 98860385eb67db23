package org.evidencenotary.notary.config;

/** A setting, key store or trust that cannot work; stops the service at start with a message that says what to fix. */
public class ConfigurationException extends IllegalStateException {
  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
