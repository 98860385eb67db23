package org.evidencenotary.notary.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.cert.CRLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.admin.AdminAudit;
import org.evidencenotary.notary.auth.Caller;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.identity.IdentityNotFoundException;
import org.evidencenotary.notary.identity.IdentityRegistry;
import org.evidencenotary.notary.identity.SignerIdentity;

/**
 * Admin API of the hospital CA: enrol, list and revoke technologists and devices; the CRL.
 * Enrolling and revoking need the admin role, listing and reading identities the admin or auditor
 * role (ids are what a signer's token names); a certificate and the CRL are public, as anyone
 * checking an acquisition signature needs them.
 */
@Path("/api/v1/identities")
public class IdentityResource {
  @Inject IdentityRegistry registry;
  @Inject AdminAudit adminAudit;
  @Inject SecurityIdentity caller;

  /** Enrolment request; {@code keyStorage} defaults to PKCS12, {@code keyAlgorithm} to EC. */
  public record Enrolment(SignerIdentity.Kind kind, String name, String aeTitle, SignerIdentity.KeyStorage keyStorage,
      SignerIdentity.KeyAlgorithm keyAlgorithm) {}

  /** Revocation request. */
  public record Revocation(String reason) {}

  @RolesAllowed(Roles.ADMIN)
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Enrol a technologist or device: new key (EC P-256, or RSA 3072 with keyAlgorithm RSA), certificate from the hospital CA (admin: bearer token)")
  public Response enrol(Enrolment request, @Context UriInfo uri) {
    if (request == null) {
      throw new BadRequestProblem("send a JSON object with kind (TECHNOLOGIST or DEVICE), name and, for devices, aeTitle");
    }
    SignerIdentity identity = registry.enrol(request.kind(), request.name(), request.aeTitle(), request.keyStorage(),
        request.keyAlgorithm());
    audit(AdminAudit.Action.IDENTITY_ENROLLED, identity);
    return Response.created(uri.getBaseUriBuilder().path("api/v1/identities").path(identity.id()).build())
        .entity(identity).type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "All enrolled identities")
  public List<SignerIdentity> list() {
    return registry.list();
  }

  @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
  @GET
  @Path("/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public SignerIdentity get(@PathParam("id") String id) {
    return registry.get(checked(id));
  }

  @PermitAll
  @GET
  @Path("/{id}/certificate.pem")
  @Produces("application/x-pem-file")
  @Operation(summary = "The identity's certificate (PEM)")
  public String certificate(@PathParam("id") String id) {
    return pem(registry.certificate(checked(id)));
  }

  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("/{id}/revoke")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Revoke an identity; evidence it signed before stays valid (admin: bearer token)")
  public SignerIdentity revoke(@PathParam("id") String id, Revocation request) {
    SignerIdentity revoked = registry.revoke(checked(id), request == null ? null : request.reason());
    audit(AdminAudit.Action.IDENTITY_REVOKED, revoked);
    return revoked;
  }

  /** The admin audit entry of an enrolment or a revocation; the answer waits for it (503 otherwise). */
  private void audit(AdminAudit.Action action, SignerIdentity identity) {
    Caller who = Caller.of(caller);
    Map<String, String> facts = new TreeMap<>();
    facts.put("kind", identity.kind().name());
    facts.put("name", identity.name());
    facts.put("aeTitle", identity.aeTitle());
    facts.put("certificateSha256", identity.certificateSha256());
    facts.put("reason", identity.revocationReason());
    adminAudit.record(who.name(), Roles.inOrder(who.roles()), action, identity.id(), facts);
  }

  @PermitAll
  @GET
  @Path("/crl")
  @Produces("application/pkix-crl")
  @Operation(summary = "The hospital CA's certificate revocation list (DER), at a stable URL")
  public byte[] crl() throws CRLException {
    return registry.crl().getEncoded();
  }

  private static String checked(String id) {
    try {
      return Ids.evidenceId(id);
    } catch (RuntimeException e) {
      throw new IdentityNotFoundException(id.length() > 64 ? id.substring(0, 64) : id);
    }
  }

  private static String pem(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
