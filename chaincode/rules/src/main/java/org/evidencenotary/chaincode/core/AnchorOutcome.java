package org.evidencenotary.chaincode.core;

import java.util.Objects;

/**
 * The result of an anchor transaction.
 *
 * @param anchor the record now on the ledger
 * @param created true when this transaction wrote it; false when the digest was already anchored
 *     and the existing record was returned unchanged
 */
public record AnchorOutcome(EvidenceAnchor anchor, boolean created) {
  public AnchorOutcome {
    Objects.requireNonNull(anchor, "anchor");
  }
}
