package org.evidencenotary.notary.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.certificate.CertificateService;
import org.evidencenotary.notary.evidence.EvidenceService;

/** The court-ready certificate of one piece of evidence. */
@Path("/api/v1/evidence/{id}/certificate.pdf")
public class CertificateResource {
  @Inject EvidenceService evidence;
  @Inject CertificateService certificates;

  @RolesAllowed({Roles.ACQUIRER, Roles.VERIFIER, Roles.INSURER})
  @GET
  @Produces("application/pdf")
  @Operation(summary = "Signed PDF certificate (PAdES) with the proof bundle attached",
      description = "409 while the evidence is not yet anchored, or when it does not verify at issuance.")
  public Response certificate(@PathParam("id") String id) throws IOException {
    String evidenceId = Ids.evidenceId(id);
    byte[] pdf = certificates.certificateOf(evidence.get(evidenceId));
    return Response.ok(pdf, "application/pdf")
        .header("Content-Disposition", "inline; filename=\"certificate-" + evidenceId + ".pdf\"")
        .build();
  }
}
