package org.evidencenotary.notary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where originals are kept. */
@ConfigMapping(prefix = "notary.storage")
public interface StorageConfig {
  /** {@code filesystem}: content-addressed files under the data folder. */
  @WithDefault("filesystem")
  String kind();
}
