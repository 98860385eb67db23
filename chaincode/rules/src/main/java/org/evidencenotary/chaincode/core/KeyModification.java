package org.evidencenotary.chaincode.core;

import java.time.Instant;
import java.util.Objects;

/** One committed value of a key: which transaction wrote it, when, and what. */
public record KeyModification(String txId, Instant timestamp, byte[] value) {
  public KeyModification {
    Objects.requireNonNull(txId, "txId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(value, "value");
  }
}
