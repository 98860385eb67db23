package org.evidencenotary.notary.config;

import io.quarkus.runtime.configuration.MemorySize;
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

    /** Most associations handled at once, over both ports; more connections wait for a free slot. */
    @WithDefault("16")
    int maxAssociations();

    /**
     * Most associations one calling AE title may hold at once, so that one sender cannot take every
     * slot; another is rejected with A-ASSOCIATE-RJ (rejected-transient, local limit exceeded), which
     * senders retry later.
     */
    @WithDefault("4")
    int maxAssociationsPerAe();

    /**
     * The ARTIM timer (PS3.8 9.1.5): a connection must have sent its whole A-ASSOCIATE-RQ (and over
     * TLS completed its handshake) this long after it was accepted, and is closed this long after an
     * A-RELEASE-RP at the latest. Bytes arriving meanwhile do not restart it.
     */
    @WithDefault("10s")
    Duration artimTimeout();

    /**
     * Time for a DIMSE message (a command and its data set) to arrive once its first byte has, plus
     * one second for every {@code message-min-rate} bytes of it received: a sender dripping bytes is
     * cut off (A-ABORT; nothing of the instance kept) instead of holding its association slot.
     */
    @WithDefault("30s")
    Duration messageTimeout();

    /** The least average rate, in bytes per second, at which a message must arrive once {@code message-timeout} has passed. */
    @WithDefault("16K")
    MemorySize messageMinRate();

    /**
     * Time an association may wait without a byte between two messages (after a response, before
     * the next request or A-RELEASE-RQ); then it is aborted.
     */
    @WithDefault("60s")
    Duration idleTimeout();
  }
}
