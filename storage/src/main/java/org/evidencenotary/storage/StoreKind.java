package org.evidencenotary.storage;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kinds of {@link EvidenceStore}. The text form ({@link #toString()}) is the lower-case word
 * that settings, evidence records and health data use: {@code filesystem} or {@code minio}.
 */
public enum StoreKind {
  /** Content-addressed, read-only files under a folder. */
  FILESYSTEM("filesystem"),
  /** An S3 bucket with Object Lock (MinIO or another S3 store). */
  MINIO("minio");

  private final String text;

  StoreKind(String text) {
    this.text = text;
  }

  /**
   * The kind whose text is exactly {@code text}.
   *
   * @throws StorageConfigurationException for any other text, e.g. {@code 'disk' is not known; use
   *     'filesystem' or 'minio'} (the caller puts the setting's name in front)
   */
  public static StoreKind parse(String text) {
    for (StoreKind kind : values()) {
      if (kind.text.equals(text)) {
        return kind;
      }
    }
    throw new StorageConfigurationException("'" + text + "' is not known; use "
        + Arrays.stream(values()).map(k -> "'" + k.text + "'").collect(Collectors.joining(" or ")));
  }

  /** The lower-case word: {@code filesystem} or {@code minio}. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
