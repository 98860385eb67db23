package org.evidencenotary.notary.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.auth.Caller;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.dicomweb.StowFailure;
import org.evidencenotary.notary.dicomweb.StowOutcome;
import org.evidencenotary.notary.dicomweb.StowService;
import org.evidencenotary.notary.evidence.DicomService;
import org.jboss.logging.Logger;

/**
 * DICOMweb Store Instances (STOW-RS, PS3.18 10.5): {@code multipart/related;
 * type="application/dicom"}, one DICOM Part 10 instance per part, each notarized as it streams in.
 * The answer is the Store Instances Response Module in {@code application/dicom+json}: 200 when
 * every instance was stored, 202 when some failed, 409 when none was stored; 415 for another media
 * type, 400 for a body that is not well-formed multipart and 413 for one over the multipart limits
 * ({@code notary.multipart.*}), both when nothing was stored.
 */
@Path("/dicomweb/studies")
public class DicomWebResource {
  private static final Logger LOG = Logger.getLogger(DicomWebResource.class);
  /** PS3.5 9.1: digits and dots, no leading zero in a component, at most 64 characters. */
  private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

  @Inject StowService stow;
  @Inject SecurityIdentity caller;
  @Inject NotaryConfig config;
  @Inject MultipartSettings multipart;
  @Inject PublicAddress address;

  @RolesAllowed(Roles.ACQUIRER)
  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces({StoreInstancesResponse.MEDIA_TYPE, MediaType.APPLICATION_JSON})
  @Operation(summary = "STOW-RS: store and notarize DICOM instances",
      description = "multipart/related; type=\"application/dicom\", one DICOM Part 10 instance per part."
          + " Answers the Store Instances Response Module (application/dicom+json): 200 all stored, 202 some"
          + " failed, 409 none stored; each stored instance's Retrieve URL is its evidence record.")
  public Response storeInstances(InputStream body, @HeaderParam("Content-Type") String contentType) throws IOException {
    return store(body, contentType, null);
  }

  @RolesAllowed(Roles.ACQUIRER)
  @POST
  @Path("/{study}")
  @Consumes(MediaType.WILDCARD)
  @Produces({StoreInstancesResponse.MEDIA_TYPE, MediaType.APPLICATION_JSON})
  @Operation(summary = "STOW-RS: store and notarize DICOM instances of one study",
      description = "As POST /dicomweb/studies; an instance of another study fails (Failure Reason A901).")
  public Response storeStudyInstances(InputStream body, @HeaderParam("Content-Type") String contentType,
      @PathParam("study") String study) throws IOException {
    if (study.length() > 64 || !UID.matcher(study).matches()) {
      throw new BadRequestProblem("the study in the path is not a DICOM UID (digits and dots, at most 64"
          + " characters, no leading zeros)");
    }
    return store(body, contentType, study);
  }

  private Response store(InputStream body, String contentType, String study) throws IOException {
    String boundary = boundary(contentType);
    if (boundary == null) {
      throw new UnsupportedMediaTypeProblem("STOW-RS here takes multipart/related; type=\"application/dicom\" with"
          + " one DICOM Part 10 instance per part (metadata and bulk data, application/dicom+json or +xml, are not"
          + " supported); nothing was kept");
    }
    MultipartReader reader;
    try {
      reader = new MultipartReader(body, boundary, multipart.related(), StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      throw new BadRequestProblem("the multipart boundary parameter is not valid: " + e.getMessage());
    }
    String submitter = config.ingest().defaultSubmitter();
    List<StowOutcome> outcomes = new ArrayList<>();
    int stored = 0;
    try {
      for (MultipartReader.Part part; (part = reader.next()) != null; ) {
        StowOutcome outcome = isDicom(part.header("Content-Type"))
            ? stow.store(part.body(), study, submitter, Caller.of(caller).asSubmitter())
            : StowOutcome.failed(StowFailure.CANNOT_UNDERSTAND,
                "the part is not application/dicom (Content-Type " + printable(part.header("Content-Type")) + ")");
        outcomes.add(outcome);
        stored += outcome.isStored() ? 1 : 0;
        if (!outcome.isStored()) {
          LOG.infof("STOW-RS: part %d not stored (Failure Reason %04X): %s", outcomes.size(),
              outcome.failure().code(), outcome.detail());
        }
      }
    } catch (MultipartReader.MultipartLimitException e) {
      if (stored == 0) {
        throw e; // 413, nothing was kept
      }
      LOG.infof("STOW-RS: the body was refused after %d part(s): %s", outcomes.size(), e.getMessage());
      outcomes.add(StowOutcome.failed(StowFailure.CANNOT_UNDERSTAND, e.getMessage() + "; the rest was not read"));
    } catch (MultipartReader.MalformedMultipartException e) {
      if (stored == 0) {
        throw new BadRequestProblem("the body is not well-formed multipart: " + e.getMessage()
            + "; nothing was kept");
      }
      // Instances before the defect are stored and stay so; the broken part is reported, not kept.
      LOG.infof("STOW-RS: the body broke off after %d part(s): %s", outcomes.size(), e.getMessage());
      outcomes.add(StowOutcome.failed(StowFailure.CANNOT_UNDERSTAND, e.getMessage()));
    }
    if (outcomes.isEmpty()) {
      throw new BadRequestProblem("the multipart body holds no part; nothing to store");
    }
    int status = stored == outcomes.size() ? 200 : stored > 0 ? 202 : 409;
    LOG.infof("STOW-RS: %d of %d instance(s) stored", stored, outcomes.size());
    String entity = StoreInstancesResponse.of(outcomes,
        id -> address.of("api/v1/evidence/" + id).toString());
    return Response.status(status).type(StoreInstancesResponse.MEDIA_TYPE).entity(entity).build();
  }

  /** The boundary of a {@code multipart/related} body whose type is DICOM, or null for any other media type. */
  private static String boundary(String contentType) {
    MediaType type;
    try {
      type = MediaType.valueOf(contentType);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!"multipart".equalsIgnoreCase(type.getType()) || !"related".equalsIgnoreCase(type.getSubtype())) {
      return null;
    }
    String root = parameter(type, "type");
    if (root != null && !isDicom(root)) {
      return null;
    }
    String boundary = parameter(type, "boundary");
    if (boundary == null || boundary.isEmpty()) {
      throw new BadRequestProblem("the Content-Type multipart/related has no boundary parameter");
    }
    return boundary;
  }

  private static String parameter(MediaType type, String name) {
    for (var p : type.getParameters().entrySet()) {
      if (p.getKey().equalsIgnoreCase(name)) {
        return p.getValue();
      }
    }
    return null;
  }

  /** A part without a Content-Type is taken as the root type (RFC 2387), application/dicom. */
  private static boolean isDicom(String partType) {
    if (partType == null) {
      return true;
    }
    String base = partType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return DicomService.DICOM_MEDIA_TYPE.equals(base);
  }

  private static String printable(String value) {
    return value == null ? "none" : EvidenceResource.safeHeaderValue(value.length() > 100 ? value.substring(0, 100) : value);
  }
}
