package org.evidencenotary.notary.ledger;

/** The block log failed its integrity check at start: the service must not run on it. */
public final class LedgerCorruptedException extends RuntimeException {
  private final long blockNumber;

  public LedgerCorruptedException(long blockNumber, String message) {
    super(message);
    this.blockNumber = blockNumber;
  }

  /** The first block found broken. */
  public long blockNumber() {
    return blockNumber;
  }
}
