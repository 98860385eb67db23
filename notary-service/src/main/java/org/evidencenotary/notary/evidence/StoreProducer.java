package org.evidencenotary.notary.evidence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.config.StorageConfig;
import org.evidencenotary.storage.EvidenceStore;
import org.evidencenotary.storage.EvidenceStores;

/** Creates the configured object store for originals. */
@ApplicationScoped
public class StoreProducer {
  @Produces
  @ApplicationScoped
  EvidenceStore store(NotaryConfig notary, StorageConfig config) {
    if (!"filesystem".equals(config.kind())) {
      throw new IllegalStateException(
          "notary.storage.kind='" + config.kind() + "' is not available in this build; use 'filesystem'");
    }
    try {
      return EvidenceStores.filesystem(notary.dataDir().resolve("objects"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the object store: " + e.getMessage(), e);
    }
  }
}
