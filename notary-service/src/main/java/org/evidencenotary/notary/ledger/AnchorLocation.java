package org.evidencenotary.notary.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
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
 * @param chaincode Fabric: the chaincode (namespace) that wrote the anchor; embedded: null
 * @param endorsingOrganisations Fabric: the organisations whose peers endorsed the transaction,
 *     as the block shows them; embedded: null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnchorLocation(
    String ledger,
    String ledgerId,
    long blockNumber,
    String transactionId,
    String blockHash,
    String previousBlockHash,
    String timestamp,
    String chaincode,
    List<String> endorsingOrganisations) {
  public AnchorLocation {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(ledgerId, "ledgerId");
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(timestamp, "timestamp");
    endorsingOrganisations = endorsingOrganisations == null ? null : List.copyOf(endorsingOrganisations);
  }

  /** A location on a ledger without chaincode or endorsements (the embedded one). */
  public AnchorLocation(String ledger, String ledgerId, long blockNumber, String transactionId, String blockHash,
      String previousBlockHash, String timestamp) {
    this(ledger, ledgerId, blockNumber, transactionId, blockHash, previousBlockHash, timestamp, null, null);
  }
}
