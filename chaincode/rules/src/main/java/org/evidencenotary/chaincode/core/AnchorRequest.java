package org.evidencenotary.chaincode.core;

/**
 * What a hospital asks the ledger to anchor for one piece of evidence. Only digests and
 * non-identifying values: no patient data can be expressed here.
 *
 * @param digest SHA-256 of the exact bytes, 64 lowercase hex characters
 * @param evidenceId the notary's id of the evidence (a random UUID)
 * @param statementSha256 SHA-256 of the canonical signed evidence statement
 * @param referenceHash salted hash of a case or claim reference, or {@code null}
 * @param size length of the evidence in bytes
 * @param mediaType the media type, e.g. {@code application/dicom}
 * @param pixelSha256 for a DICOM instance, SHA-256 of its Pixel Data value bytes as stored, or
 *     {@code null}: lets a copy whose header was changed be matched on the ledger alone
 */
public record AnchorRequest(
    String digest,
    String evidenceId,
    String statementSha256,
    String referenceHash,
    long size,
    String mediaType,
    String pixelSha256) {
  /** A request for bytes without a pixel digest. */
  public AnchorRequest(
      String digest, String evidenceId, String statementSha256, String referenceHash, long size, String mediaType) {
    this(digest, evidenceId, statementSha256, referenceHash, size, mediaType, null);
  }
}
