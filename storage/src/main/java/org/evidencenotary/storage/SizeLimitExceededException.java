package org.evidencenotary.storage;

/** The input was longer than the limit given to {@link EvidenceStore#stage}; nothing was kept. */
public final class SizeLimitExceededException extends StorageException {
  private final long limit;

  public SizeLimitExceededException(long limit) {
    super("input exceeds the size limit of " + limit + " bytes", null);
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }
}
