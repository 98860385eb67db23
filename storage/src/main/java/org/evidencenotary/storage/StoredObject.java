package org.evidencenotary.storage;

import java.util.Objects;
import org.evidencenotary.format.Sha256;

/**
 * An object durably stored under its digest.
 *
 * @param digest SHA-256 of the stored bytes
 * @param size length in bytes
 * @param address where the store keeps it, in the store's own terms (a relative path, a key)
 * @param newlyStored true when this call stored it, false when it was already there
 */
public record StoredObject(Sha256 digest, long size, String address, boolean newlyStored) {
  public StoredObject {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(address, "address");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
  }
}
