package org.evidencenotary.notary.portal;

import java.util.List;
import org.evidencenotary.notary.custody.PublicCustodyEvent;

/**
 * The chain of custody as the public portal shows it (docs/privacy.md): each release of the
 * evidence with what, in which role, when, and where on the ledger; no names, addresses or
 * purposes.
 *
 * @param evidenceId the evidence
 * @param available false when the ledger could not be asked; {@code events} is then empty
 * @param complete false when there may be more events than shown
 * @param events oldest first
 */
public record PublicCustody(String evidenceId, boolean available, boolean complete, List<Row> events) {
  public PublicCustody {
    events = List.copyOf(events);
  }

  /** One event, in the words the page shows. */
  public record Row(int number, String action, String actionText, String roleText, String recordedAt,
      String recordedAtInWords, String recordedBy, long blockNumber, String transactionId) {
    static Row of(PublicCustodyEvent e) {
      return new Row(e.number(), e.action().name(), e.actionText(), e.roleText(), e.recordedAt(),
          PublicEvidence.readable(e.recordedAt()), e.recordedBy(), e.blockNumber(), e.transactionId());
    }
  }

  static PublicCustody of(String evidenceId, List<PublicCustodyEvent> events, boolean complete) {
    return new PublicCustody(evidenceId, true, complete, events.stream().map(Row::of).toList());
  }

  static PublicCustody unavailable(String evidenceId) {
    return new PublicCustody(evidenceId, false, false, List.of());
  }
}
