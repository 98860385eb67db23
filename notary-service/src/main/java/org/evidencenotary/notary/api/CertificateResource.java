package org.evidencenotary.notary.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.evidencenotary.chaincode.core.CustodyAction;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.certificate.CertificateService;
import org.evidencenotary.notary.custody.CustodyService;
import org.evidencenotary.notary.evidence.EvidenceService;

/**
 * The court-ready certificate of one piece of evidence. Issuing it is a custody event
 * (CERTIFICATE_ISSUED), recorded on the ledger after the PDF is made and before it is sent.
 */
@Path("/api/v1/evidence/{id}/certificate.pdf")
public class CertificateResource {
  @Inject SecurityIdentity caller;
  @Inject EvidenceService evidence;
  @Inject CertificateService certificates;
  @Inject CustodyService custody;

  @RolesAllowed({Roles.ACQUIRER, Roles.VERIFIER, Roles.INSURER})
  @GET
  @Produces("application/pdf")
  @Operation(summary = "Signed PDF certificate (PAdES) with the proof bundle attached",
      description = "409 while the evidence is not yet anchored, or when it does not verify at issuance. Recorded"
          + " on the ledger as a custody event (CERTIFICATE_ISSUED) before it is sent; 503 and nothing sent when it"
          + " cannot be.")
  public Response certificate(
      @PathParam("id") String id,
      @Parameter(description = "why the certificate is wanted, kept with its custody event") @QueryParam("purpose")
          String purpose,
      @Context HttpServerRequest request) throws IOException {
    String evidenceId = Ids.evidenceId(id);
    var details = Reads.details(request, purpose);
    byte[] pdf = certificates.certificateOf(evidence.get(evidenceId));
    custody.record(evidenceId, CustodyAction.CERTIFICATE_ISSUED, Reads.actor(caller), details);
    return Response.ok(pdf, "application/pdf")
        .header("Content-Disposition", "inline; filename=\"certificate-" + evidenceId + ".pdf\"")
        .build();
  }
}
