package org.evidencenotary.notary.evidence;

/**
 * The outcome of an ingest.
 *
 * @param record the evidence record as it stands when the request answers
 * @param created true when this request notarized the bytes; false when the same bytes were
 *     already notarized and {@code record} is the earlier one
 */
public record IngestResult(EvidenceRecord record, boolean created) {}
