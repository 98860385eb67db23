package org.evidencenotary.storage;

/**
 * A store's settings cannot work (an endpoint, bucket, retention or part size out of range, an
 * unknown kind of store); the message names the setting and what was found, never a secret.
 */
public final class StorageConfigurationException extends IllegalArgumentException {
  public StorageConfigurationException(String message) {
    super(message);
  }
}
