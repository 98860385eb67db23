package org.evidencenotary.notary.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.evidencenotary.notary.admin.AdminToken;
import org.jboss.logging.Logger;

/**
 * How a request signs in: {@code Authorization: Bearer <token>}, where the token is a JWT the
 * configured issuer signed (SmallRye JWT checks signature, issuer and expiry; its {@code groups}
 * are the roles) and that an administrator has not revoked ({@link RevokedTokens}), or the admin
 * token from the file the service created at first start, which signs in as {@link Roles#ADMIN}
 * so that an operator can issue the first tokens. Without an {@code Authorization} header, a TLS
 * client certificate registered for an identity signs in as that identity ({@link
 * ClientCertificateSignIn}); else the browser's sign-in cookie ({@link SignInCookie}), checked as a
 * bearer token; for a request that changes something, only when it comes from this service's own
 * pages. A cookie that does not sign in leaves the request anonymous.
 *
 * <p>Security: the admin token is compared in constant time ({@link AdminToken#matches}); more
 * than one {@code Authorization} header is refused rather than guessed between.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class NotaryAuthMechanism implements HttpAuthenticationMechanism {
  /** The principal name of a request signed in with the admin token. */
  public static final String ADMIN_TOKEN_NAME = "admin token";
  private static final Logger LOG = Logger.getLogger(NotaryAuthMechanism.class);

  @Inject JWTAuthMechanism jwt;
  @Inject AdminToken adminToken;
  @Inject RevokedTokens revoked;
  @Inject ClientCertificateSignIn clientCertificate;

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
    List<String> headers = context.request().headers().getAll("Authorization");
    if (headers.size() > 1) {
      return Uni.createFrom().failure(new AuthenticationFailedException("more than one Authorization header"));
    }
    if (headers.isEmpty()) {
      // Mutual TLS (machine clients on the HTTPS port): a registered client certificate signs in.
      var machine = clientCertificate.identify(context);
      if (machine.isPresent()) {
        return Uni.createFrom().item(machine.get());
      }
    }
    if (headers.size() == 1) {
      String presented = bearer(headers.get(0));
      if (presented != null && adminToken.matches(presented)) {
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal(ADMIN_TOKEN_NAME))
            .addRole(Roles.ADMIN)
            .build());
      }
    }
    if (headers.isEmpty()) {
      Optional<Uni<SecurityIdentity>> cookie = fromCookie(context, identityProviderManager);
      if (cookie.isPresent()) {
        return cookie.get();
      }
    }
    return notRevoked(jwt.authenticate(context, identityProviderManager));
  }

  /** {@code signedIn}, failed when the token it signed in with was revoked. */
  private Uni<SecurityIdentity> notRevoked(Uni<SecurityIdentity> signedIn) {
    return signedIn.onItem().transformToUni(identity -> {
      if (identity != null && identity.getPrincipal() instanceof JsonWebToken token
          && revoked.isRevoked(token.getTokenID())) {
        return Uni.createFrom().failure(new AuthenticationFailedException("the token was revoked"));
      }
      return Uni.createFrom().item(identity);
    });
  }

  /**
   * Sign-in by the browser's cookie, when the request has one. A cookie that does not sign in
   * (expired, revoked, not a token of ours) or may not sign this request in (a change another site
   * started) makes the request anonymous, never a failure: the public pages and the public check
   * keep working for a person whose sign-in ended, and whatever needs a role answers 401.
   */
  private Optional<Uni<SecurityIdentity>> fromCookie(RoutingContext context, IdentityProviderManager providers) {
    Optional<String> token = SignInCookie.token(context.request());
    if (token.isEmpty()) {
      return Optional.empty();
    }
    if (!SignInCookie.mayAuthenticate(context.request())) {
      // Another site made the browser send this: the cookie does not count, the request is anonymous.
      LOG.warnf("sign-in cookie ignored on a %s %s that did not come from this service's pages",
          context.request().method(), context.normalizedPath());
      return Optional.of(Uni.createFrom().nullItem());
    }
    return Optional.of(notRevoked(providers.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
        new TokenAuthenticationRequest(new JsonWebTokenCredential(token.get())), context)))
        .onFailure(AuthenticationFailedException.class).recoverWithItem(e -> {
          LOG.debugf("sign-in cookie does not sign in (%s); the request is anonymous", e.getMessage());
          return null;
        }));
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return jwt.getChallenge(context);
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return jwt.getCredentialTypes();
  }

  @Override
  public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
    return jwt.getCredentialTransport(context);
  }

  /** The credentials of a {@code Bearer} authorization (scheme case-insensitive), or null. */
  static String bearer(String header) {
    String value = header.strip();
    if (value.length() <= 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    String credentials = value.substring(7).strip();
    return credentials.isEmpty() ? null : credentials;
  }
}
