package org.evidencenotary.notary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** DICOM: the C-STORE listener that modalities and PACS send to, and forwarding to a PACS. */
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

  Forward forward();

  /**
   * Forwarding of instances received by C-STORE to a PACS once they are notarized and stored
   * (C-STORE SCU). Off unless {@code enabled} and {@code host} are set.
   */
  interface Forward {
    /** Whether instances received by C-STORE are forwarded. */
    @WithDefault("false")
    boolean enabled();

    /** The PACS's host name or address. */
    Optional<String> host();

    /** The PACS's DICOM port. */
    @WithDefault("104")
    int port();

    /** The PACS's AE title (called AE title). */
    @WithDefault("PACS")
    String calledAeTitle();

    /** Our AE title towards the PACS (calling AE title). */
    @WithDefault("NOTARY")
    String callingAeTitle();

    /** Wait before retrying after a failed attempt; doubled after each failure up to {@code max-retry-interval}. */
    @WithDefault("5s")
    Duration retryInterval();

    /** The longest wait between attempts while the PACS stays unreachable. */
    @WithDefault("5m")
    Duration maxRetryInterval();

    /** Most instances sent in one association. */
    @WithDefault("50")
    int batchSize();
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

    /**
     * Whether the plain TCP port is open. On it an AE title is only claimed: instances are notarized
     * but no device signs them. Production that wants every C-STORE authenticated sets false.
     */
    @WithDefault("true")
    boolean plainEnabled();

    /**
     * Whether the TLS port is open (PS3.15 Annex B, BCP 195 profile, client certificate required):
     * the only channel on which a device's key signs what it sends.
     */
    @WithDefault("true")
    boolean tlsEnabled();

    /** The TLS port (2762 is DICOM's registered port for DICOM over TLS); 0 picks a free port (tests). */
    @WithDefault("2762")
    int tlsPort();

    /** Our AE title: associations asking for another are rejected. */
    @WithDefault("NOTARY")
    String aeTitle();

    /**
     * Calling AE titles allowed to associate besides those of enrolled, active devices (e.g. a
     * PACS that forwards). With none configured and no device enrolled, nothing is accepted.
     */
    Optional<List<String>> allowedCallingAeTitles();

    /** Accept any calling AE title (a lab setting; logged as a warning at start). */
    @WithDefault("false")
    boolean allowAnyCallingAe();

    /** Most associations handled at once; more wait for a free slot. */
    @WithDefault("16")
    int maxAssociations();

    /** Idle time after which an association's connection is closed. */
    @WithDefault("60s")
    Duration idleTimeout();
  }
}
