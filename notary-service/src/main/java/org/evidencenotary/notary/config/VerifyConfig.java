package org.evidencenotary.notary.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Verifying exhibits: the limits of a batch check ({@code POST /api/v1/verify/batch}). */
@ConfigMapping(prefix = "notary.verify")
public interface VerifyConfig {
  Batch batch();

  /**
   * What one batch may hold. Every limit is counted over the bytes actually read, never over the
   * sizes a zip declares; crossing one stops the reading at once and refuses the whole batch
   * (docs/decisions.md, "Batch check limits").
   */
  interface Batch {
    /** Largest request body (the multipart form or the zip as sent). */
    @WithDefault("2G")
    MemorySize maxUpload();

    /** Most files in one batch, counting the files inside zips (folders in a zip are not files). */
    @WithDefault("1000")
    int maxFiles();

    /** Largest single file, once uncompressed. */
    @WithDefault("1G")
    MemorySize maxFileSize();

    /** Largest sum of all files, once uncompressed. */
    @WithDefault("4G")
    MemorySize maxTotalSize();

    /** Highest uncompressed/compressed ratio of a zip entry (a zip bomb expands far beyond this). */
    @WithDefault("100")
    int maxRatio();

    /**
     * Uncompressed bytes of an entry before its ratio is judged: a small file of zeros or padding
     * legitimately compresses very well, and a zip's headers make the compressed count of a tiny
     * entry approximate.
     */
    @WithDefault("1M")
    MemorySize ratioGrace();
  }
}
