package org.evidencenotary.notary.dicom;

/**
 * The signer's key or certificate could not make a DICOM digital signature (a provider refused,
 * the certificate cannot be encoded). The original is unaffected. Callers in the service report it
 * as their own signing failure; this library knows nothing of the service.
 */
public final class DicomSigningException extends RuntimeException {
  public DicomSigningException(String message, Throwable cause) {
    super(message, cause);
  }
}
