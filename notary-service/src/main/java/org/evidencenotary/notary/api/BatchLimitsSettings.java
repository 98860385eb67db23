package org.evidencenotary.notary.api;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.VerifyConfig;
import org.evidencenotary.notary.verify.BatchLimits;

/** The batch check's limits from {@code notary.verify.batch.*}, checked at start. */
@Startup
@ApplicationScoped
public class BatchLimitsSettings {
  private final BatchLimits limits;

  @Inject
  BatchLimitsSettings(VerifyConfig config) {
    VerifyConfig.Batch batch = config.batch();
    try {
      limits = new BatchLimits(batch.maxUpload().asLongValue(), batch.maxFiles(), batch.maxFileSize().asLongValue(),
          batch.maxTotalSize().asLongValue(), batch.maxRatio(), batch.ratioGrace().asLongValue());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("notary.verify.batch.*: " + e.getMessage());
    }
  }

  BatchLimits limits() {
    return limits;
  }
}
