package org.evidencenotary.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * The write-once protection of one stored object, as the object store reports it.
 *
 * @param mode the retention mode, e.g. {@code COMPLIANCE}; {@code null} when none is set
 * @param retainUntil end of the retention period; {@code null} when none is set
 * @param legalHold whether a legal hold is in force (it outlasts the retention period)
 * @param versionId the store's version of the object these settings belong to
 */
public record ObjectRetention(String mode, Instant retainUntil, boolean legalHold, String versionId) {
  public ObjectRetention {
    Objects.requireNonNull(versionId, "versionId");
  }

  /** Whether deleting or overwriting the object is refused at {@code now}. */
  public boolean protectsAt(Instant now) {
    return legalHold || (retainUntil != null && retainUntil.isAfter(now));
  }
}
