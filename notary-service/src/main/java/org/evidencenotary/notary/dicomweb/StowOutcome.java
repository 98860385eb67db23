package org.evidencenotary.notary.dicomweb;

import java.util.Objects;

/**
 * What became of one instance of a STOW-RS request.
 *
 * @param sopClassUid the SOP Class UID (0008,0016), or null when the part could not be read as DICOM
 * @param sopInstanceUid the SOP Instance UID (0008,0018), or null when the part could not be read
 * @param evidenceId the evidence record that holds the instance (stored), or null (failed)
 * @param failure why it was not stored, or null (stored)
 * @param detail what was wrong, in words, for the log (never patient data), or null
 */
public record StowOutcome(
    String sopClassUid, String sopInstanceUid, String evidenceId, StowFailure failure, String detail) {
  public StowOutcome {
    if ((evidenceId == null) == (failure == null)) {
      throw new IllegalArgumentException("an outcome is either stored (evidence id) or failed (reason)");
    }
  }

  static StowOutcome stored(String sopClassUid, String sopInstanceUid, String evidenceId) {
    return new StowOutcome(Objects.requireNonNull(sopClassUid, "sopClassUid"),
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid"), evidenceId, null, null);
  }

  /** A part that failed before anything about it could be read. */
  public static StowOutcome failed(StowFailure failure, String detail) {
    return new StowOutcome(null, null, null, failure, detail);
  }

  static StowOutcome failed(String sopClassUid, String sopInstanceUid, StowFailure failure, String detail) {
    return new StowOutcome(sopClassUid, sopInstanceUid, null, failure, detail);
  }

  public boolean isStored() {
    return evidenceId != null;
  }
}
