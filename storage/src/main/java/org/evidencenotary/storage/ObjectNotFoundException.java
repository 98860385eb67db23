package org.evidencenotary.storage;

import org.evidencenotary.format.Sha256;

/** No object is stored under the digest. */
public final class ObjectNotFoundException extends StorageException {
  public ObjectNotFoundException(Sha256 digest) {
    super("no stored object with SHA-256 " + digest.hex(), digest);
  }
}
