package org.evidencenotary.notary.portal;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.auth.SignInCookie;
import org.evidencenotary.notary.auth.SignInRefusedException;

/**
 * Sign-in for people using the portal in a browser: {@code /sign-in} takes the bearer token their
 * administrator or identity provider gave them, {@code POST /portal/sign-in} checks it exactly as
 * the API checks a bearer token and keeps it in the {@link SignInCookie}, and {@code POST
 * /portal/sign-out} drops the cookie. The token itself stays valid for the command line until it
 * expires or is revoked. Both posts are accepted only from this service's own pages (a sign-in
 * forced by another site would sign the person in as someone else).
 */
@PermitAll
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {
  @CheckedTemplate
  static class Templates {
    static native TemplateInstance signIn(String next, String error, boolean signedOut);
  }

  @Inject SignInCookie cookies;

  @GET
  @Path("sign-in")
  @Operation(hidden = true)
  public Response signInPage(@QueryParam("next") String next, @QueryParam("signed-out") String signedOut) {
    return PortalResource.page(200, Templates.signIn(PortalRefusals.localOrNull(next), null, signedOut != null));
  }

  @POST
  @Path("portal/sign-in")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(hidden = true)
  public Response signIn(@FormParam("token") String token, @FormParam("next") String next,
      @Context HttpServerRequest request) {
    String back = PortalRefusals.localOrNull(next);
    if (!SignInCookie.fromOwnPages(request)) {
      return PortalResource.page(403, Templates.signIn(back,
          "This sign-in did not come from this notary's own sign-in page, so it was refused. Open the sign-in page"
              + " and paste your token there.", false));
    }
    SignInCookie.SignedIn who;
    try {
      who = cookies.check(token);
    } catch (SignInRefusedException e) {
      return PortalResource.page(400, Templates.signIn(back, e.getMessage(), false));
    }
    String target = back != null ? back : home(who.roles());
    // A relative Location, sent as it is: JAX-RS would make it absolute from the request's Host header.
    return Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, target)
        .header(HttpHeaders.SET_COOKIE,
            SignInCookie.set(SignInCookie.normalized(token), who.remaining(Instant.now()),
                SignInCookie.https(request)))
        .header("Cache-Control", "no-store")
        .build();
  }

  @POST
  @Path("portal/sign-out")
  @Operation(hidden = true)
  public Response signOut(@Context HttpServerRequest request) {
    if (!SignInCookie.fromOwnPages(request)) {
      return PortalResource.page(403, Templates.signIn(null,
          "This sign-out did not come from this notary's own pages, so nothing was changed.", false));
    }
    return Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, "/sign-in?signed-out")
        .header(HttpHeaders.SET_COOKIE, SignInCookie.clear(SignInCookie.https(request)))
        .header("Cache-Control", "no-store")
        .build();
  }

  /** Where a role starts: the page made for it. */
  static String home(List<String> roles) {
    if (roles.contains(Roles.ACQUIRER)) {
      return "/hospital";
    }
    if (roles.contains(Roles.AUDITOR)) {
      return "/audit";
    }
    if (roles.contains(Roles.INSURER)) {
      return "/batch";
    }
    return "/";
  }
}
