package org.evidencenotary.notary.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import org.evidencenotary.chaincode.core.RuleException;
import org.evidencenotary.notary.admin.AuditNotRecordedException;
import org.evidencenotary.notary.auth.NotTheSignerException;
import org.evidencenotary.notary.certificate.CertificateRefusedException;
import org.evidencenotary.notary.config.TransferDeadline;
import org.evidencenotary.notary.custody.CustodyNotRecordedException;
import org.evidencenotary.notary.dicom.MalformedDicomException;
import org.evidencenotary.notary.dicomweb.DicomSignatureRefusedException;
import org.evidencenotary.notary.evidence.EmptyEvidenceException;
import org.evidencenotary.notary.evidence.EvidenceNotFoundException;
import org.evidencenotary.notary.evidence.NotYetAnchoredException;
import org.evidencenotary.notary.identity.IdentityNotFoundException;
import org.evidencenotary.notary.identity.InvalidSubmissionException;
import org.evidencenotary.notary.ledger.LedgerUnavailableException;
import org.evidencenotary.notary.ledger.LedgerVerificationException;
import org.evidencenotary.notary.pki.SigningException;
import org.evidencenotary.notary.series.SeriesKosInPartsException;
import org.evidencenotary.notary.series.SeriesKosRefusedException;
import org.evidencenotary.notary.timestamping.TimestampUnavailableException;
import org.evidencenotary.notary.verify.BatchRefusedException;
import org.evidencenotary.storage.ObjectNotFoundException;
import org.evidencenotary.storage.SizeLimitExceededException;
import org.evidencenotary.storage.StorageException;
import org.evidencenotary.storage.StorageIntegrityException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place that turns failures into RFC 9457 problems: every exception a resource throws
 * maps here to a fixed status and a stable type, and the filters that answer before a resource
 * runs ({@link DefaultContentTypeFilter}, {@link UploadLimitFilter}) take
 * their answer from the static factories below. Internal details (class names, stack traces,
 * file paths) stay in the log.
 */
public class ProblemMapper {
  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  @Inject CurrentVertxRequest vertxRequest;

  /** The realm every bearer challenge names. */
  static final String REALM = "Bearer realm=\"evidence-notary\"";

  @ServerExceptionMapper
  public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
    return unauthorized("this call needs a sign-in: send 'Authorization: Bearer <token>' (./notary token issues"
        + " one; an administrator may use the admin token). Nothing was changed.", REALM, path(uri));
  }

  @ServerExceptionMapper
  public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
    LOG.warnf("sign-in refused for %s: %s", path(uri), e.getMessage());
    return unauthorized("the bearer token is not valid here (wrong signature or issuer, expired, or malformed)."
        + " Nothing was changed.", REALM + ", error=\"invalid_token\"", path(uri));
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    return respond(Problem.of("forbidden", "Not allowed for this role", 403,
        "the signed-in caller's role may not make this call (docs/security.md lists who may). Nothing was changed.",
        path(uri)));
  }

  @ServerExceptionMapper
  public Response notTheSigner(NotTheSignerException e, UriInfo uri) {
    return respond(Problem.of("not-the-signer", "Not signed in as the signer", 403, e.getMessage()
        + " Nothing was kept.", path(uri)));
  }

  @ServerExceptionMapper
  public Response empty(EmptyEvidenceException e, UriInfo uri) {
    return respond(Problem.of("empty-body", "Nothing to process", 400, e.getMessage(), path(uri)));
  }

  @ServerExceptionMapper
  public Response badRequest(BadRequestProblem e, UriInfo uri) {
    return respond(Problem.of("bad-request", "Malformed request", 400, e.getMessage(), path(uri)));
  }

  @ServerExceptionMapper
  public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
    // Jackson's message names Java types; say what is wrong in the request's own terms.
    String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
    return respond(Problem.of("bad-request", "Malformed request", 400, field == null
        ? "the JSON body does not have the expected shape"
        : "the JSON field '" + field + "' has a value that is not allowed", path(uri)));
  }

  @ServerExceptionMapper
  public Response invalid(InvalidSubmissionException e, UriInfo uri) {
    return respond(Problem.of("invalid-metadata", "Invalid metadata", 400, e.getMessage(), path(uri)));
  }

  @ServerExceptionMapper
  public Response malformedDicom(MalformedDicomException e, UriInfo uri) {
    // Malformed DICOM is the client's to fix.
    return respond(Problem.of("malformed-dicom", "Malformed DICOM", 400, e.getMessage() + " Nothing was kept.",
        path(uri)));
  }

  @ServerExceptionMapper
  public Response unsupportedMediaType(UnsupportedMediaTypeProblem e, UriInfo uri) {
    return respond(Problem.of("unsupported-media-type", "Unsupported Media Type", 415, e.getMessage(), path(uri)));
  }

  @ServerExceptionMapper
  public Response tsaNotOffered(TsaNotOfferedProblem e, UriInfo uri) {
    return respond(Problem.of("tsa-not-offered", "No built-in TSA", 404, e.getMessage(), path(uri)));
  }

  @ServerExceptionMapper
  public Response tooLarge(SizeLimitExceededException e, UriInfo uri) {
    return refuseBody(Problem.of("too-large", "Upload too large", 413,
        "the upload exceeds the limit of " + e.limit() + " bytes; nothing was kept", path(uri)));
  }

  /** A batch check refused as a whole; each reason has its status and type, and nothing was kept. */
  @ServerExceptionMapper
  public Response batchRefused(BatchRefusedException e, UriInfo uri) {
    Problem problem = switch (e.reason()) {
      case UPLOAD_TOO_LARGE -> Problem.of("too-large", "Upload too large", 413, e.getMessage(), path(uri));
      case TOO_MANY_FILES -> Problem.of("too-many-files", "Too many files", 413, e.getMessage(), path(uri));
      case FILE_TOO_LARGE -> Problem.of("file-too-large", "A file is too large", 413, e.getMessage(), path(uri));
      case TOTAL_TOO_LARGE -> Problem.of("batch-too-large", "The files are too large together", 413,
          e.getMessage(), path(uri));
      case COMPRESSION_RATIO -> Problem.of("compression-ratio", "A file expands too much", 413, e.getMessage(),
          path(uri));
      case UNSAFE_NAME -> Problem.of("unsafe-file-name", "Unsafe file name", 400, e.getMessage(), path(uri));
      case MALFORMED_ZIP -> Problem.of("malformed-zip", "Unreadable zip", 400, e.getMessage(), path(uri));
    };
    return respond(problem);
  }

  @ServerExceptionMapper
  public Response malformedMultipart(MultipartReader.MalformedMultipartException e, UriInfo uri) {
    return refuseBody(Problem.of("malformed-multipart", "Malformed multipart body", 400,
        "the body is not well-formed multipart: " + e.getMessage() + "; nothing was kept", path(uri)));
  }

  /** A multipart body over one of the limits of {@code notary.multipart.*}: refused whole, nothing kept. */
  @ServerExceptionMapper
  public Response multipartLimit(MultipartReader.MultipartLimitException e, UriInfo uri) {
    Problem problem = switch (e.kind()) {
      case PARTS -> Problem.of("too-many-parts", "Too many parts", 413, e.getMessage() + "; nothing was kept",
          path(uri));
      case PART_HEADER -> Problem.of("part-header-too-large", "A part's header is too large", 413,
          e.getMessage() + "; nothing was kept", path(uri));
      case PART_SIZE -> Problem.of("part-too-large", "A part is too large", 413,
          e.getMessage() + "; nothing was kept", path(uri));
    };
    return refuseBody(problem);
  }

  /**
   * Reading the request failed. A read that timed out (the HTTP layer's read timeout, or a
   * deadline that cut the read short) is the client's: 408. A client that went away before its
   * body was complete gets 400 (it will not read it; the log keeps one line, no stack trace). Any
   * other I/O failure is ours: 500.
   */
  @ServerExceptionMapper
  public Response io(java.io.IOException e, UriInfo uri) {
    if (RequestReadFailure.timedOut(e)) {
      LOG.infof("request body read timed out for %s", path(uri));
      return refuseBody(Problem.of("request-timeout", "Request Timeout", 408,
          "the request body did not arrive in time; nothing was kept. Send it again.", path(uri)));
    }
    if (RequestReadFailure.clientWentAway(e)) {
      LOG.infof("request body cut off for %s: the client closed the connection", path(uri));
      return refuseBody(Problem.of("incomplete-body", "Incomplete request body", 400,
          "the connection closed before the request body was complete; nothing was kept", path(uri)));
    }
    return any(e, uri);
  }

  @ServerExceptionMapper
  public Response notFound(EvidenceNotFoundException e, UriInfo uri) {
    return respond(Problem.of("evidence-not-found", "Evidence not found", 404,
        "no evidence with this id", path(uri)));
  }

  @ServerExceptionMapper
  public Response identityNotFound(IdentityNotFoundException e, UriInfo uri) {
    return respond(Problem.of("identity-not-found", "Identity not found", 404, "no signer identity with this id",
        path(uri)));
  }

  @ServerExceptionMapper
  public Response notAnchored(NotYetAnchoredException e, UriInfo uri) {
    return respond(Problem.of("not-yet-anchored", "Not yet anchored", 409, e.getMessage(), path(uri))
        .withEvidence(e.evidenceId(), null));
  }

  @ServerExceptionMapper
  public Response certificateRefused(CertificateRefusedException e, UriInfo uri) {
    return respond(Problem.of("certificate-refused", "No certificate issued", 409, e.getMessage(), path(uri))
        .withEvidence(e.evidenceId(), null));
  }

  @ServerExceptionMapper
  public Response seriesKosRefused(SeriesKosRefusedException e, UriInfo uri) {
    return respond(Problem.of(e.kind(), "No Key Object Selection Document", 409, e.getMessage(), path(uri)));
  }

  /** A document in parts has no single file: the answer says how many parts and where their list is. */
  @ServerExceptionMapper
  public Response seriesKosInParts(SeriesKosInPartsException e, UriInfo uri) {
    String index = "/api/v1/series/" + e.merkleRoot() + "/kos";
    return respond(Problem.of("series-kos-in-parts", "Key Object Selection Document in parts", 409,
        e.getMessage() + ". Their list is at " + index + ", and each part at " + index + "/{n}.dcm for n from 1 to "
            + e.parts() + ".", path(uri)).withParts(e.parts(), index));
  }

  @ServerExceptionMapper
  public Response dicomSignatureRefused(DicomSignatureRefusedException e, UriInfo uri) {
    return respond(Problem.of(e.kind(), "No DICOM-signed copy", 409, e.getMessage(), path(uri))
        .withEvidence(e.evidenceId(), null));
  }

  @ServerExceptionMapper
  public Response integrity(StorageIntegrityException e, UriInfo uri) {
    LOG.errorf("STORAGE INTEGRITY INCIDENT: %s", e.getMessage());
    return respond(Problem.of("storage-integrity", "Stored original failed its integrity check", 500,
        "the stored bytes no longer match the notarized SHA-256; they are not served."
            + " This is a storage integrity incident and has been logged.", path(uri))
        .withEvidence(null, e.digest().hex()));
  }

  @ServerExceptionMapper
  public Response missingObject(ObjectNotFoundException e, UriInfo uri) {
    LOG.errorf("STORAGE INTEGRITY INCIDENT: %s", e.getMessage());
    return respond(Problem.of("storage-missing", "Stored original is missing", 500,
        "the original for this evidence is not in the store. This is a storage integrity incident and has"
            + " been logged.", path(uri)).withEvidence(null, e.digest().hex()));
  }

  @ServerExceptionMapper
  public Response storage(StorageException e, UriInfo uri) {
    if (bodyTimedOut()) {
      return answeredAlready(e);
    }
    LOG.errorf(e, "storage failure");
    return respond(Problem.of("storage-unavailable", "Storage unavailable", 503,
        "the object store could not complete the operation; nothing was kept. Retry later.", path(uri)));
  }

  @ServerExceptionMapper
  public Response ledgerUnavailable(LedgerUnavailableException e, UriInfo uri) {
    LOG.errorf("ledger unavailable: %s", e.getMessage());
    return respond(Problem.of("ledger-unavailable", "Ledger unavailable", 503,
        "the ledger could not be reached. Retry later.", path(uri)));
  }

  /** Fail closed: an administrative action whose audit entry was not written is not answered. */
  @ServerExceptionMapper
  public Response auditNotRecorded(AuditNotRecordedException e, UriInfo uri) {
    LOG.errorf("admin audit entry not written, action not answered: %s", e.getMessage());
    return respond(Problem.of("audit-not-recorded", "Audit entry not recorded", 503,
        "every administrative action is written to the audit record before it is answered, and this one could"
            + " not be; its result was not sent. Retry later.", path(uri)));
  }

  /** Fail closed: a read whose custody event is not on the ledger sends nothing. */
  @ServerExceptionMapper
  public Response custodyNotRecorded(CustodyNotRecordedException e, UriInfo uri) {
    LOG.errorf("custody not recorded, nothing released: %s", e.getMessage());
    return respond(Problem.of("custody-not-recorded", "Custody event not recorded", 503,
        "this read must be recorded on the ledger as a custody event before anything is sent, and it could not"
            + " be; nothing was sent. Retry later.", path(uri))
        .withEvidence(e.evidenceId(), null));
  }

  @ServerExceptionMapper
  public Response ledgerBroken(LedgerVerificationException e, UriInfo uri) {
    LOG.errorf("LEDGER INTEGRITY INCIDENT: %s", e.getMessage());
    return respond(Problem.of("ledger-integrity", "Ledger failed its integrity check", 500,
        "the ledger entry for this evidence failed its check; see the service log.", path(uri)));
  }

  @ServerExceptionMapper
  public Response rule(RuleException e, UriInfo uri) {
    return respond(Problem.of("ledger-rule-" + e.code().name().toLowerCase(Locale.ROOT),
        "Refused by the ledger rules", 422, e.getMessage(), path(uri)));
  }

  @ServerExceptionMapper
  public Response signing(SigningException e, UriInfo uri) {
    LOG.errorf(e, "signing failure");
    return respond(Problem.of("signing-failed", "Could not sign", 500,
        "the notary could not sign the evidence statement; nothing was kept.", path(uri)));
  }

  @ServerExceptionMapper
  public Response timestampUnavailable(TimestampUnavailableException e, UriInfo uri) {
    LOG.errorf("time-stamping authority unavailable: %s", e.getMessage());
    return respond(Problem.of("tsa-unavailable", "Time-stamping authority unavailable", 503,
        "the time-stamping authority gave no valid time-stamp (" + e.getMessage() + "); nothing was kept."
            + " Retry later.", path(uri)));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    int status = e.getResponse().getStatus();
    String title = Response.Status.fromStatusCode(status) != null
        ? Response.Status.fromStatusCode(status).getReasonPhrase() : "HTTP " + status;
    String kind = switch (status) {
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 406 -> "not-acceptable";
      case 408 -> "request-timeout";
      case 413 -> "too-large";
      case 415 -> "unsupported-media-type";
      default -> status >= 500 ? "internal" : "bad-request";
    };
    if (status >= 500) {
      LOG.error("request failed", e);
    }
    Response problem = respond(Problem.of(kind, title, status,
        status >= 500 ? "the request failed; see the service log" : title, path(uri)));
    // RFC 9110 15.5.6: a 405 names the methods the resource has.
    String allow = e.getResponse().getHeaderString("Allow");
    if (allow == null && status == 405) {
      String path = uri.getPath();
      allow = AllowedMethods.of(path.startsWith("/") ? path : "/" + path);
    }
    return allow == null ? problem : Response.fromResponse(problem).header("Allow", allow).build();
  }

  @ServerExceptionMapper(priority = Priorities.USER + 1000)
  public Response any(Throwable e, UriInfo uri) {
    if (bodyTimedOut()) {
      return answeredAlready(e);
    }
    LOG.error("unexpected failure", e);
    return respond(Problem.of("internal", "Internal error", 500,
        "the request failed and nothing was kept; the incident is in the service log", path(uri)));
  }

  /**
   * Whether this request's body missed its deadline: {@link RequestBodyDeadline} has answered it
   * 408 {@code request-timeout} and closed the connection, and what the resource throws now is
   * only the end of its read.
   */
  private boolean bodyTimedOut() {
    RoutingContext ctx = vertxRequest.getCurrent();
    return ctx != null && ctx.get(RequestBodyDeadline.TIMED_OUT) != null;
  }

  /** The resource's failure after a 408 was sent: nothing more to write (an empty response writes nothing). */
  private static Response answeredAlready(Throwable e) {
    LOG.debugf("request ended after its body timed out: %s", e.getMessage());
    return Response.status(408).build();
  }

  /**
   * For {@link DefaultContentTypeFilter}: 400 {@code bad-request} for a Content-Type header that is
   * not a media type.
   */
  static Response contentTypeNotAMediaType(String instance) {
    return respond(Problem.of("bad-request", "Malformed request", 400,
        "the Content-Type header is not a media type (type/subtype)", instance));
  }

  /**
   * 401 {@code unauthorized} with the given {@code WWW-Authenticate} challenge (RFC 6750);
   * {@code detail} says what was missing or wrong.
   */
  private static Response unauthorized(String detail, String challenge, String instance) {
    Problem problem = Problem.of("unauthorized", "Sign-in required", 401, detail, instance);
    return Response.status(401)
        .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
        .type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  /**
   * For {@link UploadLimitFilter}, which answers on the Vert.x router before JAX-RS runs: the
   * problem+json body of a 413 {@code too-large} for an upload that declares more bytes than allowed.
   */
  static String declaredTooLarge(long declared, long limit, String instance) {
    Problem problem = Problem.of("too-large", "Upload too large", 413,
        "the upload declares " + declared + " bytes; the limit is " + limit + " bytes; nothing was kept", instance);
    try {
      return JSON.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      return "{\"status\":413}";
    }
  }

  /**
   * For {@link RequestBodyDeadline}, which answers on the Vert.x router while the body is still
   * arriving: the problem+json body of a 408 {@code request-timeout} for a body too slow to arrive.
   */
  static String bodyTooSlow(long received, long seconds, TransferDeadline deadline, String instance) {
    Problem problem = bodyTooSlowProblem("the request body was still incomplete after " + seconds + " s ("
        + received + " bytes received); a body must arrive within " + deadline.describe() + ". Nothing was"
        + " kept; send it again over a faster connection", instance);
    try {
      return JSON.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      return "{\"status\":408}";
    }
  }

  /**
   * For {@link UploadSlots}: the problem+json body of a 503 {@code too-many-uploads} for a request
   * whose body would exceed the uploads received at once.
   */
  static String tooManyUploads(int max, String instance) {
    Problem problem = Problem.of("too-many-uploads", "Too many uploads at once", 503, "the notary is receiving "
        + max + " request bodies already, the most it takes at once; nothing was read or kept. Send it again after"
        + " the Retry-After time", instance);
    try {
      return JSON.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      return "{\"status\":503}";
    }
  }

  private static Problem bodyTooSlowProblem(String detail, String instance) {
    return Problem.of("request-timeout", "Request body too slow", 408, detail, instance);
  }

  private static String path(UriInfo uri) {
    return uri == null ? null : uri.getPath();
  }

  /**
   * A problem with a request body that was not read to its end: the connection is closed after the
   * answer, so the rest of the body is neither read nor kept.
   */
  private static Response refuseBody(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).header("Connection", "close").entity(problem)
        .build();
  }

  private static Response respond(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }
}
