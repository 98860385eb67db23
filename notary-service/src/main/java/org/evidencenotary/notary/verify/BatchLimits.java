package org.evidencenotary.notary.verify;

/**
 * What one batch check may hold; each limit is counted over bytes actually read.
 *
 * @param maxUpload largest request body, as sent (a zip counted compressed)
 * @param maxFiles most files, the files inside zips included; also the most folders a zip may list
 * @param maxFileSize largest single file, uncompressed
 * @param maxTotalSize largest sum of all files, uncompressed
 * @param maxRatio highest uncompressed/compressed ratio of one zip entry
 * @param ratioGrace uncompressed bytes of an entry before its ratio is judged
 */
public record BatchLimits(
    long maxUpload, int maxFiles, long maxFileSize, long maxTotalSize, int maxRatio, long ratioGrace) {
  public BatchLimits {
    if (maxUpload <= 0 || maxFiles <= 0 || maxFileSize <= 0 || maxTotalSize <= 0 || maxRatio <= 0
        || ratioGrace < 0) {
      throw new IllegalArgumentException("every batch limit must be positive (the ratio grace may be 0)");
    }
  }
}
