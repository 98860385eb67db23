package org.evidencenotary.notary.portal;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.auth.Caller;
import org.evidencenotary.notary.evidence.EvidenceService;
import org.evidencenotary.notary.proof.ProofService;
import org.evidencenotary.notary.verify.Exhibit;
import org.evidencenotary.notary.verify.VerificationReport;
import org.evidencenotary.notary.verify.VerificationService;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * For the evidence page's "check a file against this evidence" box: verifies the file against
 * this evidence's proof bundle on the server, so the page needs no sign-in and the proof itself is
 * not handed out (handing it out is a custody event). The answer is the verify API's, as the
 * caller may see it. Not part of the API.
 */
@Path("/portal/evidence/{id}/check")
public class EvidenceCheckResource {
  @Inject EvidenceService evidence;
  @Inject ProofService proofs;
  @Inject VerificationService verifier;
  @Inject SecurityIdentity caller;

  @PermitAll
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(hidden = true)
  public VerificationReport check(@PathParam("id") String id, MultipartFormDataInput input) throws IOException {
    FormValue file = input.getValues().getOrDefault("file", List.of()).stream().findFirst().orElse(null);
    if (file == null || !file.isFileItem()) {
      throw new BadRequestException("the form needs a 'file' part holding the file to check");
    }
    var proof = proofs.proofOf(evidence.get(PortalResource.validId(id)));
    try (InputStream in = file.getFileItem().getInputStream()) {
      return verifier.verify(Exhibit.readNonEmpty(in, evidence.maxSize()), proof).forCaller(Caller.of(caller));
    }
  }
}
