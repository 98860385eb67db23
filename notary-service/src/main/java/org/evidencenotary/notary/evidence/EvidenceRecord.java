package org.evidencenotary.notary.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import org.evidencenotary.format.EvidenceStatement;
import org.evidencenotary.notary.dicom.DicomAttributes;
import org.evidencenotary.notary.ledger.AnchorLocation;
import org.evidencenotary.notary.ledger.LedgerEntry;

/**
 * The notary's own record of one piece of evidence, kept in the hospital's store (never on the
 * ledger): the signed statement, where the original is stored, and where it is anchored.
 *
 * @param id evidence id (a random UUID)
 * @param sha256 SHA-256 of the original (hex)
 * @param size length in bytes
 * @param mediaType declared media type
 * @param statement the signed evidence statement
 * @param statementSha256 SHA-256 of its canonical bytes (hex): what the ledger holds
 * @param referenceHash salted hash of the case reference, as the ledger holds it, or absent
 * @param signature the notary's signature over the canonical statement (base64 DER)
 * @param store kind of store holding the original
 * @param storageAddress the original's address in that store
 * @param status {@code PENDING} until anchored
 * @param anchor where it is anchored, once it is
 * @param anchoredBy organisation that anchored it, once it is
 * @param attempts anchoring attempts that failed so far
 * @param lastError why the last anchoring attempt failed, if it did
 * @param dicom the DICOM attributes of the instance (hospital store only), or absent
 * @param acquisitionSignature the acquiring technologist's or device's CMS signature (CAdES-T,
 *     base64 DER, detached: the signed content is the original), or absent
 * @param signerId the enrolled identity that made it, or absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvidenceRecord(
    String id,
    String sha256,
    long size,
    String mediaType,
    EvidenceStatement statement,
    String statementSha256,
    String referenceHash,
    String signature,
    String store,
    String storageAddress,
    EvidenceStatus status,
    AnchorLocation anchor,
    String anchoredBy,
    int attempts,
    String lastError,
    DicomAttributes dicom,
    String acquisitionSignature,
    String signerId) {
  public EvidenceRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(status, "status");
  }

  /** A record without an acquisition signature. */
  public EvidenceRecord(
      String id, String sha256, long size, String mediaType, EvidenceStatement statement, String statementSha256,
      String referenceHash, String signature, String store, String storageAddress, EvidenceStatus status,
      AnchorLocation anchor, String anchoredBy, int attempts, String lastError, DicomAttributes dicom) {
    this(id, sha256, size, mediaType, statement, statementSha256, referenceHash, signature, store, storageAddress,
        status, anchor, anchoredBy, attempts, lastError, dicom, null, null);
  }

  /** A record of bytes that are not a DICOM instance. */
  public EvidenceRecord(
      String id, String sha256, long size, String mediaType, EvidenceStatement statement, String statementSha256,
      String referenceHash, String signature, String store, String storageAddress, EvidenceStatus status,
      AnchorLocation anchor, String anchoredBy, int attempts, String lastError) {
    this(id, sha256, size, mediaType, statement, statementSha256, referenceHash, signature, store, storageAddress,
        status, anchor, anchoredBy, attempts, lastError, null, null, null);
  }

  EvidenceRecord anchored(LedgerEntry entry) {
    return new EvidenceRecord(
        id, sha256, size, mediaType, statement, statementSha256, referenceHash, signature, store, storageAddress,
        EvidenceStatus.ANCHORED, entry.location(), entry.anchor().anchoredBy(), attempts, null, dicom,
        acquisitionSignature, signerId);
  }

  EvidenceRecord failedAttempt(String error) {
    return new EvidenceRecord(
        id, sha256, size, mediaType, statement, statementSha256, referenceHash, signature, store, storageAddress,
        status, anchor, anchoredBy, attempts + 1, error, dicom, acquisitionSignature, signerId);
  }
}
