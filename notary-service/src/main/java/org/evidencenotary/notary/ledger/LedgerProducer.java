package org.evidencenotary.notary.ledger;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.time.Clock;
import org.evidencenotary.chaincode.core.AccessPolicy;
import org.evidencenotary.chaincode.core.Caller;
import org.evidencenotary.chaincode.core.EvidenceRules;
import org.evidencenotary.notary.config.LedgerConfig;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.signing.NotaryIdentity;
import org.jboss.logging.Logger;

/** Creates the configured ledger at start; a ledger that fails its checks stops the service. */
@ApplicationScoped
public class LedgerProducer {
  private static final Logger LOG = Logger.getLogger(LedgerProducer.class);

  @Produces
  @ApplicationScoped
  @Startup
  Ledger ledger(NotaryConfig notary, LedgerConfig config, NotaryIdentity identity) {
    if (!EmbeddedLedger.KIND.equals(config.kind())) {
      throw new IllegalStateException(
          "notary.ledger.kind='" + config.kind() + "' is not available in this build; use 'embedded'");
    }
    EvidenceRules rules = new EvidenceRules(new AccessPolicy(config.anchoringOrganisations()));
    Caller caller = new Caller(config.organisation(), identity.serviceSubject());
    try {
      EmbeddedLedger ledger =
          EmbeddedLedger.open(notary.dataDir().resolve("ledger"), config.ledgerId(), rules, caller, Clock.systemUTC());
      LOG.infof("Embedded ledger '%s' verified: %d blocks, chain intact", config.ledgerId(), ledger.height());
      return ledger;
    } catch (LedgerCorruptedException e) {
      LOG.error("LEDGER INTEGRITY FAILURE: " + e.getMessage());
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the embedded ledger: " + e.getMessage(), e);
    }
  }

  void close(@Disposes Ledger ledger) throws IOException {
    if (ledger instanceof EmbeddedLedger embedded) {
      embedded.close();
    }
  }
}
