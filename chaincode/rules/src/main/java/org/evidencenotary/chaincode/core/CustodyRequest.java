package org.evidencenotary.chaincode.core;

/**
 * A custody event to record against anchored evidence: who accessed it, how. No patient data:
 * {@code detailHash} is a digest of whatever the caller keeps about the event (a court order, a
 * claim file), never the document itself.
 *
 * @param evidenceId the evidence concerned
 * @param action what happened
 * @param detailHash SHA-256 (hex) of the caller's own record of the event, or {@code null}
 */
public record CustodyRequest(String evidenceId, CustodyAction action, String detailHash) {}
