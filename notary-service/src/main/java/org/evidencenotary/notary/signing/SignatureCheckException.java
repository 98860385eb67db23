package org.evidencenotary.notary.signing;

/** A signature or certificate chain failed its check. */
public final class SignatureCheckException extends RuntimeException {
  public SignatureCheckException(String message) {
    super(message);
  }

  public SignatureCheckException(String message, Throwable cause) {
    super(message, cause);
  }
}
