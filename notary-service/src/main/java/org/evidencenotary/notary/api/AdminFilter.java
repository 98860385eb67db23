package org.evidencenotary.notary.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Locale;
import org.evidencenotary.notary.admin.AdminOnly;
import org.evidencenotary.notary.admin.AdminToken;
import org.jboss.logging.Logger;

/**
 * Lets an {@link AdminOnly} call through only with {@code Authorization: Bearer <admin token>}
 * (RFC 6750). Otherwise 401 problem+json {@code unauthorized} with {@code WWW-Authenticate:
 * Bearer}, before the request body is read or anything changes.
 */
@AdminOnly
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AdminFilter implements ContainerRequestFilter {
  private static final String REALM = "Bearer realm=\"evidence-notary-admin\"";
  private static final Logger LOG = Logger.getLogger(AdminFilter.class);

  @Inject AdminToken token;

  @Override
  public void filter(ContainerRequestContext request) {
    List<String> headers = request.getHeaders().getOrDefault(HttpHeaders.AUTHORIZATION, List.of());
    String presented = headers.size() == 1 ? bearer(headers.get(0)) : null;
    if (presented != null && token.matches(presented)) {
      return;
    }
    boolean missing = headers.isEmpty();
    LOG.warnf("admin call %s /%s refused: %s", request.getMethod(), printable(request.getUriInfo().getPath()),
        missing ? "no bearer token" : "wrong or malformed bearer token");
    String detail = missing
        ? "this call changes identities and needs the admin token: send 'Authorization: Bearer <token>' (the"
            + " service's start log names the file that holds it). Nothing was changed."
        : "the bearer token is not the admin token. Nothing was changed.";
    request.abortWith(ProblemMapper.adminTokenRequired(detail,
        missing ? REALM : REALM + ", error=\"invalid_token\"", request.getUriInfo().getPath()));
  }

  /** The credentials of a {@code Bearer} authorization (scheme case-insensitive), or null. */
  private static String bearer(String header) {
    String value = header.strip();
    if (value.length() <= 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    String credentials = value.substring(7).strip();
    return credentials.isEmpty() ? null : credentials;
  }

  private static String printable(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 120 ? clean.substring(0, 120) : clean;
  }
}
