package org.evidencenotary.notary.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.evidence.EvidenceSearch;

/**
 * The hospital's list of what it notarized, for machines (the hospital view {@code /hospital}
 * shows the same): newest first, filtered by case reference, days of receipt, modality and device.
 * Only for acquirers: the list is a map of everything the hospital notarized.
 */
@Path("/api/v1/evidence")
public class EvidenceSearchResource {
  @Inject EvidenceSearch search;

  /**
   * The answer.
   *
   * @param items the matching notarizations, newest first
   * @param matched how many matched in all
   * @param truncated whether there are more than {@code items} holds (narrow the search or raise
   *     {@code limit})
   */
  public record Found(List<EvidenceSearch.Row> items, int matched, boolean truncated) {}

  @RolesAllowed(Roles.ACQUIRER)
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Search the notarizations (acquirer)",
      description = "Newest first. caseReference is matched by its salted hash, as the ledger holds it; from and to"
          + " are days of receipt (UTC, inclusive); modality is the DICOM modality; device is the enrolled signer's"
          + " id or the DICOM station name, device serial number or model name. At most 'limit' items (default "
          + EvidenceSearch.DEFAULT_LIMIT + ", at most " + EvidenceSearch.MAX_LIMIT + ").")
  public Found list(
      @Parameter(description = "case or claim reference, exactly as given at notarization") @QueryParam("caseReference")
          String caseReference,
      @Parameter(description = "first day of receipt, YYYY-MM-DD (UTC)") @QueryParam("from") String from,
      @Parameter(description = "last day of receipt, YYYY-MM-DD (UTC)") @QueryParam("to") String to,
      @Parameter(description = "DICOM modality, e.g. CT") @QueryParam("modality") String modality,
      @Parameter(description = "signer id, station name, serial number or model") @QueryParam("device") String device,
      @Parameter(description = "most items, 1 to " + EvidenceSearch.MAX_LIMIT) @QueryParam("limit") String limit) {
    EvidenceSearch.Query query;
    try {
      query = new EvidenceSearch.Query(caseReference, EvidenceSearch.day(from, "'from' must be a day, YYYY-MM-DD"),
          EvidenceSearch.day(to, "'to' must be a day, YYYY-MM-DD"), modality, device, number(limit));
    } catch (IllegalArgumentException e) {
      throw new BadRequestProblem(e.getMessage());
    }
    EvidenceSearch.Result result = search.search(query);
    return new Found(result.rows(), result.matched(), result.truncated());
  }

  private static Integer number(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'limit' must be a whole number, 1 to " + EvidenceSearch.MAX_LIMIT);
    }
  }

}
