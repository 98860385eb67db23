package org.evidencenotary.notary.auth;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.evidencenotary.notary.config.AuthConfig;
import org.evidencenotary.notary.identity.IdentityRegistry;
import org.evidencenotary.notary.identity.InvalidSubmissionException;
import org.evidencenotary.notary.identity.SignerIdentity;

/**
 * The embedded issuer: signs bearer tokens (JWT, ES256) for a role and a name, so the embedded
 * default needs no outside identity provider. A token for an enrolled technologist or device
 * also names that identity ({@value #IDENTITY_CLAIM}): only such a token may have acquisitions
 * signed with that identity's key.
 */
@ApplicationScoped
public class TokenIssuer {
  /** The claim naming the enrolled identity whose key signs the caller's acquisitions. */
  public static final String IDENTITY_CLAIM = "notary_identity";
  private static final int MAX_NAME = 200;

  @Inject TokenKeys keys;
  @Inject AuthConfig config;
  @Inject IdentityRegistry identities;

  /** What an administrator asks a token for; {@code identity} and {@code lifetime} may be null. */
  public record TokenRequest(Set<String> roles, String name, String identity, Duration lifetime) {}

  /** A signed token and what it says. */
  public record IssuedToken(
      String token, String id, List<String> roles, String name, String identity, Instant expiresAt) {}

  /**
   * Signs a token for {@code request}.
   *
   * @throws InvalidSubmissionException when the role is unknown, the name empty or too long, the
   *     lifetime out of range, or the identity not an active enrolled one (or named with a role
   *     other than acquirer)
   */
  public IssuedToken issue(TokenRequest request) {
    if (request == null || request.roles() == null || request.roles().isEmpty()
        || request.roles().stream().anyMatch(java.util.Objects::isNull) || !Roles.ALL.containsAll(request.roles())) {
      throw new InvalidSubmissionException("role must be one or more of " + String.join(", ", Roles.ALL));
    }
    String name = request.name() == null ? "" : request.name().strip();
    if (name.isEmpty() || name.length() > MAX_NAME || !name.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
      throw new InvalidSubmissionException("name must be 1 to " + MAX_NAME + " printable characters");
    }
    Duration lifetime = request.lifetime() == null ? config.tokenLifetime() : request.lifetime();
    if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(config.maxTokenLifetime()) > 0) {
      throw new InvalidSubmissionException("lifetime must be positive and at most " + config.maxTokenLifetime());
    }
    String identity = request.identity() == null || request.identity().isBlank() ? null : request.identity().strip();
    if (identity != null) {
      if (!request.roles().equals(Set.of(Roles.ACQUIRER))) {
        throw new InvalidSubmissionException("only an acquirer token may name an enrolled identity");
      }
      SignerIdentity enrolled = identities.get(identity);
      if (enrolled.status() != SignerIdentity.Status.ACTIVE) {
        throw new InvalidSubmissionException("identity " + identity + " is revoked");
      }
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String tokenId = UUID.randomUUID().toString();
    Instant expires = now.plus(lifetime);
    var claims = Jwt.issuer(config.issuer())
        .subject(name)
        .upn(name)
        .groups(Set.copyOf(request.roles()))
        .issuedAt(now)
        .expiresAt(expires)
        .claim("jti", tokenId);
    if (identity != null) {
      claims.claim(IDENTITY_CLAIM, identity);
    }
    String token = claims.jws().algorithm(SignatureAlgorithm.ES256).keyId(keys.keyId()).sign(keys.signingKey());
    List<String> roles = Roles.inOrder(request.roles());
    return new IssuedToken(token, tokenId, roles, name, identity, expires);
  }
}
