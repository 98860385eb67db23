package org.evidencenotary.notary.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceStatus;
import org.evidencenotary.notary.ledger.AnchorLocation;

/** The evidence record as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvidenceView(
    String id,
    String sha256,
    long size,
    String mediaType,
    String fileName,
    String caseReference,
    String description,
    String submitter,
    String receivedAt,
    EvidenceStatus status,
    AnchorLocation anchor,
    String anchoredBy,
    String lastError,
    Map<String, String> links) {

  static EvidenceView of(EvidenceRecord r) {
    String self = "/api/v1/evidence/" + r.id();
    return new EvidenceView(
        r.id(),
        r.sha256(),
        r.size(),
        r.mediaType(),
        r.statement().fileName(),
        r.statement().caseReference(),
        r.statement().description(),
        r.statement().submitter(),
        r.statement().receivedAt(),
        r.status(),
        r.anchor(),
        r.anchoredBy(),
        r.lastError(),
        Map.of("self", self, "proof", self + "/proof", "original", self + "/original"));
  }
}
