package org.evidencenotary.notary.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.cert.CRLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
  @Inject PublicAddress address;

  /**
   * Enrolment request; {@code keyStorage} defaults to PKCS12, {@code keyAlgorithm} to EC; {@code
   * tlsClientCertificate} (PEM, optional) registers the device's TLS client certificate at once.
   */
  public record Enrolment(
      @Schema(required = true) SignerIdentity.Kind kind,
      @Schema(required = true, minLength = 1, maxLength = 200) String name,
      String aeTitle, SignerIdentity.KeyStorage keyStorage,
      SignerIdentity.KeyAlgorithm keyAlgorithm, String tlsClientCertificate) {}

  /** A request for a TLS client certificate from the hospital CA: a PKCS#10 request (PEM), or none. */
  public record TlsClientRequest(String csr) {}

  /**
   * A TLS client certificate the hospital CA issued and registered: the certificate, the CA chain
   * to trust, and the private key only when the notary made it (shown this once, never kept).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TlsClientCredential(SignerIdentity identity, String certificate, String privateKey,
      String caCertificates) {}

  /** Revocation request. */
  public record Revocation(String reason) {}

  @RolesAllowed(Roles.ADMIN)
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Enrol a technologist or device: new key (EC P-256, or RSA 3072 with keyAlgorithm RSA), certificate from the hospital CA (admin: bearer token)")
  public Response enrol(Enrolment request) {
    if (request == null) {
      throw new BadRequestProblem("send a JSON object with kind (TECHNOLOGIST or DEVICE), name and, for devices, aeTitle");
    }
    SignerIdentity identity = registry.enrol(request.kind(), request.name(), request.aeTitle(), request.keyStorage(),
        request.keyAlgorithm(), request.tlsClientCertificate());
    audit(AdminAudit.Action.IDENTITY_ENROLLED, identity);
    return Response.created(address.of("api/v1/identities/" + identity.id()))
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
    facts.put("tlsClientCertificateSha256", identity.tlsClientCertificateSha256());
    adminAudit.record(who.name(), Roles.inOrder(who.roles()), action, identity.id(), facts);
  }

  @RolesAllowed(Roles.ADMIN)
  @PUT
  @Path("/{id}/tls-client-certificate")
  @Consumes({"application/x-pem-file", "application/pem-certificate-chain", MediaType.TEXT_PLAIN})
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Register the identity's TLS client certificate (PEM, from a trusted client CA); a device"
      + " signs C-STOREs only over TLS with it (admin: bearer token)")
  public SignerIdentity registerTlsClientCertificate(@PathParam("id") String id, String pem) {
    if (pem == null || pem.isBlank()) {
      throw new BadRequestProblem("send the device's TLS client certificate as PEM (-----BEGIN CERTIFICATE-----)");
    }
    SignerIdentity registered = registry.registerTlsClientCertificate(checked(id), pem);
    audit(AdminAudit.Action.TLS_CLIENT_CERTIFICATE_REGISTERED, registered);
    return registered;
  }

  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("/{id}/tls-client-certificate")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Have the hospital CA issue and register a TLS client certificate for the identity: for a"
      + " PKCS#10 request (csr), or with a new key returned once (admin: bearer token)")
  public Response issueTlsClientCertificate(@PathParam("id") String id, TlsClientRequest request) {
    IdentityRegistry.TlsClientCredential issued =
        registry.issueTlsClientCertificate(checked(id), request == null ? null : request.csr());
    audit(AdminAudit.Action.TLS_CLIENT_CERTIFICATE_REGISTERED, issued.identity());
    StringBuilder cas = new StringBuilder();
    issued.caChain().forEach(c -> cas.append(pem(c)));
    TlsClientCredential body = new TlsClientCredential(issued.identity(), pem(issued.certificate()),
        issued.key() == null ? null : pkcs8(issued.key()), cas.toString());
    // The private key is in this answer only: no cache may keep it.
    return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
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

  /** An unencrypted PKCS#8 PEM private key ({@code BEGIN PRIVATE KEY}), as OpenSSL and DCMTK read it. */
  private static String pkcs8(java.security.PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
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
