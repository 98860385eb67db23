package org.evidencenotary.storage;

import java.io.IOException;
import java.nio.file.Path;

/** Entry point: obtains {@link EvidenceStore} implementations. */
public final class EvidenceStores {
  private EvidenceStores() {}

  /**
   * A store on the local filesystem under {@code root} (created if missing). Objects live at
   * {@code sha256/ab/cd/<hex>}; incoming bytes are staged under {@code .staging} on the same
   * filesystem, synced, and linked into place so that an existing object is never replaced.
   */
  public static EvidenceStore filesystem(Path root) throws IOException {
    return FilesystemEvidenceStore.open(root);
  }

  /**
   * A store on the local filesystem under {@code root}, as {@link #filesystem(Path)}, that stages
   * incoming bytes in {@code staging} instead: a folder on the same file system (objects are
   * published by a hard link) that holds nothing but files of uploads in progress. Opening the
   * store removes what a crash left there.
   *
   * @throws StorageConfigurationException when {@code staging} is on another file system than
   *     {@code root}
   */
  public static EvidenceStore filesystem(Path root, Path staging) throws IOException {
    return FilesystemEvidenceStore.open(root, staging);
  }

  /**
   * A store in an S3 bucket with Object Lock (MinIO or any S3 store implementing Object Lock).
   * Creates the bucket with Object Lock and a default COMPLIANCE retention when it is missing,
   * refuses a bucket that exists without Object Lock, and writes every object with COMPLIANCE
   * retention for {@link MinioSettings#retention()}. An unreachable store does not fail here: the
   * bucket is checked again before first use, and operations meanwhile throw {@link
   * StorageUnavailableException}.
   *
   * <pre>{@code
   * WormStore store = EvidenceStores.minio(new MinioSettings(
   *     URI.create("http://127.0.0.1:9000"), user, secret, "evidence",
   *     Duration.ofDays(3650), Path.of("data/staging")));
   * }</pre>
   *
   * @throws StorageException when the bucket exists without Object Lock or cannot be prepared
   */
  public static WormStore minio(MinioSettings settings) throws IOException {
    return MinioEvidenceStore.open(settings);
  }
}
