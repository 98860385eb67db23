package org.evidencenotary.notary.auth;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.evidencenotary.format.EvidenceStatement;

/**
 * Who made a request, as the rest of the service needs to know it: a name, the roles, and the
 * enrolled identity a token names (whose key may sign this caller's acquisitions).
 *
 * @param name the token's {@code upn} or subject, {@code admin token} for the admin token file, or
 *     {@code anonymous}
 * @param roles the caller's roles (empty for an anonymous caller)
 * @param identity the enrolled technologist or device the token names, if any
 */
public record Caller(String name, Set<String> roles, Optional<String> identity) {
  /** A caller who presented no credential. */
  public static final Caller ANONYMOUS = new Caller("anonymous", Set.of(), Optional.empty());

  public Caller {
    roles = Set.copyOf(roles);
  }

  /** The caller behind {@code identity}, as the security layer authenticated it. */
  public static Caller of(SecurityIdentity identity) {
    if (identity == null || identity.isAnonymous()) {
      return ANONYMOUS;
    }
    Optional<String> enrolled = Optional.empty();
    if (identity.getPrincipal() instanceof JsonWebToken jwt) {
      enrolled = Optional.ofNullable(jwt.<Object>getClaim(TokenIssuer.IDENTITY_CLAIM)).map(Caller::text)
          .filter(s -> !s.isBlank());
    } else if (identity.getAttribute(TokenIssuer.IDENTITY_CLAIM) instanceof String registered) {
      enrolled = Optional.of(registered); // signed in by its registered TLS client certificate
    }
    return new Caller(identity.getPrincipal().getName(), new TreeSet<>(identity.getRoles()), enrolled);
  }

  /**
   * This caller as a statement names who submitted: name and roles (in the order {@link
   * Roles#ALL} lists them); null for an anonymous caller.
   */
  public EvidenceStatement.SignedIn asSubmitter() {
    return anonymous() ? null : new EvidenceStatement.SignedIn(name, Roles.inOrder(roles));
  }

  public boolean anonymous() {
    return roles.isEmpty();
  }

  /** Whether the caller holds at least one of {@code wanted}. */
  public boolean hasAnyRole(String... wanted) {
    for (String role : wanted) {
      if (roles.contains(role)) {
        return true;
      }
    }
    return false;
  }

  private static String text(Object claim) {
    String s = claim.toString();
    // A JSON string claim may come back as a JsonString, printed with its quotes.
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }
}
