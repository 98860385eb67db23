package org.evidencenotary.chaincode.core;

/**
 * An anchored Merkle root, stored under {@code batch/<root>}.
 *
 * @param merkleRoot the root (hex)
 * @param count number of leaves
 * @param kind what the leaves are
 * @param anchoredBy organisation that anchored it
 * @param anchoredBySubject identity within that organisation
 * @param anchoredAt transaction timestamp
 * @param txId the anchoring transaction
 */
public record BatchAnchor(
    String merkleRoot,
    long count,
    String kind,
    String anchoredBy,
    String anchoredBySubject,
    String anchoredAt,
    String txId) {}
