package org.evidencenotary.notary.auth;

/**
 * A token pasted into the sign-in page cannot sign in: not a token of a trusted issuer, expired,
 * revoked, or the admin token (which is for the command line). The message says which, in words
 * for the person at the page; it never repeats the token.
 */
public final class SignInRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SignInRefusedException(String message) {
    super(message);
  }
}
