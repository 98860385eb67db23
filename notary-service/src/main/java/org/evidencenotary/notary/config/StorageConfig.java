package org.evidencenotary.notary.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where originals are kept. */
@ConfigMapping(prefix = "notary.storage")
public interface StorageConfig {
  /**
   * {@code filesystem}: content-addressed files under the data folder; {@code minio}: an S3 bucket
   * with Object Lock (MinIO or any S3 store with Object Lock), see {@link #minio()}.
   */
  @WithDefault("filesystem")
  String kind();

  /** The S3 store used when {@code kind=minio}. */
  Minio minio();

  /** An S3 store with Object Lock. Credentials are never logged. */
  interface Minio {
    /** {@code http(s)://host:port} of the S3 API (env {@code NOTARY_STORAGE_MINIO_ENDPOINT}). */
    Optional<String> endpoint();

    /** Access key (env {@code NOTARY_STORAGE_MINIO_ACCESS_KEY}). */
    Optional<String> accessKey();

    /** Secret key (env {@code NOTARY_STORAGE_MINIO_SECRET_KEY}); never logged. */
    Optional<String> secretKey();

    /** The bucket; created with Object Lock if missing, refused if it exists without. */
    @WithDefault("evidence")
    String bucket();

    /** COMPLIANCE retention of every original, counted from its upload. */
    @WithDefault("3650d")
    Duration retention();

    /** Multipart part size; also the largest object sent in one request. */
    @WithDefault("16M")
    MemorySize partSize();
  }
}
