package org.evidencenotary.chaincode.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The view of the ledger that the rules work on, within one transaction: a key-value world state
 * plus what the transaction knows about itself. Fabric provides it from the chaincode stub; the
 * embedded ledger from its block log.
 *
 * <p>Implementations must be deterministic for the rules: the same state and the same transaction
 * give the same reads, so that every endorser computes the same writes.
 */
public interface LedgerState {
  /** The current value of {@code key}, including this transaction's own earlier writes. */
  Optional<byte[]> get(String key);

  /** Writes {@code value} under {@code key} as part of this transaction. */
  void put(String key, byte[] value);

  /**
   * Current values of the keys in {@code [startKey, endKey)}, in key order, at most {@code limit}
   * of them. Callers always pass a limit: there are no unbounded scans.
   */
  List<KeyValue> range(String startKey, String endKey, int limit);

  /** Every committed value {@code key} has had, oldest first. */
  List<KeyModification> history(String key);

  /** This transaction's id. */
  String txId();

  /** This transaction's timestamp, as proposed by its client and agreed by the ledger. */
  Instant txTimestamp();

  /** Who submitted this transaction. */
  Caller caller();
}
