package org.evidencenotary.storage;

import org.evidencenotary.format.Sha256;

/**
 * A stored object no longer has the digest it was stored under: a storage integrity incident.
 * The bytes must not be handed out as the original.
 */
public final class StorageIntegrityException extends StorageException {
  private final String foundHex;

  public StorageIntegrityException(Sha256 expected, String foundHex, String address) {
    super(
        "stored object at "
            + address
            + " failed its integrity check: expected SHA-256 "
            + expected.hex()
            + ", found "
            + foundHex,
        expected);
    this.foundHex = foundHex;
  }

  /** What the stored bytes hash to now (hex), or a short word such as {@code missing}. */
  public String found() {
    return foundHex;
  }
}
