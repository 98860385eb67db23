package org.evidencenotary.notary.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Where the notary keeps its data and how it takes in evidence. */
@ConfigMapping(prefix = "notary")
public interface NotaryConfig {
  /** Folder of all embedded state: objects, ledger, records, keys. */
  @WithDefault("data")
  Path dataDir();

  Ingest ingest();

  /** Taking in evidence. */
  interface Ingest {
    /** Largest accepted upload; a bigger one is refused with 413. */
    @WithDefault("4G")
    MemorySize maxSize();

    /** How long an ingest request waits for its anchor before answering 202 PENDING. */
    @WithDefault("5s")
    Duration anchorWait();

    /** Recorded as the declared submitter when the request names none (the signed-in caller is submittedBy). */
    @WithDefault("anonymous")
    String defaultSubmitter();
  }
}
