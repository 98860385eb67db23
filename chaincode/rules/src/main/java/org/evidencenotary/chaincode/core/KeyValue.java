package org.evidencenotary.chaincode.core;

import java.util.Objects;

/** One key and its current value, as returned by a range query. */
public record KeyValue(String key, byte[] value) {
  public KeyValue {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
