package org.evidencenotary.notary.series;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.evidencenotary.notary.ledger.AnchorLocation;
import org.evidencenotary.notary.ledger.BatchEntry;

/**
 * One version of a DICOM series' manifest: the series' instances (evidence id and file SHA-256),
 * in ascending order of their SHA-256, and the RFC 9162 Merkle root over those digests, which is
 * what the ledger anchors. Anyone holding the instances can rebuild the root; an instance added or
 * removed changes it. A later instance of an already anchored series makes a new version that
 * names the one it supersedes. Holds no patient data: the series is named by its salted UID hash.
 *
 * @param format fixed {@value #FORMAT}
 * @param seriesInstanceUidHash salted hash of the Series Instance UID, as in the statements
 * @param studyInstanceUidHash salted hash of the Study Instance UID, or absent
 * @param modality the series' modality, or absent
 * @param version 1 for the first manifest of the series, then 2, 3, ...
 * @param builtAt when the notary built it (ISO-8601 UTC)
 * @param leafOrder how the leaves are ordered: {@value #LEAF_ORDER}
 * @param members the instances, in leaf order
 * @param merkleRoot the Merkle root (hex) over the members' SHA-256 values, 32 bytes each
 * @param supersedes the root of the previous anchored version, or absent
 * @param status whether the root is on the ledger yet
 * @param anchor where the root is anchored, once it is
 * @param anchoredBy organisation that anchored it, once it is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeriesManifest(
    String format,
    String seriesInstanceUidHash,
    String studyInstanceUidHash,
    String modality,
    int version,
    String builtAt,
    String leafOrder,
    List<Member> members,
    String merkleRoot,
    String supersedes,
    Status status,
    AnchorLocation anchor,
    String anchoredBy) {
  public static final String FORMAT = "evidence-notary-series/v1";
  public static final String LEAF_ORDER = "sha256-ascending";
  /** The batch kind the ledger records for a series manifest. */
  public static final String KIND = "dicom-series";

  /** Whether a manifest's root is on the ledger. */
  public enum Status { PENDING, ANCHORED }

  /** One instance of the series. */
  public record Member(String evidenceId, String sha256) {
    public Member {
      Objects.requireNonNull(evidenceId, "evidenceId");
      HexFormat.of().parseHex(Objects.requireNonNull(sha256, "sha256"));
    }
  }

  public SeriesManifest {
    Objects.requireNonNull(seriesInstanceUidHash, "seriesInstanceUidHash");
    members = List.copyOf(members);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a series manifest needs at least one instance");
    }
    Objects.requireNonNull(merkleRoot, "merkleRoot");
    Objects.requireNonNull(status, "status");
  }

  /** Index of {@code sha256} among the members (its leaf index), or -1. */
  public int indexOf(String sha256) {
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i).sha256().equals(sha256)) {
        return i;
      }
    }
    return -1;
  }

  SeriesManifest anchored(BatchEntry entry) {
    return new SeriesManifest(format, seriesInstanceUidHash, studyInstanceUidHash, modality, version, builtAt,
        leafOrder, members, merkleRoot, supersedes, Status.ANCHORED, entry.location(), entry.batch().anchoredBy());
  }
}
