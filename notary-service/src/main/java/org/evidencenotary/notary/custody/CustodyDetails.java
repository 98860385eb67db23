package org.evidencenotary.notary.custody;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.evidencenotary.chaincode.core.CustodyAction;

/**
 * What the service keeps about one custody event, in full, under the data folder. The ledger
 * holds only the SHA-256 of this record's RFC 8785 canonical JSON ({@code detailHash}), so it
 * holds no personal data, and the kept file can be checked against the ledger at any time.
 *
 * <p>{@code id} is 128 random bits: it makes each event's details unique, and it keeps anyone who
 * reads the ledger from confirming a guess (a client address, a name, a time) by hashing it.
 *
 * @param id random, 32 hex characters
 * @param evidenceId the evidence concerned
 * @param action what was done
 * @param actor for whom
 * @param at when the service recorded it (ISO-8601 UTC, milliseconds)
 * @param request what the request said: e.g. {@code path}, {@code clientAddress}, {@code purpose};
 *     never patient data
 * @param sequence this event's place among the evidence's custody events, 1 for the first; absent
 *     in details kept before events were numbered
 * @param previous the transaction id of the evidence's custody event before this one; absent for
 *     the first, and in details kept before events were linked. With {@code sequence} it lets an
 *     offline verifier see an event dropped from, or moved within, a proof's custody history,
 *     since both are under the ledger's {@code detailHash}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustodyDetails(
    String id, String evidenceId, CustodyAction action, Actor actor, String at, Map<String, String> request,
    Integer sequence, String previous) {
  public CustodyDetails {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(evidenceId, "evidenceId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(at, "at");
    request = request == null ? Map.of() : new TreeMap<>(request);
    if (sequence != null && sequence < 1) {
      throw new IllegalArgumentException("a custody event's sequence starts at 1");
    }
  }
}
