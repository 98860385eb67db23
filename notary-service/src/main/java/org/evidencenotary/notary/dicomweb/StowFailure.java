package org.evidencenotary.notary.dicomweb;

/**
 * Why STOW-RS did not store an instance: the Failure Reason (0008,1197) values of PS3.18 Table
 * I.2-2, plus one implementation-specific code in the A9xx range that the table leaves open.
 */
public enum StowFailure {
  /** 0110: a general failure while storing (object store or record unavailable, signing failed). */
  PROCESSING_FAILURE(0x0110),
  /** A700: refused, out of resources: the instance is larger than {@code notary.ingest.max-size}. */
  OUT_OF_RESOURCES(0xA700),
  /**
   * A900: the data set does not match its SOP Class: the file meta information's Media Storage
   * SOP Class or Instance UID (0002,0002)/(0002,0003) differs from the data set's (0008,0016)/(0008,0018).
   */
  DATA_SET_DOES_NOT_MATCH_SOP_CLASS(0xA900),
  /**
   * A901 (implementation-specific, within A9xx): the instance's Study Instance UID differs from the
   * study in the request path ({@code POST /studies/{study}}).
   */
  STUDY_INSTANCE_UID_MISMATCH(0xA901),
  /** C000: cannot understand: not a well-formed DICOM Part 10 file, an empty part, or a part that is not application/dicom. */
  CANNOT_UNDERSTAND(0xC000);

  private final int code;

  StowFailure(int code) {
    this.code = code;
  }

  /** The value of Failure Reason (0008,1197). */
  public int code() {
    return code;
  }
}
