package org.evidencenotary.notary.auth;

/**
 * A request asked for an acquisition to be signed with an enrolled identity's key, but the caller
 * did not sign in as that identity: a key signs only for the person or device it belongs to.
 */
public final class NotTheSignerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotTheSignerException(String message) {
    super(message);
  }
}
