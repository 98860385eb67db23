package org.evidencenotary.chaincode.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One transaction over a committed state: reads fall through to the committed values, writes are
 * buffered in order and become visible to later reads of the same transaction. The embedded
 * ledger and the tests run the rules through it.
 */
public final class InMemoryLedgerState implements LedgerState {
  private final Function<String, Optional<byte[]>> committed;
  private final Function<String, List<KeyModification>> committedHistory;
  private final RangeReader committedRange;
  private final String txId;
  private final Instant timestamp;
  private final Caller caller;
  private final Map<String, byte[]> writes = new LinkedHashMap<>();

  /** Reads committed keys in {@code [start, end)}, in order, at most {@code limit}. */
  @FunctionalInterface
  public interface RangeReader {
    List<KeyValue> read(String start, String end, int limit);
  }

  /** A transaction over a state that offers no range queries (they throw). */
  public InMemoryLedgerState(
      Function<String, Optional<byte[]>> committed,
      Function<String, List<KeyModification>> committedHistory,
      String txId,
      Instant timestamp,
      Caller caller) {
    this(committed, committedHistory, (s, e, l) -> {
      throw new UnsupportedOperationException("this ledger state offers no range queries");
    }, txId, timestamp, caller);
  }

  public InMemoryLedgerState(
      Function<String, Optional<byte[]>> committed,
      Function<String, List<KeyModification>> committedHistory,
      RangeReader committedRange,
      String txId,
      Instant timestamp,
      Caller caller) {
    this.committedRange = Objects.requireNonNull(committedRange, "committedRange");
    this.committed = Objects.requireNonNull(committed, "committed");
    this.committedHistory = Objects.requireNonNull(committedHistory, "committedHistory");
    this.txId = Objects.requireNonNull(txId, "txId");
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    this.caller = Objects.requireNonNull(caller, "caller");
  }

  @Override
  public Optional<byte[]> get(String key) {
    byte[] own = writes.get(key);
    if (own != null) {
      return Optional.of(own.clone());
    }
    return committed.apply(key).map(byte[]::clone);
  }

  @Override
  public void put(String key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    writes.put(key, value.clone());
  }

  @Override
  public List<KeyValue> range(String startKey, String endKey, int limit) {
    Map<String, byte[]> committedValues = new LinkedHashMap<>();
    for (KeyValue kv : committedRange.read(startKey, endKey, limit)) {
      committedValues.put(kv.key(), kv.value());
    }
    return overlay(committedValues, writes, startKey, endKey, limit);
  }

  /**
   * The keys of {@code committed} in {@code [startKey, endKey)} overlaid with {@code writes} in
   * that range, in key order, at most {@code limit}, values copied: a range read as a transaction
   * sees it, with its own (or its block's earlier) writes on top of the committed state.
   */
  public static List<KeyValue> overlay(
      Map<String, byte[]> committed, Map<String, byte[]> writes, String startKey, String endKey, int limit) {
    java.util.TreeMap<String, byte[]> merged = new java.util.TreeMap<>();
    for (Map<String, byte[]> source : List.of(committed, writes)) {
      source.forEach((k, v) -> {
        if (k.compareTo(startKey) >= 0 && k.compareTo(endKey) < 0) {
          merged.put(k, v);
        }
      });
    }
    List<KeyValue> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : merged.entrySet()) {
      if (out.size() == limit) {
        break;
      }
      out.add(new KeyValue(e.getKey(), e.getValue().clone()));
    }
    return out;
  }


  @Override
  public List<KeyModification> history(String key) {
    return new ArrayList<>(committedHistory.apply(key));
  }

  @Override
  public String txId() {
    return txId;
  }

  @Override
  public Instant txTimestamp() {
    return timestamp;
  }

  @Override
  public Caller caller() {
    return caller;
  }

  /** This transaction's writes, in the order made. */
  public Map<String, byte[]> writes() {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    writes.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }
}
