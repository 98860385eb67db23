package org.evidencenotary.chaincode.core;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A recorded custody event, as stored in world state under {@code custody/<evidenceId>/<txId>}.
 *
 * @param evidenceId the evidence concerned
 * @param digest SHA-256 of the evidence (hex)
 * @param action what happened
 * @param detailHash digest of the caller's record of the event, or absent
 * @param recordedBy organisation (MSP id) that recorded it
 * @param recordedBySubject identity within that organisation
 * @param recordedAt transaction timestamp (ISO-8601 UTC)
 * @param txId the recording transaction
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustodyEvent(
    String evidenceId,
    String digest,
    CustodyAction action,
    String detailHash,
    String recordedBy,
    String recordedBySubject,
    String recordedAt,
    String txId) {}
