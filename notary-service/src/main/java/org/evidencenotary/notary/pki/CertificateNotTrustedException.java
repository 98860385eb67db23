package org.evidencenotary.notary.pki;

/**
 * A certificate presented to the notary (a TLS client certificate to register) does not chain to
 * a trusted CA, is not valid now, or may not serve the purpose asked. The message says which.
 */
public final class CertificateNotTrustedException extends RuntimeException {
  public CertificateNotTrustedException(String message) {
    super(message);
  }

  public CertificateNotTrustedException(String message, Throwable cause) {
    super(message, cause);
  }
}
