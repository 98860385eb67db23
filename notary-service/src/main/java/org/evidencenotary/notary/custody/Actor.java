package org.evidencenotary.notary.custody;

import java.util.Objects;

/**
 * Who a custody event was done for: the signed-in caller's name and the roles they acted in. Kept
 * by the service with the event's other details; only their digest goes on the ledger. Every read
 * of evidence needs a sign-in, so {@link #anonymous()} appears only if a rule ever opens one.
 *
 * @param name who, as their sign-in names them
 * @param role the roles they acted in, comma-separated (e.g. {@code verifier}; {@code public} for
 *     {@link #anonymous()})
 */
public record Actor(String name, String role) {
  private static final int MAX_LENGTH = 256;
  private static final Actor ANONYMOUS = new Actor("anonymous", "public");

  public Actor {
    name = require(name, "name");
    role = require(role, "role");
  }

  /** Whoever calls without signing in. */
  public static Actor anonymous() {
    return ANONYMOUS;
  }

  private static String require(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank() || value.length() > MAX_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("an actor's " + field + " must be 1 to " + MAX_LENGTH
          + " characters without control characters");
    }
    return value;
  }
}
