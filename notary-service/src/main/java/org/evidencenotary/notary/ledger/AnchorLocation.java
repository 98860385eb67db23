package org.evidencenotary.notary.ledger;

import java.util.Objects;

/**
 * Where an anchor sits on a ledger.
 *
 * @param ledger {@code embedded} or {@code fabric}
 * @param ledgerId the ledger's name (embedded) or channel (Fabric)
 * @param blockNumber block holding the transaction
 * @param transactionId transaction that wrote the anchor
 * @param blockHash hash of that block (hex)
 * @param previousBlockHash hash of the block before it (hex)
 * @param timestamp the transaction's timestamp (ISO-8601 UTC)
 */
public record AnchorLocation(
    String ledger,
    String ledgerId,
    long blockNumber,
    String transactionId,
    String blockHash,
    String previousBlockHash,
    String timestamp) {
  public AnchorLocation {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(ledgerId, "ledgerId");
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
