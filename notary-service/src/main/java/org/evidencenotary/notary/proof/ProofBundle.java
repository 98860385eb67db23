package org.evidencenotary.notary.proof;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.evidencenotary.notary.statement.EvidenceStatement;

/**
 * Everything needed to check one notarization without asking the notary: the signed statement,
 * the signature and certificates, where the digest is anchored (with the block itself), and where
 * the original is kept.
 *
 * @param format fixed {@value #FORMAT}
 * @param evidenceId the evidence id
 * @param statement the signed statement (its RFC 8785 canonical form is what was signed)
 * @param statementSha256 SHA-256 of the canonical statement (hex), as anchored
 * @param signature the notary's signature over the canonical statement
 * @param certificateChain signer certificate first, root last; base64 DER
 * @param anchor the ledger anchor
 * @param storage where the original is kept
 * @param acquisitionSignature the acquiring technologist's or device's CMS signature (CAdES-T,
 *     base64 DER, detached over the original), when one signed
 * @param signerCrl the hospital CA's revocation list (base64 DER) as of this proof, when an
 *     acquisition signature is present
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record ProofBundle(
    String format,
    String evidenceId,
    EvidenceStatement statement,
    String statementSha256,
    SignatureValue signature,
    List<String> certificateChain,
    Anchor anchor,
    Storage storage,
    String acquisitionSignature,
    String signerCrl) {
  public static final String FORMAT = "evidence-notary-proof/v1";

  /** A signature: algorithm name (JCA) and base64 value (DER for ECDSA). */
  public record SignatureValue(String algorithm, String value) {}

  /** Where the digest is anchored; {@code block} is the whole block, for offline checking. */
  public record Anchor(
      String ledger,
      String ledgerId,
      long blockNumber,
      String transactionId,
      String blockHash,
      String previousBlockHash,
      String timestamp,
      String anchoredBy,
      JsonNode block) {}

  /** Where the original is kept. */
  public record Storage(String store, String address, String sha256, long size) {}
}
