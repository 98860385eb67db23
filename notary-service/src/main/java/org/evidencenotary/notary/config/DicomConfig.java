package org.evidencenotary.notary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** DICOM: the C-STORE listener that modalities and PACS send to. */
@ConfigMapping(prefix = "notary.dicom")
public interface DicomConfig {
  Scp scp();

  Series series();

  /** Series manifests: a Merkle tree over a series' instances, anchored once the series is quiet. */
  interface Series {
    /** Time without a new instance of a series after which it counts as complete. */
    @WithDefault("30s")
    Duration quietTime();
  }

  /** The storage SCP (C-STORE and C-ECHO). */
  interface Scp {
    /** Whether the listener starts with the service. */
    @WithDefault("true")
    boolean enabled();

    /** Address to listen on; loopback by default, like the HTTP port. */
    @WithDefault("127.0.0.1")
    String host();

    /** TCP port; 0 picks a free port (tests). */
    @WithDefault("11112")
    int port();

    /** Our AE title: associations asking for another are rejected. */
    @WithDefault("NOTARY")
    String aeTitle();

    /** Calling AE titles allowed to associate; empty accepts any (logged at start). */
    Optional<List<String>> allowedCallingAeTitles();

    /** Most associations handled at once; more wait for a free slot. */
    @WithDefault("16")
    int maxAssociations();

    /** Idle time after which an association's connection is closed. */
    @WithDefault("60s")
    Duration idleTimeout();
  }
}
