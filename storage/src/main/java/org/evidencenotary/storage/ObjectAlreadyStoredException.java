package org.evidencenotary.storage;

import org.evidencenotary.format.Sha256;

/** A commit found an object already stored under the digest; stores never overwrite. */
public final class ObjectAlreadyStoredException extends StorageException {
  public ObjectAlreadyStoredException(Sha256 digest) {
    super("an object with SHA-256 " + digest.hex() + " is already stored; not overwritten", digest);
  }
}
