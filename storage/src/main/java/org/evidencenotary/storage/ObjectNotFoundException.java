package org.evidencenotary.storage;

/** No object is stored under the digest. */
public final class ObjectNotFoundException extends StorageException {
  public ObjectNotFoundException(Sha256 digest) {
    super("no stored object with SHA-256 " + digest.hex(), digest);
  }
}
