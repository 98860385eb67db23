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

    /**
     * How long any request body (uploads, checks, STOW-RS) may take to arrive, plus one second for
     * every {@code body-min-rate} bytes received: a body still incomplete at that point is answered
     * 408 and its connection closed, so a client sending a byte now and then cannot hold a worker
     * thread. Time spent after the body has arrived (signing, storing, anchoring) does not count.
     */
    @WithDefault("30s")
    Duration bodyTimeout();

    /**
     * The least average rate, in bytes per second, at which a request body must keep arriving
     * once {@code body-timeout} has passed (see there).
     */
    @WithDefault("16K")
    MemorySize bodyMinRate();

    /**
     * Most requests whose bodies are being received at once (uploads, checks, STOW-RS); another
     * is answered 503 {@code too-many-uploads} with Retry-After at once. Keeps worker threads free
     * for everything else (health, reads): a body read as a stream holds a worker thread until it
     * has arrived. Keep it well below {@code quarkus.thread-pool.max-threads} (200 by default).
     */
    @WithDefault("64")
    int maxConcurrentUploads();
  }
}
