package org.evidencenotary.notary.ledger;

import java.util.Objects;
import org.evidencenotary.chaincode.core.AnchorRequest;
import org.evidencenotary.chaincode.core.RuleException;

/**
 * The outcome of one anchor request: an entry (new or existing) or the rules' refusal.
 *
 * @param request what was asked
 * @param entry the ledger entry, or {@code null} when refused
 * @param created whether this call wrote the entry
 * @param refusal why the rules refused, or {@code null}
 */
public record AnchorResult(
    AnchorRequest request, LedgerEntry entry, boolean created, RuleException refusal) {
  public AnchorResult {
    Objects.requireNonNull(request, "request");
    if ((entry == null) == (refusal == null)) {
      throw new IllegalArgumentException("exactly one of entry and refusal must be given");
    }
  }

  static AnchorResult anchored(AnchorRequest request, LedgerEntry entry, boolean created) {
    return new AnchorResult(request, entry, created, null);
  }

  static AnchorResult refused(AnchorRequest request, RuleException refusal) {
    return new AnchorResult(request, null, false, refusal);
  }
}
