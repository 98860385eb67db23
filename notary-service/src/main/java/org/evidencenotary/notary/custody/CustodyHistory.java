package org.evidencenotary.notary.custody;

import java.util.List;

/**
 * The custody events of one piece of evidence, oldest first.
 *
 * @param evidenceId the evidence
 * @param events each event with its kept details and their check
 * @param complete false when the ledger answered as many events as one query of the rules returns
 *     ({@link org.evidencenotary.chaincode.core.EvidenceRules#MAX_RESULTS}): there may be more,
 *     and which ones are shown is then the rules' key order, not time
 */
public record CustodyHistory(String evidenceId, List<CustodyEntry> events, boolean complete) {
  public CustodyHistory {
    events = List.copyOf(events);
  }
}
