package org.evidencenotary.storage;

import org.evidencenotary.format.Sha256;

/**
 * The object store could not be reached or did not answer (connection refused, timeout, server
 * error). Transient: the operation may succeed later. Nothing was stored by the failed call.
 */
public final class StorageUnavailableException extends StorageException {
  public StorageUnavailableException(String message, Sha256 digest, Throwable cause) {
    super(message, digest, cause);
  }
}
