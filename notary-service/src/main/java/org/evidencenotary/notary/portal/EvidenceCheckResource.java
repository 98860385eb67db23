package org.evidencenotary.notary.portal;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.api.MultipartForm;
import org.evidencenotary.notary.api.MultipartSettings;
import org.evidencenotary.notary.auth.Caller;
import org.evidencenotary.notary.evidence.EvidenceService;
import org.evidencenotary.notary.proof.ProofService;
import org.evidencenotary.notary.verify.Exhibit;
import org.evidencenotary.notary.verify.VerificationReport;
import org.evidencenotary.notary.verify.VerificationService;

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
  @Inject MultipartSettings multipart;

  @PermitAll
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(hidden = true)
  public VerificationReport check(@PathParam("id") String id, InputStream body,
      @HeaderParam("Content-Type") String contentType) throws IOException {
    var record = evidence.get(PortalResource.validId(id));
    MultipartForm.Shape shape = new MultipartForm.Shape(Set.of("file"), Map.of(), Set.of(), evidence.maxSize(),
        evidence.maxSize() + multipart.allowance());
    try (MultipartForm form = MultipartForm.read(body, contentType, shape, multipart)) {
      MultipartForm.Part file = form.part("file");
      if (file == null) {
        throw new BadRequestException("the form needs a 'file' part holding the file to check");
      }
      var proof = proofs.proofOf(record);
      try (InputStream in = file.open()) {
        return verifier.verify(Exhibit.readNonEmpty(in, evidence.maxSize()), proof).forCaller(Caller.of(caller));
      }
    }
  }
}
