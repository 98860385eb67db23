package org.evidencenotary.notary.api;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.evidencenotary.format.LowercaseUuid;
import org.evidencenotary.notary.admin.AdminAudit;
import org.evidencenotary.notary.auth.Caller;
import org.evidencenotary.notary.auth.MachineClients;
import org.evidencenotary.notary.auth.RevokedTokens;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.auth.TokenIssuer.IssuedToken;
import org.evidencenotary.notary.auth.TokenIssuer.TokenRequest;
import org.evidencenotary.notary.auth.TokenIssuer;

/** Sign-in: the embedded issuer's tokens, and who the caller is signed in as. */
@Path("/api/v1/auth")
public class AuthResource {
  @Inject TokenIssuer issuer;
  @Inject SecurityIdentity caller;
  @Inject RevokedTokens revokedTokens;
  @Inject AdminAudit adminAudit;
  @Inject MachineClients machineClients;

  /**
   * What an administrator asks a token for.
   *
   * @param role one of acquirer, verifier, insurer, auditor, admin
   * @param roles several of them, instead of {@code role}
   * @param name who the token is for, as it appears in records and custody events
   * @param identity for an acquirer: the enrolled technologist or device whose key signs the
   *     acquisitions made with this token
   * @param lifetime ISO-8601 duration (e.g. PT8H), at most notary.auth.max-token-lifetime
   */
  public record TokenForm(
      @Schema(enumeration = {"acquirer", "verifier", "insurer", "auditor", "admin"}) String role,
      @Schema(description = "roles, each one of acquirer, verifier, insurer, auditor, admin") List<String> roles,
      @Schema(required = true, minLength = 1, maxLength = 200) String name,
      String identity,
      @Schema(description = "ISO 8601 duration, e.g. PT8H") String lifetime) {}

  /** Who the caller is signed in as. */
  public record Me(String name, List<String> roles, String identity) {}

  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("/tokens")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Issue a bearer token (admin)",
      description = "The embedded issuer signs a JWT (ES256) for one role and a name; ./notary token calls this.")
  public IssuedToken issue(TokenForm form) {
    if (form == null) {
      throw new BadRequestProblem("the body must be JSON with 'role' and 'name'");
    }
    Duration lifetime;
    try {
      lifetime = form.lifetime() == null || form.lifetime().isBlank() ? null : Duration.parse(form.lifetime());
    } catch (DateTimeParseException e) {
      throw new BadRequestProblem("'lifetime' must be an ISO-8601 duration such as PT8H or P7D");
    }
    Set<String> roles = new HashSet<>();
    if (form.role() != null) {
      roles.add(form.role());
    }
    if (form.roles() != null) {
      roles.addAll(form.roles());
    }
    IssuedToken issued = issuer.issue(new TokenRequest(roles, form.name(), form.identity(), lifetime));
    Map<String, String> facts = new TreeMap<>();
    facts.put("roles", String.join(",", issued.roles()));
    facts.put("name", issued.name());
    facts.put("identity", issued.identity());
    facts.put("expiresAt", issued.expiresAt().toString());
    audit(AdminAudit.Action.TOKEN_ISSUED, issued.id(), facts); // before the token leaves: 503 otherwise
    return issued;
  }

  /** A revoked token. */
  public record Revoked(String id, Instant revokedAt) {}

  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("/tokens/{id}/revoke")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Revoke a bearer token before it expires (admin)",
      description = "By the token's id (its jti, in the answer that issued it). The token no longer signs in, also"
          + " after a restart. Idempotent.")
  public Revoked revoke(@PathParam("id") String id) throws IOException {
    if (!RevokedTokens.isTokenId(id)) {
      throw new BadRequestProblem("a token id is the lowercase UUID the token's 'jti' holds");
    }
    Revoked revoked = new Revoked(id, revokedTokens.revoke(id));
    audit(AdminAudit.Action.TOKEN_REVOKED, id, Map.of());
    return revoked;
  }

  private void audit(AdminAudit.Action action, String subject, Map<String, String> facts) {
    Caller who = Caller.of(caller);
    adminAudit.record(who.name(), Roles.inOrder(who.roles()), action, subject, facts);
  }

  /**
   * A machine client to register: its name, its roles (verifier, insurer, auditor) and its TLS
   * client certificate (PEM, from a client CA).
   */
  public record ClientForm(
      @Schema(required = true, minLength = 1, maxLength = 200) String name,
      @Schema(required = true, minItems = 1, description = "each one of verifier, insurer, auditor") List<String> roles,
      @Schema(required = true, minLength = 1, description = "the client's X.509 certificate, PEM") String certificate) {}

  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("/clients")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Register a machine client that signs in by mutual TLS as verifier, insurer or auditor (admin)",
      description = "e.g. an insurer's batch system; acquirers are enrolled identities instead (their certificate is"
          + " registered on the identity, PUT /api/v1/identities/{id}/tls-client-certificate).")
  public Response registerClient(ClientForm form) {
    if (form == null) {
      throw new BadRequestProblem("the body must be JSON with 'name', 'roles' and 'certificate' (PEM)");
    }
    MachineClients.Client client = machineClients.register(form.name(), form.roles(), form.certificate());
    audit(AdminAudit.Action.MACHINE_CLIENT_REGISTERED, client.id(), Map.of("name", client.name(), "roles",
        String.join(",", client.roles()), "certificateSha256", client.certificateSha256()));
    return Response.status(Response.Status.CREATED).entity(client).type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
  @GET
  @Path("/clients")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "The machine clients that sign in by mutual TLS, revoked ones with when (admin, auditor)")
  public List<MachineClients.Client> clients() {
    return machineClients.list();
  }

  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("/clients/{id}/revoke")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Revoke a machine client: its certificate no longer signs in (admin). Idempotent.")
  public MachineClients.Client revokeClient(@PathParam("id") String id) {
    if (!LowercaseUuid.matches(id)) {
      throw new NotFoundException();
    }
    MachineClients.Client client = machineClients.revoke(id).orElseThrow(NotFoundException::new);
    audit(AdminAudit.Action.MACHINE_CLIENT_REVOKED, id, Map.of("name", client.name()));
    return client;
  }

  @Authenticated
  @GET
  @Path("/me")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Who the caller is signed in as")
  public Me me() {
    Caller who = Caller.of(caller);
    return new Me(who.name(), who.roles().stream().sorted().toList(), who.identity().orElse(null));
  }
}
