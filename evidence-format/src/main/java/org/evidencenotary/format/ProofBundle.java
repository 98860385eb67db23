package org.evidencenotary.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

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
 * @param series for a DICOM instance whose series manifest is anchored: its place in that
 *     manifest, with the inclusion path to the anchored Merkle root
 * @param custody the evidence's chain of custody as the ledger held it when the proof was made,
 *     each event with its block; absent in proofs made without it (their canonical form is
 *     unchanged)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
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
    String signerCrl,
    Series series,
    Custody custody) {
  public static final String FORMAT = "evidence-notary-proof/v1";

  /** A proof without a custody history. */
  public ProofBundle(String format, String evidenceId, EvidenceStatement statement, String statementSha256,
      SignatureValue signature, List<String> certificateChain, Anchor anchor, Storage storage,
      String acquisitionSignature, String signerCrl, Series series) {
    this(format, evidenceId, statement, statementSha256, signature, certificateChain, anchor, storage,
        acquisitionSignature, signerCrl, series, null);
  }

  /** This proof carrying {@code custody} (null: none). */
  public ProofBundle withCustody(Custody custody) {
    return new ProofBundle(format, evidenceId, statement, statementSha256, signature, certificateChain, anchor,
        storage, acquisitionSignature, signerCrl, series, custody);
  }

  /** A signature: algorithm name (JCA) and base64 value (DER for ECDSA). */
  public record SignatureValue(String algorithm, String value) {}

  /**
   * Where the digest is anchored; {@code block} is the whole block, for offline checking: the
   * embedded ledger's block as JSON, or Fabric's {@code common.Block} protobuf bytes in base64.
   * {@code chaincode} and {@code endorsingOrganisations} are given for Fabric only.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Anchor(
      String ledger,
      String ledgerId,
      long blockNumber,
      String transactionId,
      String blockHash,
      String previousBlockHash,
      String timestamp,
      String anchoredBy,
      String chaincode,
      List<String> endorsingOrganisations,
      JsonNode block) {}

  /**
   * The instance's place in its series' manifest (see docs/dicom.md): the leaf is the exhibit's
   * SHA-256 (32 bytes), {@code inclusionPath} the RFC 9162 sibling hashes from leaf to root.
   *
   * @param format the manifest format
   * @param seriesInstanceUidHash the series, as the signed statement names it
   * @param version the manifest's version (a later instance makes a new version)
   * @param merkleRoot the anchored root (hex)
   * @param leafCount instances in the manifest
   * @param leafIndex this instance's leaf
   * @param inclusionPath sibling hashes (hex), leaf to root
   * @param supersedes the root of the previous version, if any
   * @param anchor where the root is anchored, with the block
   */
  public record Series(
      String format,
      String seriesInstanceUidHash,
      int version,
      String merkleRoot,
      long leafCount,
      long leafIndex,
      List<String> inclusionPath,
      String supersedes,
      Anchor anchor) {}

  /**
   * The custody events of the evidence, oldest first, as the ledger held them when the proof was
   * made (see docs/custody.md). The proof's own issue is recorded after it is made, so it is not
   * among them.
   *
   * @param complete false when the ledger answered as many events as one query returns: there may
   *     be more, and the first carried event may then not be the first recorded
   * @param events each event with its ledger evidence
   */
  public record Custody(boolean complete, List<CustodyRecord> events) {
    public Custody {
      events = List.copyOf(events);
    }
  }

  /**
   * One custody event, provable offline as the anchor is.
   *
   * @param event the event as the ledger rules stored it: the JSON value written under {@code
   *     custody/<evidenceId>/<txId>}
   * @param details the details the notary kept for it, whose RFC 8785 canonical form hashes to the
   *     event's {@code detailHash}; absent when the proof is in its public form (the details name
   *     people), or when the notary holds no intact details for the event
   * @param anchor where the event's transaction sits, with the whole block
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CustodyRecord(JsonNode event, JsonNode details, Anchor anchor) {}

  /** Where the original is kept. */
  public record Storage(String store, String address, String sha256, long size) {}
}
