package org.evidencenotary.notary.evidence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.config.StorageConfig;
import org.evidencenotary.storage.EvidenceStore;
import org.evidencenotary.storage.EvidenceStores;
import org.evidencenotary.storage.MinioSettings;
import org.evidencenotary.storage.StorageConfigurationException;
import org.evidencenotary.storage.StoreKind;
import org.jboss.logging.Logger;

/** Creates the configured object store for originals ({@code notary.storage.kind}). */
@ApplicationScoped
public class StoreProducer {
  private static final Logger LOG = Logger.getLogger(StoreProducer.class);

  @Produces
  @ApplicationScoped
  EvidenceStore store(NotaryConfig notary, StorageConfig config, TemporaryFolder temporary) {
    try {
      return switch (kind(config.kind())) {
        case FILESYSTEM -> EvidenceStores.filesystem(notary.dataDir().resolve("objects"), temporary.staging());
        case MINIO -> minio(config.minio(), temporary);
      };
    } catch (StorageConfigurationException e) {
      throw new ConfigurationException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the object store: " + e.getMessage(), e);
    }
  }

  private static StoreKind kind(String setting) {
    try {
      return StoreKind.parse(setting);
    } catch (StorageConfigurationException e) {
      throw new ConfigurationException("notary.storage.kind=" + e.getMessage(), e);
    }
  }

  private static EvidenceStore minio(StorageConfig.Minio config, TemporaryFolder temporary) throws IOException {
    MinioSettings settings;
    try {
      settings =
          new MinioSettings(
              URI.create(required(config.endpoint().orElse(null), "endpoint", "ENDPOINT")),
              required(config.accessKey().orElse(null), "access-key", "ACCESS_KEY"),
              required(config.secretKey().orElse(null), "secret-key", "SECRET_KEY"),
              config.bucket(),
              config.retention(),
              temporary.staging(),
              config.partSize().asLongValue());
    } catch (IllegalArgumentException e) {
      // The settings' messages never contain the secret key.
      throw new ConfigurationException("notary.storage.minio: " + e.getMessage(), e);
    }
    LOG.infof("Originals go to %s", settings); // toString() masks the secret key
    return EvidenceStores.minio(settings);
  }

  private static String required(String value, String key, String env) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(
          "notary.storage.kind=minio needs notary.storage.minio." + key
              + " (env NOTARY_STORAGE_MINIO_" + env + "); network-config/minio/minio.sh up writes"
              + " them into its minio.env");
    }
    return value;
  }
}
