package org.evidencenotary.format;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The embedded ledger's block-hash rule, written once: a block's hash is the SHA-256 (lower-case
 * hex) of the RFC 8785 canonical form of the block without its {@code hash} member. The embedded
 * ledger computes it when it writes a block; the offline verifier recomputes it from a proof.
 */
public final class BlockHash {
  private BlockHash() {}

  /**
   * The hash of {@code block}; {@code block} itself is left unchanged.
   *
   * @throws IllegalArgumentException when the block cannot be canonicalised
   */
  public static String of(ObjectNode block) {
    ObjectNode withoutHash = block.deepCopy();
    withoutHash.remove("hash");
    return Canonical.sha256(withoutHash).hex();
  }
}
