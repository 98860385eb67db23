package org.evidencenotary.chaincode.core;

/**
 * Anchors the Merkle root of many digests in one transaction; each digest keeps its own inclusion
 * proof off-ledger.
 *
 * @param merkleRoot root of the tree (SHA-256 hex)
 * @param count number of leaves
 * @param kind what the leaves are, e.g. {@code evidence-batch} or {@code dicom-series}
 */
public record BatchRequest(String merkleRoot, long count, String kind) {}
