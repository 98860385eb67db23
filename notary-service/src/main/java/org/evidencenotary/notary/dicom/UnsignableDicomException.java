package org.evidencenotary.notary.dicom;

/**
 * A well-formed DICOM original that cannot carry a DICOM digital signature as the notary writes
 * them (for example an implicit VR or big endian transfer syntax, or a header too large to hold
 * in memory). The original is unaffected; nothing was written. The message names the reason,
 * never a value from the file.
 */
public final class UnsignableDicomException extends RuntimeException {
  public UnsignableDicomException(String message) {
    super(message);
  }
}
