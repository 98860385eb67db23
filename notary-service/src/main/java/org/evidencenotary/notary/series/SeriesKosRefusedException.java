package org.evidencenotary.notary.series;

import java.util.Objects;

/**
 * No Key Object Selection Document can be made for this series manifest, for a reason the client
 * can act on or wait out (it is not anchored yet, an instance's record is gone or names no UIDs).
 * {@code kind} is the stable last part of the problem type.
 */
public final class SeriesKosRefusedException extends RuntimeException {
  private final String kind;
  private final String merkleRoot;

  public SeriesKosRefusedException(String kind, String merkleRoot, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.merkleRoot = Objects.requireNonNull(merkleRoot, "merkleRoot");
  }

  public String kind() {
    return kind;
  }

  public String merkleRoot() {
    return merkleRoot;
  }
}
