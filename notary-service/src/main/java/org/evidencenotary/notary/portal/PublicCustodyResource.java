package org.evidencenotary.notary.portal;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.custody.CustodyHistory;
import org.evidencenotary.notary.custody.CustodyService;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceService;
import org.evidencenotary.notary.evidence.EvidenceStatus;
import org.evidencenotary.notary.ledger.LedgerUnavailableException;
import org.jboss.logging.Logger;

/**
 * The public form of an evidence's chain of custody, for the portal: the evidence page renders it,
 * and the verification page's script fetches it ({@code GET /portal/evidence/{id}/custody}) for
 * the evidence a result names. No sign-in; no names, addresses or purposes (docs/privacy.md).
 * Reading it records nothing: it releases nothing of the evidence. Not part of the API.
 */
@ApplicationScoped
@Path("/portal/evidence/{id}/custody")
public class PublicCustodyResource {
  private static final Logger LOG = Logger.getLogger(PublicCustodyResource.class);

  @Inject EvidenceService evidence;
  @Inject CustodyService custody;

  @PermitAll
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(hidden = true)
  public PublicCustody get(@PathParam("id") String id) {
    return of(evidence.get(PortalResource.validId(id)));
  }

  /**
   * The record's custody history in its public form; empty before it is anchored (nothing can be
   * released then), and marked unavailable when the ledger cannot be asked, so that the page still
   * shows the rest.
   */
  PublicCustody of(EvidenceRecord record) {
    if (record.status() != EvidenceStatus.ANCHORED) {
      return PublicCustody.of(record.id(), java.util.List.of(), true);
    }
    try {
      CustodyHistory history = custody.list(record.id());
      return PublicCustody.of(record.id(), custody.publicForm(history), history.complete());
    } catch (LedgerUnavailableException e) {
      LOG.warnf("The custody history of evidence %s could not be read for the portal: %s", record.id(),
          e.getMessage());
      return PublicCustody.unavailable(record.id());
    }
  }
}
