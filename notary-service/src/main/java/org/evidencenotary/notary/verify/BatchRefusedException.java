package org.evidencenotary.notary.verify;

/**
 * A batch check refused as a whole: a limit was crossed (reading stopped there) or the request
 * cannot be read safely. Nothing of the batch is kept, and no partial answer is given.
 */
public final class BatchRefusedException extends RuntimeException {
  /** Why; the api answers each with a fixed status and problem type. */
  public enum Reason {
    /** The request body is over {@link BatchLimits#maxUpload()}. */
    UPLOAD_TOO_LARGE,
    /** More files (or zip folders) than {@link BatchLimits#maxFiles()}. */
    TOO_MANY_FILES,
    /** One file, uncompressed, over {@link BatchLimits#maxFileSize()}. */
    FILE_TOO_LARGE,
    /** All files together, uncompressed, over {@link BatchLimits#maxTotalSize()}. */
    TOTAL_TOO_LARGE,
    /** A zip entry that expands more than {@link BatchLimits#maxRatio()} times: a zip bomb. */
    COMPRESSION_RATIO,
    /** A file name with {@code ..}, an absolute path or control characters. */
    UNSAFE_NAME,
    /** A zip that cannot be read (not a zip, empty, encrypted, or broken between entries). */
    MALFORMED_ZIP
  }

  private final Reason reason;
  private final long limit;

  BatchRefusedException(Reason reason, long limit, String message) {
    super(message);
    this.reason = reason;
    this.limit = limit;
  }

  public Reason reason() {
    return reason;
  }

  /** The limit crossed, or -1 when the reason is not a limit. */
  public long limit() {
    return limit;
  }
}
