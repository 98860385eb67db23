package org.evidencenotary.notary.portal;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.evidence.EvidenceNotFoundException;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceSearch;
import org.evidencenotary.notary.evidence.EvidenceService;
import org.evidencenotary.notary.ledger.AnchorLocation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The hospital view, for acquirers (hospital staff, devices, the PACS): {@code /hospital} lists
 * the latest notarizations with their status, searchable by case reference, days of receipt,
 * modality and device, and {@code /hospital/{id}} shows one record in full with its downloads.
 * What it shows is the hospital's own record (docs/privacy.md, "The portal's signed-in pages").
 */
@Path("/hospital")
@RolesAllowed(Roles.ACQUIRER)
@Produces(MediaType.TEXT_HTML)
public class HospitalResource {
  /** What the person typed into the search form, shown back as typed. */
  public record Form(String caseReference, String from, String to, String modality, String device) {
    boolean empty() {
      return blank(caseReference) && blank(from) && blank(to) && blank(modality) && blank(device);
    }

    private static boolean blank(String s) {
      return s == null || s.isBlank();
    }
  }

  /** One record's page: its row and where it is anchored, once it is. */
  public record Details(EvidenceSearch.Row row, String description, String submitter, String statementSha256,
      AnchorLocation anchor, String anchoredBy) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance notarizations(Form form, EvidenceSearch.Result result, String error,
        boolean filtered);

    static native TemplateInstance record(Details details);
  }

  private static final String NOT_A_DAY = " must be a day written as year-month-day, e.g. 2026-03-31.";

  @Inject EvidenceSearch search;
  @Inject EvidenceService evidence;

  @GET
  @Operation(hidden = true)
  public Response notarizations(
      @QueryParam("caseReference") String caseReference,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("modality") String modality,
      @QueryParam("device") String device) {
    Form form = new Form(caseReference, from, to, modality, device);
    EvidenceSearch.Query query;
    try {
      query = new EvidenceSearch.Query(caseReference, EvidenceSearch.day(from, "From" + NOT_A_DAY),
          EvidenceSearch.day(to, "To" + NOT_A_DAY), modality, device, null);
    } catch (IllegalArgumentException e) {
      return PortalResource.page(400, Templates.notarizations(form, null, e.getMessage(), true));
    }
    return PortalResource.page(200, Templates.notarizations(form, search.search(query), null, !form.empty()));
  }

  @GET
  @Path("{id}")
  @Operation(hidden = true)
  public Response record(@PathParam("id") String id) {
    EvidenceRecord record;
    try {
      record = evidence.get(PortalResource.validId(id));
    } catch (EvidenceNotFoundException e) {
      return PortalResource.page(404, PortalResource.Templates.notFound());
    }
    return PortalResource.page(200, Templates.record(new Details(search.row(record),
        record.statement().description(), record.statement().submitter(), record.statementSha256(), record.anchor(),
        record.anchoredBy())));
  }


  @ServerExceptionMapper
  Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
    return PortalRefusals.unauthorized(e, request);
  }

  @ServerExceptionMapper
  Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
    return PortalRefusals.authenticationFailed(e, request);
  }

  @ServerExceptionMapper
  Response forbidden(ForbiddenException e, HttpServerRequest request) {
    return PortalRefusals.forbidden(e, request);
  }
}
