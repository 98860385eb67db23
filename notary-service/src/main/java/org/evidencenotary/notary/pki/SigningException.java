package org.evidencenotary.notary.pki;

/** The notary could not produce a signature; the request that needed it fails whole. */
public final class SigningException extends RuntimeException {
  public SigningException(String message, Throwable cause) {
    super(message, cause);
  }
}
