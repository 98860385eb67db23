package org.evidencenotary.notary.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.evidencenotary.notary.evidence.AnchorWorker;
import org.evidencenotary.notary.ledger.Ledger;
import org.evidencenotary.storage.EvidenceStore;

/** Ready only when the ledger takes writes and the object store can be written. */
@Readiness
@ApplicationScoped
public class NotaryReadiness implements HealthCheck {
  @Inject Ledger ledger;
  @Inject EvidenceStore store;
  @Inject AnchorWorker worker;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("notary")
        .withData("ledger", ledger.kind().text())
        .withData("store", store.kind().text())
        .withData("anchorBacklog", worker.backlog());
    try {
      ledger.checkUsable();
      response.withData("ledgerHeight", ledger.height());
    } catch (RuntimeException e) {
      return response.withData("ledgerProblem", "not writable").down().build();
    }
    try {
      store.checkWritable();
    } catch (Exception e) {
      return response.withData("storeProblem", "not writable").down().build();
    }
    return response.up().build();
  }
}
