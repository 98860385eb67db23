package org.evidencenotary.notary.ledger;

import java.util.Objects;
import org.evidencenotary.chaincode.core.EvidenceAnchor;

/** An anchor as the rules stored it, with where it sits on the ledger. */
public record LedgerEntry(EvidenceAnchor anchor, AnchorLocation location) {
  public LedgerEntry {
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(location, "location");
  }
}
