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
  private final String txId;
  private final Instant timestamp;
  private final Caller caller;
  private final Map<String, byte[]> writes = new LinkedHashMap<>();

  public InMemoryLedgerState(
      Function<String, Optional<byte[]>> committed,
      Function<String, List<KeyModification>> committedHistory,
      String txId,
      Instant timestamp,
      Caller caller) {
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
