package org.evidencenotary.notary.portal;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.format.LowercaseUuid;
import org.evidencenotary.notary.evidence.EvidenceNotFoundException;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceService;

/**
 * The public verification portal's pages, for people who are not programmers and need no sign-in:
 * {@code /}, the verification page, {@code /evidence/{id}}, the page the certificate's QR code
 * opens, and {@code /batch}, many files at once with the caller's token. Rendered on the server
 * from Qute templates ({@code templates/PortalResource/}); the
 * upload runs in {@code /portal/portal.js}, which calls the verify API. Not part of the API, so
 * left out of the OpenAPI document.
 */
@PermitAll
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PortalResource {
  /** Only this service's own scripts, styles and images; no inline script, no framing. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance verify(List<VerdictText> verdicts);

    static native TemplateInstance evidence(
        PublicEvidence evidence, PublicCustody custody, List<VerdictText> verdicts);

    static native TemplateInstance notFound();

    static native TemplateInstance batch(List<VerdictText> verdicts);
  }

  @Inject EvidenceService evidence;
  @Inject PublicCustodyResource custody;

  @GET
  @Operation(hidden = true)
  public Response verifyPage() {
    return page(200, Templates.verify(VerdictText.SERVICE_VERDICTS));
  }

  @GET
  @Path("evidence/{id}")
  @Operation(hidden = true)
  public Response evidencePage(@PathParam("id") String id) {
    return find(id)
        .map(r -> page(200, Templates.evidence(PublicEvidence.of(r), custody.of(r), VerdictText.SERVICE_VERDICTS)))
        .orElseGet(() -> page(404, Templates.notFound()));
  }

  /**
   * The batch check page: the person pastes their token and picks many files, a folder or a zip;
   * its script ({@code /portal/batch.js}) calls {@code POST /api/v1/verify/batch} with the token.
   * The page itself is public: it holds nothing until the API answers.
   */
  @GET
  @Path("batch")
  @Operation(hidden = true)
  public Response batchPage() {
    return page(200, Templates.batch(VerdictText.SERVICE_VERDICTS));
  }

  /** {@code id} when it can be an evidence id; an id that cannot exist is simply not found. */
  static String validId(String id) {
    if (!LowercaseUuid.matches(id)) {
      throw new EvidenceNotFoundException(id == null ? "" : id.length() > 64 ? id.substring(0, 64) : id);
    }
    return id;
  }

  private Optional<EvidenceRecord> find(String id) {
    // An id that cannot exist is simply not found; it never reaches the repository.
    if (!LowercaseUuid.matches(id)) {
      return Optional.empty();
    }
    try {
      return Optional.of(evidence.get(id));
    } catch (EvidenceNotFoundException e) {
      return Optional.empty();
    }
  }

  /** A page with headers that keep it to its own scripts and styles, and out of other sites' frames. */
  static Response page(int status, TemplateInstance page) {
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(page)
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("Referrer-Policy", "no-referrer")
        .header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "no-store")
        .build();
  }
}
