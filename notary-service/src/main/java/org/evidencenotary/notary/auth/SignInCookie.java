package org.evidencenotary.notary.auth;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.evidencenotary.notary.admin.AdminToken;

/**
 * The browser's sign-in: the bearer token a person pasted into {@code /sign-in}, kept in the cookie
 * {@value #NAME} ({@code HttpOnly; SameSite=Strict; Path=/}, {@code Secure} over HTTPS, expiring
 * with the token). {@link NotaryAuthMechanism} accepts it when a request carries no {@code
 * Authorization} header, and checks it exactly as a bearer token.
 *
 * <p>Security: a request that changes something ({@code POST} and every other method but {@code
 * GET}, {@code HEAD}, {@code OPTIONS}) is signed in by the cookie only when it comes from this
 * service's own pages ({@link #fromOwnPages}); from anywhere else the cookie is ignored, so such a
 * request is anonymous. {@code SameSite=Strict} already keeps browsers from sending the cookie with
 * requests other sites start; the origin check holds where a browser or a proxy does not honour it
 * (docs/security.md, "Browser sign-in").
 */
@ApplicationScoped
public class SignInCookie {
  /** The cookie's name. */
  public static final String NAME = "notary_session";

  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  @Inject JWTParser parser;
  @Inject RevokedTokens revoked;
  @Inject AdminToken adminToken;

  /** Who a token signs in, and until when. */
  public record SignedIn(String name, List<String> roles, Instant expiresAt) {
    /** How long the cookie may live: the token's remaining lifetime, at least one second. */
    public Duration remaining(Instant now) {
      Duration left = Duration.between(now, expiresAt);
      return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
    }
  }

  /**
   * Checks {@code token} as the bearer path does (signature, issuer and expiry by SmallRye JWT,
   * then revocation) before it is put in a cookie.
   *
   * @throws SignInRefusedException when it would not sign in; the message says why in plain words
   */
  public SignedIn check(String token) {
    String presented = normalized(token);
    if (presented.isEmpty()) {
      throw new SignInRefusedException("Paste your token into the box first.");
    }
    if (adminToken.matches(presented)) {
      throw new SignInRefusedException("This is the service's admin token, which is for the command line only and"
          + " never goes into a browser. Issue yourself a token instead: ./notary token --role admin --name \"your"
          + " name\".");
    }
    JsonWebToken jwt;
    try {
      jwt = parser.parse(presented);
    } catch (ParseException | RuntimeException e) {
      throw new SignInRefusedException("This token is not accepted here: it was not issued by this notary's issuer,"
          + " it has expired, or it was not pasted whole. Ask your administrator for a new one.");
    }
    if (revoked.isRevoked(jwt.getTokenID())) {
      throw new SignInRefusedException("This token was revoked by an administrator. Ask them for a new one.");
    }
    List<String> roles = Roles.inOrder(jwt.getGroups() == null ? Set.of() : jwt.getGroups());
    if (roles.isEmpty()) {
      throw new SignInRefusedException("This token names none of the notary's roles, so it opens nothing here.");
    }
    String name = jwt.getName() == null ? jwt.getSubject() : jwt.getName();
    return new SignedIn(name, roles, Instant.ofEpochSecond(jwt.getExpirationTime()));
  }

  /** The token as pasted, without surrounding blanks or a leading {@code Bearer }. */
  public static String normalized(String token) {
    String presented = token == null ? "" : token.strip();
    if (presented.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = presented.substring(7).strip();
    }
    return presented;
  }

  /** The {@code Set-Cookie} value that signs the browser in with {@code token} for {@code lifetime}. */
  public static String set(String token, Duration lifetime, boolean https) {
    return NAME + "=" + token + "; Max-Age=" + lifetime.toSeconds() + "; Path=/; HttpOnly; SameSite=Strict"
        + (https ? "; Secure" : "");
  }

  /** The {@code Set-Cookie} value that signs the browser out. */
  public static String clear(boolean https) {
    return NAME + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict" + (https ? "; Secure" : "");
  }

  /** The token in the request's sign-in cookie, if it has one that looks like a JWT. */
  public static Optional<String> token(HttpServerRequest request) {
    Cookie cookie = request.getCookie(NAME);
    if (cookie == null || cookie.getValue() == null || cookie.getValue().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(cookie.getValue().strip());
  }

  /** Whether the cookie may sign {@code request} in: always for reading, from our own pages for the rest. */
  public static boolean mayAuthenticate(HttpServerRequest request) {
    return SAFE.contains(request.method()) || fromOwnPages(request);
  }

  /**
   * Whether {@code request} was started by one of this service's own pages: {@code Sec-Fetch-Site:
   * same-origin} when the browser sends it (all current ones do), else an {@code Origin} whose host
   * and port are this request's {@code Host}. A request with neither (a program, not a browser
   * acting for a visited site) counts as ours: no other site can make a browser send it so.
   */
  public static boolean fromOwnPages(HttpServerRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null) {
      return site.strip().toLowerCase(Locale.ROOT).equals("same-origin");
    }
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return true;
    }
    String host = request.getHeader("Host");
    try {
      URI uri = URI.create(origin.strip());
      return host != null && uri.getRawAuthority() != null
          && uri.getRawAuthority().equalsIgnoreCase(host.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether the request reached the service over HTTPS (directly, or as a proxy in front says). */
  public static boolean https(HttpServerRequest request) {
    String forwarded = request.getHeader("X-Forwarded-Proto");
    return "https".equalsIgnoreCase(request.scheme())
        || (forwarded != null && forwarded.strip().equalsIgnoreCase("https"));
  }
}
