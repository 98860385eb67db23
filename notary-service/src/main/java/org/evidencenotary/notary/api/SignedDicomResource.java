package org.evidencenotary.notary.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.evidencenotary.chaincode.core.CustodyAction;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.custody.CustodyService;
import org.evidencenotary.notary.dicomweb.SignedDicomCopies;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceService;

/**
 * {@code GET /api/v1/evidence/{id}/signed.dcm}: a copy of a DICOM original carrying a DICOM digital
 * signature (PS3.15 Annex C) by the device or technologist who signed the acquisition, for
 * forwarding to a PACS or for checking with {@code dcmsign --verify +cf roots.pem}. The notarized
 * original in the store is only read. Sending the copy is a custody event (SIGNED_COPY_EXPORTED),
 * recorded on the ledger after the copy is made and before it is sent.
 */
@Path("/api/v1/evidence/{id}/signed.dcm")
public class SignedDicomResource {
  @Inject SecurityIdentity caller;
  @Inject EvidenceService evidence;
  @Inject SignedDicomCopies copies;
  @Inject CustodyService custody;

  @RolesAllowed({Roles.ACQUIRER, Roles.VERIFIER})
  @GET
  @Operation(summary = "A copy of the DICOM original with a DICOM digital signature (Digital Signatures Sequence,"
      + " PS3.15 Creator profile for a device, Authorization profile for a technologist) by the acquisition's"
      + " signer; check it with: dcmsign --verify +cf roots.pem signed.dcm. 409 when the evidence is not DICOM,"
      + " has no acquisition signer, its signer was revoked, or its encoding cannot be signed; 409 while the"
      + " evidence is not yet anchored. Recorded on the ledger as a custody event (SIGNED_COPY_EXPORTED) before it"
      + " is sent; 503 and nothing sent when it cannot be")
  public Response signed(
      @PathParam("id") String id,
      @Parameter(description = "why the copy is wanted, kept with its custody event") @QueryParam("purpose")
          String purpose,
      @Context HttpServerRequest request) throws IOException {
    var details = Reads.details(request, purpose);
    EvidenceRecord record = evidence.get(Ids.evidenceId(id));
    // Before signing: a copy that could not be released is not worth making.
    custody.requireRecordable(record);
    SignedDicomCopies.SignedCopy copy = copies.sign(record);
    try {
      custody.record(record.id(), CustodyAction.SIGNED_COPY_EXPORTED, Reads.actor(caller), details);
    } catch (RuntimeException e) {
      Files.deleteIfExists(copy.file());
      throw e;
    }
    long size = Files.size(copy.file());
    StreamingOutput body = out -> {
      try (InputStream in = Files.newInputStream(copy.file())) {
        in.transferTo(out);
      } finally {
        Files.deleteIfExists(copy.file());
      }
    };
    return Response.ok(body, "application/dicom")
        .header("Content-Length", size)
        .header("Content-Disposition", "attachment; filename=\"" + record.id() + "-signed.dcm\"")
        .header("Digital-Signature-UID", copy.signature().uid())
        .build();
  }
}
