package org.evidencenotary.notary.custody;

import java.util.Objects;

/**
 * Who a custody event was done for: a name and the role they acted in. Kept by the service with
 * the event's other details; only their digest goes on the ledger. Until requests carry a
 * signed-in user, every read is recorded for {@link #anonymous()}.
 *
 * @param name who, as the service knows them
 * @param role the role they acted in (e.g. {@code court}, {@code insurer}, {@code public})
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
