package org.evidencenotary.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach an S3 object store with Object Lock (MinIO or another).
 *
 * <p>The secret key never appears in {@link #toString()}, so settings can be logged.
 *
 * @param endpoint {@code http(s)://host:port} of the S3 API
 * @param accessKey the access key (user)
 * @param secretKey the secret key; never logged
 * @param bucket the bucket; created with Object Lock if missing, refused if it exists without
 * @param retention how long each object is kept in COMPLIANCE mode (at least one second); the
 *     bucket's default retention is this rounded up to whole days
 * @param staging local folder for staged uploads (created if missing)
 * @param partSize size of multipart upload parts; objects up to this size go in one request
 */
public record MinioSettings(
    URI endpoint,
    String accessKey,
    String secretKey,
    String bucket,
    Duration retention,
    Path staging,
    long partSize) {

  /** The smallest part S3 accepts (5 MiB); also the default's lower bound. */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  /** Default part size: 16 MiB (a 2 GiB object is 128 parts; one part buffered at a time). */
  public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;

  public MinioSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(staging, "staging");
    String scheme = endpoint.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme)) || endpoint.getHost() == null) {
      throw new StorageConfigurationException(
          "endpoint must be http(s)://host:port, found '" + endpoint + "'");
    }
    if (accessKey.isBlank() || secretKey.isBlank()) {
      throw new StorageConfigurationException("access key and secret key must not be blank");
    }
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new StorageConfigurationException(
          "bucket must be 3-63 lowercase letters, digits, dots or hyphens, found '" + bucket + "'");
    }
    if (retention.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new StorageConfigurationException("retention must be at least one second, found " + retention);
    }
    if (partSize < MIN_PART_SIZE) {
      throw new StorageConfigurationException(
          "partSize must be at least " + MIN_PART_SIZE + " bytes, found " + partSize);
    }
  }

  /** Settings with the default part size. */
  public MinioSettings(
      URI endpoint,
      String accessKey,
      String secretKey,
      String bucket,
      Duration retention,
      Path staging) {
    this(endpoint, accessKey, secretKey, bucket, retention, staging, DEFAULT_PART_SIZE);
  }

  @Override
  public String toString() {
    return "MinioSettings[endpoint="
        + endpoint
        + ", accessKey="
        + accessKey
        + ", secretKey=***, bucket="
        + bucket
        + ", retention="
        + retention
        + ", staging="
        + staging
        + ", partSize="
        + partSize
        + "]";
  }
}
