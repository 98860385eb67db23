package org.evidencenotary.notary.custody;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import org.evidencenotary.chaincode.core.CustodyEvent;

/**
 * One custody event as the ledger holds it, joined with the details the service kept for it.
 *
 * @param ledger the event as the ledger rules stored it (no personal data)
 * @param detailsCheck whether the kept details still hash to {@code ledger.detailHash}
 * @param details the kept details, only when {@link DetailsCheck#INTACT}
 * @param detailsFoundSha256 what the kept file hashes to now, only when {@link DetailsCheck#ALTERED}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustodyEntry(
    CustodyEvent ledger, DetailsCheck detailsCheck, CustodyDetails details, String detailsFoundSha256) {
  public CustodyEntry {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(detailsCheck, "detailsCheck");
    if ((details != null) != (detailsCheck == DetailsCheck.INTACT)) {
      throw new IllegalArgumentException("details are shown exactly when they are intact");
    }
  }
}
