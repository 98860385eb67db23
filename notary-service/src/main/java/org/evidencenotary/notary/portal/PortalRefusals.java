package org.evidencenotary.notary.portal;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.evidencenotary.notary.auth.SignInCookie;

/**
 * How the signed-in pages refuse, as pages a person can read (never problem+json or a stack
 * trace): not signed in is 401 with a link to {@code /sign-in} that comes back here (a sign-in
 * cookie that no longer signs in is said so, and dropped); signed in with a role the page is not for is 403 saying so. Each
 * signed-in page's resource maps Quarkus' security exceptions to these (its own exception mappers
 * take precedence over the API's problem+json ones).
 */
final class PortalRefusals {
  /** A local path to return to after signing in: no scheme, no host, no backslash, nothing odd. */
  private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[A-Za-z0-9/_.~%?&=+-]{0,300}");

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance signInNeeded(String next, boolean expired);

    static native TemplateInstance forbidden(String path);
  }

  private PortalRefusals() {}

  static Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
    // A page reads with GET, where a sign-in cookie always counts: one that is there and yet left the
    // request anonymous no longer signs in (expired, revoked).
    return signInNeeded(request, SignInCookie.token(request).isPresent());
  }

  static Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
    return signInNeeded(request, true);
  }

  static Response forbidden(ForbiddenException e, HttpServerRequest request) {
    return PortalResource.page(403, Templates.forbidden(request.path()));
  }

  private static Response signInNeeded(HttpServerRequest request, boolean expired) {
    Response page = PortalResource.page(401, Templates.signInNeeded(encode(localOrNull(request.uri())), expired));
    Response.ResponseBuilder out = Response.fromResponse(page)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"evidence-notary\"");
    if (expired && SignInCookie.token(request).isPresent()) {
      // The cookie no longer signs in (expired or revoked): drop it, so the header stops offering it.
      out.header(HttpHeaders.SET_COOKIE, SignInCookie.clear(SignInCookie.https(request)));
    }
    return out.build();
  }

  /** {@code path} when it is a local path to send the person back to, else null. */
  static String localOrNull(String path) {
    return path != null && LOCAL_PATH.matcher(path).matches() ? path : null;
  }

  private static String encode(String path) {
    return path == null ? null : URLEncoder.encode(path, StandardCharsets.UTF_8);
  }
}
