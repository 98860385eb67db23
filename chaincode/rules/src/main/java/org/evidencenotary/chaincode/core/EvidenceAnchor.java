package org.evidencenotary.chaincode.core;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The ledger's record of one anchored digest, as stored in world state.
 *
 * @param digest SHA-256 of the evidence bytes (hex)
 * @param evidenceId the notary's evidence id
 * @param statementSha256 SHA-256 of the signed evidence statement (hex)
 * @param referenceHash salted hash of a case reference, or {@code null}
 * @param size length in bytes
 * @param mediaType media type
 * @param anchoredBy organisation (MSP id) that anchored it
 * @param anchoredBySubject identity within that organisation
 * @param anchoredAt transaction timestamp, ISO-8601 UTC
 * @param txId transaction that anchored it
 * @param pixelSha256 SHA-256 of a DICOM instance's Pixel Data, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvidenceAnchor(
    String digest,
    String evidenceId,
    String statementSha256,
    String referenceHash,
    long size,
    String mediaType,
    String anchoredBy,
    String anchoredBySubject,
    String anchoredAt,
    String txId,
    String pixelSha256) {}
