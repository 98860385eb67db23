package org.evidencenotary.notary.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.auth.Caller;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.verify.BatchCheck;
import org.evidencenotary.notary.verify.BatchReport;
import org.evidencenotary.notary.verify.VerificationService;

/**
 * The batch check: many exhibits in one request (an insurer's claim images), each verified as
 * {@code POST /api/v1/verify} verifies one without a proof and answered as the caller may see it;
 * JSON, or CSV with {@code Accept: text/csv}. Signed-in callers only: a batch costs the service far
 * more than one file, and its answers are disclosed by role (docs/privacy.md). Limits:
 * {@code notary.verify.batch.*}; crossing one refuses the whole batch and keeps nothing.
 */
@Path("/api/v1/verify/batch")
@RolesAllowed({Roles.ACQUIRER, Roles.VERIFIER, Roles.INSURER})
@Produces({MediaType.APPLICATION_JSON, BatchCsv.MEDIA_TYPE})
public class BatchVerifyResource {
  private static final String ZIP = "application/zip";

  @Inject VerificationService verifier;
  @Inject BatchLimitsSettings settings;
  @Inject SecurityIdentity caller;
  @Inject MultipartSettings multipart;

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(summary = "Verify many exhibits sent as multipart/form-data",
      description = "One 'file' part per exhibit; a part that is a zip (application/zip or a .zip name) is"
          + " expanded, a zip inside it is not. Answers one row per file and the totals per verdict; with"
          + " Accept: text/csv the rows as CSV. Roles acquirer, verifier, insurer.")
  public Response verifyMultipart(InputStream body, @HeaderParam("Content-Type") String contentType,
      HttpHeaders headers) throws IOException {
    long maxUpload = settings.limits().maxUpload();
    MultipartForm.Shape shape = new MultipartForm.Shape(Set.of("file"), Map.of(), Set.of("file"), maxUpload,
        maxUpload);
    try (MultipartForm form = MultipartForm.read(body, contentType, shape, multipart)) {
      List<MultipartForm.Part> parts = form.parts("file");
      if (parts.isEmpty()) {
        throw new BadRequestProblem("the multipart request needs one 'file' part per exhibit");
      }
      BatchCheck batch = verifier.batch(settings.limits(), Caller.of(caller));
      long sent = 0;
      for (MultipartForm.Part part : parts) {
        sent += part.size();
      }
      batch.checkUploadSize(sent);
      for (MultipartForm.Part part : parts) {
        try (InputStream in = part.open()) {
          if (isZip(part)) {
            batch.zip(part.fileName(), in, false);
          } else {
            batch.file(part.fileName(), in);
          }
        }
      }
      return answer(batch.report(), headers);
    }
  }

  @POST
  @Consumes({ZIP, "application/x-zip-compressed"})
  @Operation(summary = "Verify every file in a zip sent as the request body",
      description = "Each file in the zip is verified; a zip inside it is checked as a file, not opened."
          + " Roles acquirer, verifier, insurer.")
  public Response verifyZip(InputStream body, HttpHeaders headers) throws IOException {
    BatchCheck batch = verifier.batch(settings.limits(), Caller.of(caller));
    batch.zip(null, body, true);
    return answer(batch.report(), headers);
  }

  private static boolean isZip(MultipartForm.Part part) {
    String type = part.contentType();
    String name = part.fileName();
    return type != null && (type.toLowerCase(Locale.ROOT).startsWith(ZIP)
        || type.toLowerCase(Locale.ROOT).startsWith("application/x-zip-compressed"))
        || name != null && name.toLowerCase(Locale.ROOT).endsWith(".zip");
  }

  /** JSON unless the caller prefers CSV (the first acceptable type that is either decides). */
  private static Response answer(BatchReport report, HttpHeaders headers) {
    for (MediaType wanted : headers.getAcceptableMediaTypes()) {
      if (wanted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
        break;
      }
      if (wanted.isCompatible(MediaType.valueOf(BatchCsv.MEDIA_TYPE))) {
        return Response.ok(BatchCsv.of(report), BatchCsv.MEDIA_TYPE + ";charset=UTF-8;header=present")
            .header("Content-Disposition", "attachment; filename=\"verification.csv\"").build();
      }
    }
    return Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
  }
}
