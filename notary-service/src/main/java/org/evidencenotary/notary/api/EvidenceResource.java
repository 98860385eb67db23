package org.evidencenotary.notary.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.evidencenotary.chaincode.core.CustodyAction;
import org.evidencenotary.format.ProofBundle;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.auth.Caller;
import org.evidencenotary.notary.auth.NotTheSignerException;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.custody.CustodyHistory;
import org.evidencenotary.notary.custody.CustodyService;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceService;
import org.evidencenotary.notary.evidence.EvidenceStatus;
import org.evidencenotary.notary.evidence.IngestResult;
import org.evidencenotary.notary.evidence.Submission;
import org.evidencenotary.notary.proof.ProofService;
import org.evidencenotary.storage.EvidenceStore;

/**
 * Notarize evidence and read back its record, proof, original and chain of custody. Each release
 * of a proof or an original is first recorded on the ledger as a custody event ({@link
 * CustodyService}); when it cannot be, nothing is sent.
 */
@Path("/api/v1/evidence")
public class EvidenceResource {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  @Inject EvidenceService evidence;
  @Inject ProofService proofs;
  @Inject CustodyService custody;
  @Inject EvidenceStore store;
  @Inject NotaryConfig config;
  @Inject PublicAddress address;
  @Inject SecurityIdentity caller;
  @Inject MultipartSettings multipart;

  /**
   * The enrolled identity whose key signs this acquisition: the one the caller's token names, and
   * only that one. A key signs only for the person or device it belongs to, in a request made
   * with that person's or device's own token; an id passed as a parameter proves nothing.
   *
   * @throws NotTheSignerException when {@code requested} is not the identity the token names
   */
  private String signerFor(String requested) {
    String own = Caller.of(caller).identity().orElse(null);
    if (requested == null || requested.isBlank()) {
      return own;
    }
    if (!requested.strip().equals(own)) {
      throw new NotTheSignerException("the request asks for the acquisition to be signed by identity "
          + Ids.printable(requested.strip()) + ", but " + (own == null ? "the caller's token names no enrolled identity"
          : "the caller's token names identity " + own) + "; an acquisition is signed only in a request made with"
          + " the signer's own token.");
    }
    return own;
  }

  /** Metadata part of a multipart upload. */
  public record Metadata(String caseReference, String description, String submitter, String fileName, String signer) {}

  @RolesAllowed(Roles.ACQUIRER)
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Notarize a file sent as multipart/form-data",
      description = "Parts: 'file' (the bytes) and optional 'metadata' (JSON: caseReference, description,"
          + " submitter, fileName, signer). 201 once anchored, 202 while anchoring is pending, 200 when these exact"
          + " bytes were notarized before (the earlier record is returned).")
  public Response ingestMultipart(InputStream body, @HeaderParam("Content-Type") String contentType)
      throws IOException {
    MultipartForm.Shape shape = new MultipartForm.Shape(Set.of("file"), Map.of("metadata", multipart.maxMetadata()),
        Set.of(), evidence.maxSize(), evidence.maxSize() + multipart.allowance());
    try (MultipartForm form = MultipartForm.read(body, contentType, shape, multipart)) {
      MultipartForm.Part file = form.part("file");
      if (file == null) {
        throw new BadRequestProblem("the multipart request needs a 'file' part holding the bytes to notarize");
      }
      Metadata metadata = parseMetadata(form.text("metadata"));
      String fileName = metadata.fileName() != null ? metadata.fileName() : file.fileName();
      Submission submission = new Submission(file.contentType(), fileName, metadata.caseReference(),
          metadata.description(), submitterOr(metadata.submitter()), signerFor(metadata.signer()),
          Caller.of(caller).asSubmitter());
      try (InputStream in = file.open()) {
        return answer(evidence.ingest(in, submission));
      }
    }
  }

  @RolesAllowed(Roles.ACQUIRER)
  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Notarize the request body",
      description = "Any content type (application/dicom, image/png, image/jpeg, application/octet-stream...)."
          + " Optional query parameters carry the metadata. Status codes as for the multipart form.")
  public Response ingest(
      InputStream body,
      @HeaderParam("Content-Type") String contentType,
      @Parameter(description = "file name to record") @QueryParam("fileName") String fileName,
      @Parameter(description = "case or claim reference") @QueryParam("caseReference") String caseReference,
      @Parameter(description = "free-text description") @QueryParam("description") String description,
      @Parameter(description = "who submits (declared)") @QueryParam("submitter") String submitter,
      @Parameter(description = "enrolled identity (id) that signs the acquisition: only the identity the caller's"
          + " token names (that token signs without it too)") @QueryParam("signer") String signer)
      throws IOException {
    Submission submission =
        new Submission(contentType, fileName, caseReference, description, submitterOr(submitter), signerFor(signer),
            Caller.of(caller).asSubmitter());
    return answer(evidence.ingest(body, submission));
  }

  @RolesAllowed({Roles.ACQUIRER, Roles.VERIFIER, Roles.INSURER, Roles.AUDITOR})
  @GET
  @Path("/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "The evidence record with its status (ANCHORED, or PENDING while anchoring)")
  public EvidenceView get(@PathParam("id") String id) {
    return EvidenceView.of(evidence.get(Ids.evidenceId(id)));
  }

  /**
   * A browser opening the record's address, as the QR code of certificates issued before the
   * portal does: sent on to the portal's public page of the same evidence, which needs no token.
   * Callers with a role that may read the record get it as before, whatever they accept; programs
   * asking for JSON without a token get 401 as before.
   */
  @PermitAll
  @GET
  @Path("/{id}")
  @Produces(MediaType.TEXT_HTML)
  @Operation(summary = "For browsers: 303 to the portal's public page of the evidence (/evidence/{id})")
  public Response page(@PathParam("id") String id) {
    if (Caller.of(caller).hasAnyRole(Roles.ACQUIRER, Roles.VERIFIER, Roles.INSURER, Roles.AUDITOR)) {
      return Response.ok(get(id), MediaType.APPLICATION_JSON_TYPE).build();
    }
    // Relative (RFC 9110 allows it): the Host header the request came with is never echoed.
    return Response.status(Response.Status.SEE_OTHER).header("Location", "/evidence/" + Ids.evidenceId(id)).build();
  }

  @RolesAllowed({Roles.ACQUIRER, Roles.VERIFIER, Roles.INSURER})
  @GET
  @Path("/{id}/proof")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "The proof bundle (409 while the evidence is not yet anchored)",
      description = "Carries the chain of custody as the ledger holds it, each event with its block; with each"
          + " event's kept details for callers who may read the custody listing (acquirer, verifier), without"
          + " them for others. Recorded on the ledger as a custody event (PROOF_ISSUED) before it is sent; 503 and"
          + " nothing sent when it cannot be.")
  public ProofBundle proof(
      @PathParam("id") String id,
      @Parameter(description = "why the proof is wanted, kept with its custody event") @QueryParam("purpose")
          String purpose,
      @Context HttpServerRequest request) {
    String evidenceId = Ids.evidenceId(id);
    var details = Reads.details(request, purpose);
    // The details name people: only for those who may read them in the custody listing below.
    boolean mayReadDetails = CUSTODY_READERS.stream().anyMatch(caller::hasRole);
    ProofBundle proof = proofs.proofWithCustody(evidence.get(evidenceId),
        mayReadDetails ? ProofService.CustodyForm.WITH_DETAILS : ProofService.CustodyForm.PUBLIC);
    custody.record(evidenceId, CustodyAction.PROOF_ISSUED, Reads.actor(caller), details);
    return proof;
  }

  /** Who may read custody events' kept details: the roles of {@link #custody}. */
  private static final java.util.List<String> CUSTODY_READERS = java.util.List.of(
      Roles.ACQUIRER, Roles.VERIFIER, Roles.AUDITOR);

  @RolesAllowed({Roles.ACQUIRER, Roles.VERIFIER, Roles.AUDITOR})
  @GET
  @Path("/{id}/custody")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "The chain of custody: the ledger's custody events, oldest first, each with the details"
      + " the service kept for it and whether they still hash to the ledger's detailHash")
  public CustodyHistory custody(@PathParam("id") String id) {
    return custody.list(Ids.evidenceId(id));
  }

  /**
   * A custody event a court or lawyer records about their own handling of an exhibit.
   *
   * @param action VIEWED, DISCLOSED_TO_COURT or DISCLOSED_TO_INSURER
   * @param purpose what for (e.g. "exhibit 7 in case 2026-CV-0042, shown at the hearing"), kept with
   *     the event's details, never on the ledger
   */
  public record CustodyForm(
      @Schema(required = true, enumeration = {"VIEWED", "DISCLOSED_TO_COURT", "DISCLOSED_TO_INSURER"}) String action,
      String purpose) {}

  /** What a verifier may record: their own handling, never a release the service makes. */
  static final java.util.Set<CustodyAction> RECORDABLE_BY_VERIFIERS =
      java.util.EnumSet.of(CustodyAction.VIEWED, CustodyAction.DISCLOSED_TO_COURT, CustodyAction.DISCLOSED_TO_INSURER);

  @RolesAllowed(Roles.VERIFIER)
  @POST
  @Path("/{id}/custody")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Record a custody event of one's own handling (verifier): VIEWED, DISCLOSED_TO_COURT or"
      + " DISCLOSED_TO_INSURER, with a purpose",
      description = "On the ledger like every release (only a hash of the details: who, in which role, when, the"
          + " purpose). 201 with the event; 400 for another action; 409 while the evidence is not anchored; 503"
          + " when the ledger cannot record it.")
  public Response recordCustody(@PathParam("id") String id, CustodyForm form, @Context HttpServerRequest request) {
    String evidenceId = Ids.evidenceId(id);
    CustodyAction action = null;
    if (form != null && form.action() != null) {
      try {
        action = CustodyAction.valueOf(form.action().strip());
      } catch (IllegalArgumentException e) {
        action = null;
      }
    }
    if (action == null || !RECORDABLE_BY_VERIFIERS.contains(action)) {
      throw new BadRequestProblem("'action' must be one of " + RECORDABLE_BY_VERIFIERS
          + "; the releases the service makes (EXPORTED, CERTIFICATE_ISSUED...) are recorded by the service itself");
    }
    if (form.purpose() == null || form.purpose().isBlank()) {
      throw new BadRequestProblem("'purpose' must say what the event was (e.g. the case and the hearing)");
    }
    var details = Reads.details(request, form.purpose());
    var event = custody.record(evidenceId, action, Reads.actor(caller), details);
    return Response.status(Response.Status.CREATED).entity(event).type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  @RolesAllowed({Roles.ACQUIRER, Roles.VERIFIER})
  @GET
  @Path("/{id}/original")
  @Operation(summary = "The stored original, re-checked against its digest before and while it is sent",
      description = "Recorded on the ledger as a custody event (EXPORTED) before it is sent: 409 while the evidence"
          + " is not yet anchored, 503 and nothing sent when the event cannot be recorded.")
  public Response original(
      @PathParam("id") String id,
      @Parameter(description = "why the original is wanted, kept with its custody event") @QueryParam("purpose")
          String purpose,
      @Context HttpServerRequest request) throws IOException {
    String evidenceId = Ids.evidenceId(id);
    var details = Reads.details(request, purpose);
    EvidenceRecord record = evidence.get(evidenceId);
    Sha256 digest = Sha256.fromHex(record.sha256());
    store.verify(digest);
    // Only an original that passed its check is released, and only once its release is on the ledger.
    custody.record(evidenceId, CustodyAction.EXPORTED, Reads.actor(caller), details);
    StreamingOutput stream = out -> {
      try (InputStream in = store.open(digest)) {
        in.transferTo(out);
      }
    };
    String name = record.statement().fileName() != null ? record.statement().fileName() : record.id();
    return Response.ok(stream, record.mediaType())
        .header("Content-Length", record.size())
        .header("Content-Disposition", "attachment; filename=\"" + safeHeaderValue(name) + "\"")
        .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(digest.bytes()) + ":")
        .build();
  }

  private Response answer(IngestResult result) {
    EvidenceRecord record = result.record();
    URI location = address.of("api/v1/evidence/" + record.id());
    Response.Status status = record.status() == EvidenceStatus.PENDING ? Response.Status.ACCEPTED
        : result.created() ? Response.Status.CREATED : Response.Status.OK;
    return Response.status(status)
        .location(location)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(EvidenceView.of(record))
        .build();
  }

  private String submitterOr(String declared) {
    return declared == null || declared.isBlank() ? config.ingest().defaultSubmitter() : declared;
  }

  private static Metadata parseMetadata(String json) {
    if (json == null || json.isBlank()) {
      return new Metadata(null, null, null, null, null);
    }
    try {
      Metadata metadata = JSON.readValue(json, Metadata.class);
      if (metadata == null) {
        throw new BadRequestProblem("the 'metadata' part must be a JSON object");
      }
      return metadata;
    } catch (IOException e) {
      throw new BadRequestProblem("the 'metadata' part is not valid JSON with the fields caseReference,"
          + " description, submitter, fileName");
    }
  }

  /** Keeps a header value to printable ASCII without quotes or backslashes. */
  static String safeHeaderValue(String value) {
    StringBuilder out = new StringBuilder();
    value.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
    return out.toString();
  }
}
