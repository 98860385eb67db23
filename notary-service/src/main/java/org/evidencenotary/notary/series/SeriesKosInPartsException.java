package org.evidencenotary.notary.series;

import java.util.Objects;

/**
 * The Key Object Selection Document of this manifest version is written in several parts, so
 * there is no single document to send; {@code parts} says how many.
 */
public final class SeriesKosInPartsException extends RuntimeException {
  private final String merkleRoot;
  private final int parts;

  public SeriesKosInPartsException(String merkleRoot, int version, int parts) {
    super("the Key Object Selection Document of series manifest version " + version + " is written in " + parts
        + " parts, each signed, so that DCMTK can verify every signature");
    this.merkleRoot = Objects.requireNonNull(merkleRoot, "merkleRoot");
    if (parts < 2) {
      throw new IllegalArgumentException("a document in " + parts + " part is not in parts");
    }
    this.parts = parts;
  }

  public String merkleRoot() {
    return merkleRoot;
  }

  public int parts() {
    return parts;
  }
}
