package org.evidencenotary.storage;

import java.time.Instant;
import org.evidencenotary.format.Sha256;

/**
 * A delete or overwrite was refused because the object is under retention (WORM) or legal hold.
 * This is the store doing its job, not a transient failure: callers must not retry.
 */
public final class ObjectRetainedException extends StorageException {
  private final transient Instant retainUntil;
  private final boolean legalHold;

  public ObjectRetainedException(
      Sha256 digest, Instant retainUntil, boolean legalHold, String detail, Throwable cause) {
    super(
        "object with SHA-256 "
            + digest.hex()
            + " is retained"
            + (retainUntil == null ? "" : " until " + retainUntil)
            + (legalHold ? " and under legal hold" : "")
            + "; it cannot be deleted or overwritten"
            + (detail == null ? "" : " (" + detail + ")"),
        digest,
        cause);
    this.retainUntil = retainUntil;
    this.legalHold = legalHold;
  }

  /** End of the retention period, or {@code null} when unknown. */
  public Instant retainUntil() {
    return retainUntil;
  }

  /** Whether a legal hold was in force. */
  public boolean legalHold() {
    return legalHold;
  }
}
