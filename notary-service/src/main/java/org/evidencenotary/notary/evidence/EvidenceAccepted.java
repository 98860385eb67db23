package org.evidencenotary.notary.evidence;

import java.util.Objects;

/**
 * Ingest accepted a piece of evidence: it is stored and recorded (pending its anchor). Fired as a
 * synchronous CDI event on the ingesting thread, after the record is written and before ingest
 * returns, so observers (series manifests) see it exactly when a direct call would have. Ingest
 * knows nothing of its observers.
 *
 * @param record the new record
 */
public record EvidenceAccepted(EvidenceRecord record) {
  public EvidenceAccepted {
    Objects.requireNonNull(record, "record");
  }
}
