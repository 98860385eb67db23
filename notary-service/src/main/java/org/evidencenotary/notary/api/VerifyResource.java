package org.evidencenotary.notary.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.format.ProofBundle;
import org.evidencenotary.notary.auth.Caller;
import org.evidencenotary.notary.evidence.EvidenceService;
import org.evidencenotary.notary.verify.Exhibit;
import org.evidencenotary.notary.verify.VerificationReport;
import org.evidencenotary.notary.verify.VerificationService;

/** Verify an exhibit against the record, optionally against a proof bundle. */
@Path("/api/v1/verify")
public class VerifyResource {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  @Inject VerificationService verifier;
  @Inject EvidenceService evidence;
  @Inject SecurityIdentity caller;
  @Inject MultipartSettings multipart;

  private VerificationReport disclosed(VerificationReport report) {
    return report.forCaller(Caller.of(caller));
  }

  @PermitAll
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Verify an exhibit sent as multipart/form-data",
      description = "Parts: 'file' (the exhibit) and optional 'proof' (a proof bundle from"
          + " /api/v1/evidence/{id}/proof). With a proof, an exhibit that differs is MODIFIED.")
  public VerificationReport verifyMultipart(InputStream body, @HeaderParam("Content-Type") String contentType)
      throws IOException {
    MultipartForm.Shape shape = new MultipartForm.Shape(Set.of("file"), Map.of("proof", multipart.maxProof()),
        Set.of(), evidence.maxSize(), evidence.maxSize() + multipart.allowance());
    try (MultipartForm form = MultipartForm.read(body, contentType, shape, multipart)) {
      MultipartForm.Part file = form.part("file");
      if (file == null) {
        throw new BadRequestProblem("the multipart request needs a 'file' part holding the exhibit");
      }
      ProofBundle proof = parseProof(form.text("proof"));
      try (InputStream in = file.open()) {
        return disclosed(verifier.verify(read(in), proof));
      }
    }
  }

  @PermitAll
  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Verify the request body as the exhibit",
      description = "Verdicts: AUTHENTIC, PIXELS_AUTHENTIC_HEADER_CHANGED, MODIFIED, UNVERIFIABLE, UNKNOWN. Open to"
          + " anyone; what a near match reveals depends on the caller's role (docs/privacy.md).")
  public VerificationReport verify(InputStream body) throws IOException {
    return disclosed(verifier.verify(read(body), null));
  }

  private Exhibit read(InputStream in) throws IOException {
    return Exhibit.readNonEmpty(in, evidence.maxSize());
  }

  private static ProofBundle parseProof(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      ProofBundle proof = JSON.readValue(json, ProofBundle.class);
      if (proof == null || !ProofBundle.FORMAT.equals(proof.format())) {
        throw new BadRequestProblem("the 'proof' part is not a proof bundle of format " + ProofBundle.FORMAT);
      }
      return proof;
    } catch (IOException e) {
      throw new BadRequestProblem("the 'proof' part is not valid proof-bundle JSON");
    }
  }
}
