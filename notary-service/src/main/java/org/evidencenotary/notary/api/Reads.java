package org.evidencenotary.notary.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.TreeMap;
import org.evidencenotary.notary.auth.Caller;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.custody.Actor;

/**
 * What the custody event of a read keeps about its request: the path, the client's address and
 * the purpose the client declared ({@code ?purpose=}), and for whom it was done. Kept off the
 * ledger by the custody service; only a digest of it is recorded.
 */
final class Reads {
  /** Most characters of a declared purpose. */
  static final int MAX_PURPOSE = 500;

  private Reads() {}

  /**
   * For whom a read is done: the signed-in caller's name and roles (comma-separated, in the order
   * docs/security.md lists them). Every read of evidence needs a sign-in, so an anonymous actor
   * only appears if a rule ever opens one.
   */
  static Actor actor(SecurityIdentity identity) {
    Caller caller = Caller.of(identity);
    if (caller.anonymous()) {
      return Actor.anonymous();
    }
    return new Actor(caller.name(), String.join(",", Roles.inOrder(caller.roles())));
  }

  /**
   * The request's details for its custody event.
   *
   * @throws BadRequestProblem for a purpose that is too long or holds control characters
   */
  static Map<String, String> details(HttpServerRequest request, String purpose) {
    Map<String, String> details = new TreeMap<>();
    details.put("path", request.path());
    if (request.remoteAddress() != null) {
      details.put("clientAddress", request.remoteAddress().hostAddress());
    }
    if (purpose != null && !purpose.isBlank()) {
      if (purpose.length() > MAX_PURPOSE || purpose.chars().anyMatch(Character::isISOControl)) {
        throw new BadRequestProblem("the purpose must be at most " + MAX_PURPOSE
            + " characters without control characters");
      }
      details.put("purpose", purpose.strip());
    }
    return details;
  }
}
