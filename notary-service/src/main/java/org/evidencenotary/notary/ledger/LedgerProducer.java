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
import org.evidencenotary.notary.pki.NotaryIdentity;
import org.jboss.logging.Logger;

/** Creates the configured ledger at start; a ledger that fails its checks stops the service. */
@ApplicationScoped
public class LedgerProducer {
  private static final Logger LOG = Logger.getLogger(LedgerProducer.class);

  @Produces
  @ApplicationScoped
  @Startup
  Ledger ledger(NotaryConfig notary, LedgerConfig config, NotaryIdentity identity) {
    return switch (LedgerKind.parse(config.kind())) {
      case EMBEDDED -> embedded(notary, config, identity);
      case FABRIC -> fabric(config);
    };
  }

  private static Ledger embedded(NotaryConfig notary, LedgerConfig config, NotaryIdentity identity) {
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
      throw new LedgerConfigurationException("cannot open the embedded ledger: " + e.getMessage(), e);
    }
  }

  private static Ledger fabric(LedgerConfig config) {
    var profile = config.fabric().connectionProfile().orElseThrow(() -> new LedgerConfigurationException(
        "notary.ledger.kind=fabric needs notary.ledger.fabric.connection-profile (the connection.json that"
            + " './notary network up' writes); './notary run --fabric' sets it"));
    FabricLedger ledger = FabricLedger.connect(FabricConnection.read(profile), config.fabric());
    try {
      LOG.infof("Fabric ledger: %s; channel height %d", ledger.describe(), ledger.height());
    } catch (LedgerUnavailableException e) {
      LOG.warnf("Fabric ledger: %s; the peer does not answer yet (%s): items are accepted and stay PENDING"
          + " until it does", ledger.describe(), e.getMessage());
    }
    return ledger;
  }

  void close(@Disposes Ledger ledger) throws IOException {
    ledger.close();
  }
}
