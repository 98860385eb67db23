package org.evidencenotary.notary.dicom;

/**
 * Bytes declared or received as DICOM are not a well-formed DICOM Part 10 file (or use an encoding
 * the notary does not support). The message says what was found; it never holds patient data.
 * Nothing was kept.
 */
public final class MalformedDicomException extends RuntimeException {
  public MalformedDicomException(String message) {
    super(message);
  }
}
