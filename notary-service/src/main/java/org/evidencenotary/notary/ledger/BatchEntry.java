package org.evidencenotary.notary.ledger;

import java.util.Objects;
import org.evidencenotary.chaincode.core.BatchAnchor;

/** An anchored Merkle root as the rules stored it, with where it sits on the ledger. */
public record BatchEntry(BatchAnchor batch, AnchorLocation location) {
  public BatchEntry {
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(location, "location");
  }
}
