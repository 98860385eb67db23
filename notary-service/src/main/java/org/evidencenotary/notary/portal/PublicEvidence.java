package org.evidencenotary.notary.portal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceStatus;
import org.evidencenotary.notary.ledger.AnchorLocation;

/**
 * What the public evidence page may show of a record: its identity on the ledger, never who or
 * what it is about. Built only through {@link #of}, which copies the non-identifying fields and
 * leaves out, on purpose, the declared file name, case reference, description and submitter, the
 * DICOM attributes, the acquisition signer and the last anchoring error (docs/portal.md).
 *
 * @param id evidence id (a random UUID)
 * @param anchored whether the record is anchored (else anchoring is pending)
 * @param sha256 SHA-256 of the notarized bytes (hex)
 * @param size their length in bytes
 * @param mediaType the declared media type
 * @param receivedAt when the notary received them (ISO-8601 UTC)
 * @param anchor where they are anchored, or null while pending
 * @param anchoredBy the organisation that anchored them, or null
 */
public record PublicEvidence(
    String id,
    boolean anchored,
    String sha256,
    long size,
    String mediaType,
    String receivedAt,
    AnchorLocation anchor,
    String anchoredBy) {
  private static final DateTimeFormatter READABLE =
      DateTimeFormatter.ofPattern("d MMMM uuuu, HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  static PublicEvidence of(EvidenceRecord r) {
    boolean anchored = r.status() == EvidenceStatus.ANCHORED && r.anchor() != null;
    return new PublicEvidence(r.id(), anchored, r.sha256(), r.size(), r.mediaType(), r.statement().receivedAt(),
        anchored ? r.anchor() : null, anchored ? r.anchoredBy() : null);
  }

  /** "1,048,576 bytes (1.0 MiB)". */
  public String sizeInWords() {
    String bytes = String.format(Locale.ENGLISH, "%,d byte%s", size, size == 1 ? "" : "s");
    if (size < 1024) {
      return bytes;
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = size;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return bytes + String.format(Locale.ENGLISH, " (%.1f %s)", value, units[unit]);
  }

  public String receivedInWords() {
    return readable(receivedAt);
  }

  public String anchoredInWords() {
    return anchor == null ? null : readable(anchor.timestamp());
  }

  /** "Embedded ledger notary-embedded" or "Hyperledger Fabric, channel evidence". */
  public String ledgerInWords() {
    if (anchor == null) {
      return null;
    }
    return "fabric".equals(anchor.ledger())
        ? "Hyperledger Fabric, channel " + anchor.ledgerId()
            + (anchor.chaincode() == null ? "" : ", chaincode " + anchor.chaincode())
        : "the notary's embedded ledger (" + anchor.ledgerId() + ")";
  }

  /** Fabric: the organisations whose peers endorsed the anchor, "CourtMSP, HospitalMSP"; else null. */
  public String endorsedByInWords() {
    List<String> orgs = anchor == null ? null : anchor.endorsingOrganisations();
    return orgs == null || orgs.isEmpty() ? null : String.join(", ", orgs);
  }

  static String readable(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return READABLE.format(Instant.parse(iso).truncatedTo(ChronoUnit.SECONDS));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }
}
