package org.evidencenotary.notary.identity;

/** No signer identity with this id. */
public final class IdentityNotFoundException extends RuntimeException {
  public IdentityNotFoundException(String id) {
    super("no signer identity with id " + id);
  }
}
