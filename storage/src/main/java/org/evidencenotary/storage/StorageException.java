package org.evidencenotary.storage;

import java.io.IOException;
import org.evidencenotary.format.Sha256;

/** A storage operation failed. Subclasses say how; the digest is carried when one is involved. */
public class StorageException extends IOException {
  private final transient Sha256 digest;

  public StorageException(String message, Sha256 digest, Throwable cause) {
    super(message, cause);
    this.digest = digest;
  }

  public StorageException(String message, Sha256 digest) {
    this(message, digest, null);
  }

  /** The object concerned, or {@code null} when none is. */
  public Sha256 digest() {
    return digest;
  }
}
