package org.evidencenotary.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.evidencenotary.format.BlockHash;
import org.evidencenotary.format.Canonical;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.verifier.fabric.FabricChecks;
import org.evidencenotary.verifier.fabric.FabricTrust;

/**
 * The checks of a proof bundle that need nothing but the bundle, the exhibit's digest and the
 * trusted roots. Each returns a {@link Check} and never throws: any surprise (a missing member,
 * bad base64, a provider error) is a FAILED check. Security: fail closed.
 */
public final class ProofChecks {
  public static final String EXHIBIT = "Exhibit matches the proof";
  public static final String STATEMENT = "Signed evidence statement";
  public static final String SIGNATURE = "Notary signature";
  public static final String CERTIFICATES = "Notary certificate chain";
  public static final String BLOCK = "Proof's ledger block";
  static final ObjectMapper JSON = JsonMapper.builder().build();

  private ProofChecks() {}

  /** The exhibit's digest is the one the statement names. */
  public static Check exhibitMatches(JsonNode proof, String exhibitSha256, long exhibitSize) {
    JsonNode statement = proof.path("statement");
    String named = statement.path("sha256").asText("");
    if (named.equals(exhibitSha256)) {
      return Check.passed(EXHIBIT, "The proof's statement names SHA-256 " + named + ", the exhibit's digest.");
    }
    return Check.failed(EXHIBIT, "The proof is for evidence " + statement.path("evidenceId").asText("?")
        + " with SHA-256 " + named + " (" + statement.path("size").asText("?") + " bytes); the exhibit has SHA-256 "
        + exhibitSha256 + " (" + exhibitSize + " bytes). The exhibit is not the notarized original.");
  }

  /**
   * Whether the exhibit's DICOM data set (every byte after its File Meta Information) is the one
   * the proof's statement signed, in the same transfer syntax.
   */
  static boolean sameDataSet(JsonNode proof, String dataSetSha256, String transferSyntax) {
    JsonNode dicom = proof.path("statement").path("dicom");
    return dataSetSha256 != null && transferSyntax != null
        && dataSetSha256.equals(dicom.path("dataSetSha256").asText(null))
        && transferSyntax.equals(dicom.path("transferSyntaxUid").asText(null));
  }

  /** The exhibit file differs from the notarized one, but only in its File Meta Information. */
  static Check dataSetMatches(JsonNode proof, ExhibitDigests exhibit) {
    JsonNode statement = proof.path("statement");
    return Check.passed(EXHIBIT, "The proof is for evidence " + statement.path("evidenceId").asText("?")
        + " with SHA-256 " + statement.path("sha256").asText("") + " (" + statement.path("size").asText("?")
        + " bytes); the exhibit has SHA-256 " + exhibit.sha256() + " (" + exhibit.size() + " bytes). The files"
        + " differ only in their File Meta Information (group 0002, which the application that writes a file fills"
        + " in and a DICOM network transfer does not carry): the exhibit's data set, every byte after it, has SHA-256 "
        + exhibit.dataSetSha256() + " in transfer syntax " + exhibit.transferSyntax() + ", the data set digest the"
        + " statement signs.");
  }

  /** The statement's RFC 8785 canonical form hashes to the value the proof names. */
  public static Check statementHash(JsonNode proof) {
    return statementHash(proof.get("statement"), proof.path("statementSha256").asText(""), "the proof");
  }

  /**
   * The statement's RFC 8785 canonical form hashes to {@code expected}, which {@code source}
   * (the proof, the ledger) names.
   */
  public static Check statementHash(JsonNode statement, String expected, String source) {
    try {
      String computed = sha256Hex(canonical(statement));
      if (!computed.equals(expected)) {
        return Check.failed(STATEMENT, "The statement's canonical form hashes to " + computed + ", but " + source
            + " names " + expected + ": the statement was changed.");
      }
      return Check.passed(STATEMENT, "The statement of evidence " + statement.path("evidenceId").asText("?")
          + " names SHA-256 " + statement.path("sha256").asText("?") + " (" + statement.path("size").asText("?")
          + " bytes, " + statement.path("mediaType").asText("?") + ", received "
          + statement.path("receivedAt").asText("?") + "); its RFC 8785 canonical form hashes to " + computed
          + ", the value " + source + " names.");
    } catch (RuntimeException | IOException e) {
      return Check.failed(STATEMENT, "The statement could not be canonicalised: " + e.getMessage());
    }
  }

  /** The signature over the canonical statement verifies with the first certificate's key. */
  public static Check signature(JsonNode proof, List<X509Certificate> chain) {
    return signature(proof.get("statement"), proof.path("signature"), chain);
  }

  /**
   * {@code signature} ({@code {"algorithm", "value"}}) over the canonical {@code statement}
   * verifies with the first certificate's key.
   */
  public static Check signature(JsonNode statement, JsonNode signature, List<X509Certificate> chain) {
    try {
      if (chain.isEmpty()) {
        return Check.failed(SIGNATURE, "The proof carries no signer certificate.");
      }
      String algorithm = signature.path("algorithm").asText("");
      if (!"SHA256withECDSA".equals(algorithm)) {
        return Check.failed(SIGNATURE, "Unsupported signature algorithm '" + algorithm + "'.");
      }
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(chain.get(0).getPublicKey());
      verifier.update(canonical(statement));
      if (!verifier.verify(Base64.getDecoder().decode(signature.path("value").asText("")))) {
        return Check.failed(SIGNATURE, "The signature does not match the statement.");
      }
      return Check.passed(SIGNATURE, "The ECDSA P-256 signature over the canonical statement verifies with the key of '"
          + subject(chain.get(0)) + "'.");
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      return Check.failed(SIGNATURE, "The signature could not be checked: " + e.getMessage());
    }
  }

  /** The chain leads to one of the trusted roots, as it stood at {@code at}. */
  public static Check chain(List<X509Certificate> chain, List<X509Certificate> roots, Instant at) {
    try {
      if (roots.isEmpty()) {
        return Check.failed(CERTIFICATES, "No trusted roots were given.");
      }
      List<X509Certificate> path = new ArrayList<>(chain);
      path.removeIf(roots::contains);
      if (path.isEmpty()) {
        return Check.failed(CERTIFICATES, "The chain holds no signer certificate.");
      }
      Set<TrustAnchor> anchors = roots.stream().map(r -> new TrustAnchor(r, null)).collect(Collectors.toSet());
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
      return Check.passed(CERTIFICATES, "The signing certificate '" + subject(path.get(0))
          + "' chains to a trusted root and was valid at " + at + ".");
    } catch (GeneralSecurityException | RuntimeException e) {
      return Check.failed(CERTIFICATES, "The certificate chain does not lead to a trusted root: " + e.getMessage());
    }
  }

  /**
   * The ledger block carried in the proof: for the embedded ledger, its canonical form (without
   * {@code hash}) hashes to the stated block hash, it links to the stated previous block, and its
   * transaction writes this digest's anchor with this statement hash. A Fabric anchor needs the
   * network trust: see {@link #ledger(JsonNode, FabricTrust)}.
   */
  public static Check block(JsonNode proof) {
    if (FABRIC.equals(proof.path("anchor").path("ledger").asText(""))) {
      return Check.notChecked(BLOCK, FABRIC_NEEDS_TRUST);
    }
    return ledger(proof, null).get(0);
  }

  private static final String FABRIC = "fabric";
  private static final String FABRIC_NEEDS_TRUST = "A Fabric anchor is checked against the network's trust"
      + " (fabric/ in the offline verifier's trust folder), which this check was not given.";

  /**
   * The ledger anchor: {@link #BLOCK} first; for a Fabric anchor, followed by the signature and
   * organisation checks of {@link FabricChecks}, against {@code fabric} (null when the trust folder
   * holds no Fabric trust).
   */
  public static List<Check> ledger(JsonNode proof, FabricTrust fabric) {
    try {
      String digest = proof.path("statement").path("sha256").asText();
      Written written = written(proof.path("anchor"), EVIDENCE_PREFIX + digest, fabric);
      if (written.outcome() != null) {
        return List.of(written.outcome().apply(BLOCK));
      }
      JsonNode value = JSON.readTree(written.value());
      List<Check> out = new ArrayList<>();
      if (!value.path("statementSha256").asText().equals(proof.path("statementSha256").asText())) {
        out.add(Check.failed(BLOCK, "The block anchors a different statement for this digest."));
      } else {
        out.add(Check.passed(BLOCK, capitalised(written.where()) + " anchored SHA-256 " + digest
            + " with this statement, at " + value.path("anchoredAt").asText() + " by "
            + value.path("anchoredBy").asText() + "."));
      }
      out.addAll(written.more());
      return out;
    } catch (IOException | RuntimeException e) {
      return List.of(Check.failed(BLOCK, "The proof's block could not be checked: " + e.getMessage()));
    }
  }

  private static final String EVIDENCE_PREFIX = "evidence/";
  private static final String BATCH_PREFIX = "batch/";
  private static final String CUSTODY_PREFIX = "custody/";

  /**
   * What an anchor's transaction wrote under {@code key}: its value and where it is (a phrase that
   * "anchored ..." completes), with the ledger's further checks; or, in {@code outcome}, the check to report instead (named by the
   * caller) when the block does not hold together, lacks the write, or cannot be checked.
   */
  private record Written(byte[] value, String where, List<Check> more,
      java.util.function.Function<String, Check> outcome) {
    static Written instead(java.util.function.Function<String, Check> outcome) {
      return new Written(null, null, List.of(), outcome);
    }
  }

  private static Written written(JsonNode anchor, String key, FabricTrust fabric) throws IOException {
    String ledger = anchor.path("ledger").asText("");
    String txId = anchor.path("transactionId").asText();
    if (FABRIC.equals(ledger)) {
      FabricChecks.Anchored anchored = FabricChecks.anchored(anchor, key, fabric);
      if (anchored.problem() != null) {
        return Written.instead(name -> Check.failed(name, anchored.problem()));
      }
      return new Written(anchored.written(), anchored.where(), anchored.checks(), null);
    }
    if (!"embedded".equals(ledger)) {
      return Written.instead(name -> Check.notChecked(name, "Blocks of the '" + ledger
          + "' ledger cannot be checked offline."));
    }
    String broken = blockProblem(anchor);
    if (broken != null) {
      return Written.instead(name -> Check.failed(name, broken));
    }
    JsonNode block = anchor.get("block");
    for (JsonNode tx : block.path("transactions")) {
      if (!tx.path("txId").asText().equals(txId)) {
        continue;
      }
      for (JsonNode write : tx.path("writes")) {
        if (write.path("key").asText().equals(key)) {
          return new Written(Base64.getDecoder().decode(write.path("value").asText()), "block "
              + block.path("number").asLong() + " of ledger '" + block.path("ledgerId").asText() + "' hashes to "
              + block.path("hash").asText() + " and its transaction " + txId, List.of(), null);
        }
      }
    }
    String what = key.startsWith(BATCH_PREFIX) ? "anchor Merkle root " + key.substring(BATCH_PREFIX.length())
        : key.startsWith(CUSTODY_PREFIX) ? "record a custody event of evidence "
            + key.substring(CUSTODY_PREFIX.length(), key.lastIndexOf('/'))
        : "anchor SHA-256 " + key.substring(EVIDENCE_PREFIX.length());
    return Written.instead(name -> Check.failed(name, "Transaction " + txId + " in the block does not "
        + what + "."));
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /**
   * Why the embedded-ledger block in {@code anchor} does not hold together (it does not hash to
   * the stated hash, or does not link to the stated previous block), or null when it does.
   */
  private static String blockProblem(JsonNode anchor) throws IOException {
    if (!(anchor.get("block") instanceof ObjectNode block)) {
      return "The proof carries no ledger block.";
    }
    String recomputed = blockHash(block);
    if (!recomputed.equals(anchor.path("blockHash").asText()) || !recomputed.equals(block.path("hash").asText())) {
      return "The block in the proof hashes to " + recomputed + ", not to the stated "
          + anchor.path("blockHash").asText() + ".";
    }
    if (!block.path("previousHash").asText().equals(anchor.path("previousBlockHash").asText())) {
      return "The block does not link to the stated previous block.";
    }
    return null;
  }

  public static final String SERIES = "Series membership";

  /**
   * For a DICOM instance whose proof carries its series manifest membership: the manifest is of
   * the series the signed statement names; the statement's SHA-256 as a leaf, with the inclusion
   * path, leads to the manifest's Merkle root (RFC 9162); and the carried block anchors that root
   * as a {@code dicom-series} batch of exactly that many instances. Empty when the proof carries
   * no series membership.
   */
  public static List<Check> series(JsonNode proof) {
    JsonNode series = proof.get("series");
    if (series != null && FABRIC.equals(series.path("anchor").path("ledger").asText(""))) {
      return List.of(Check.notChecked(SERIES, FABRIC_NEEDS_TRUST));
    }
    return series(proof, null);
  }

  /** As {@link #series(JsonNode)}, with the Fabric network trust for a manifest anchored on Fabric. */
  public static List<Check> series(JsonNode proof, FabricTrust fabric) {
    JsonNode series = proof.get("series");
    if (series == null || series.isNull()) {
      return List.of();
    }
    try {
      JsonNode statement = proof.path("statement");
      String named = statement.path("dicom").path("seriesInstanceUidHash").asText("");
      if (named.isEmpty() || !named.equals(series.path("seriesInstanceUidHash").asText())) {
        return List.of(Check.failed(SERIES, "The series manifest is of series "
            + series.path("seriesInstanceUidHash").asText("?") + ", but the signed statement names series "
            + (named.isEmpty() ? "none" : named) + "."));
      }
      String root = series.path("merkleRoot").asText("");
      long count = series.path("leafCount").asLong(-1);
      long index = series.path("leafIndex").asLong(-1);
      List<byte[]> path = new ArrayList<>();
      for (JsonNode p : series.path("inclusionPath")) {
        path.add(HexFormat.of().parseHex(p.asText()));
      }
      byte[] leaf = HexFormat.of().parseHex(statement.path("sha256").asText());
      String computed = HexFormat.of().formatHex(MerkleTree.rootFromPath(leaf, index, count, path));
      if (!computed.equals(root)) {
        return List.of(Check.failed(SERIES, "The instance's inclusion path leads to Merkle root " + computed
            + ", not to the manifest's root " + root + ": the instance is not in that manifest as stated."));
      }
      String where = "instance " + (index + 1) + " of " + count + " in version " + series.path("version").asInt()
          + " of the manifest of series " + named + ", whose Merkle root " + root + " the inclusion path leads to";
      Written written = written(series.path("anchor"), BATCH_PREFIX + root, fabric);
      if (written.outcome() != null) {
        Check instead = written.outcome().apply(SERIES);
        return List.of(new Check(SERIES, instead.result(), "The exhibit is " + where + "; but its manifest's anchor: "
            + instead.detail(), instead.concern()));
      }
      JsonNode value = JSON.readTree(written.value());
      List<Check> out = new ArrayList<>();
      if (value.path("count").asLong() != count || !"dicom-series".equals(value.path("kind").asText())) {
        out.add(Check.failed(SERIES, "The block anchors root " + root + " as a '"
            + value.path("kind").asText() + "' of " + value.path("count").asLong() + " leaves, not as the"
            + " series manifest of " + count + " instances the proof states."));
      } else {
        out.add(Check.passed(SERIES, "The exhibit is " + where + "; " + written.where() + " anchored that root"
            + " as a series of " + count + " instances at " + value.path("anchoredAt").asText() + " by "
            + value.path("anchoredBy").asText() + "."));
      }
      for (Check more : written.more()) {
        out.add(new Check(more.name() + " (series manifest)", more.result(), more.detail(), more.concern()));
      }
      return out;
    } catch (IOException | RuntimeException e) {
      return List.of(Check.failed(SERIES, "The series membership could not be checked: " + e.getMessage()));
    }
  }

  public static final String CUSTODY_EVENT = "Custody event";
  public static final String CUSTODY = "Chain of custody";

  /**
   * The chain of custody a proof carries (see docs/custody.md): for each event, one check named
   * {@value #CUSTODY_EVENT} and its number, that it is of this evidence, that its transaction in
   * the carried block wrote exactly this event (embedded ledger: the block hashes as stated;
   * Fabric: as the anchor, with signatures and organisations against the network trust), and that
   * the details carried with it hash to the event's {@code detailHash}; then one check named
   * {@value #CUSTODY} that the events are in ledger order, each naming the one before it where its
   * details say so. Empty when the proof carries no custody history (proofs made before it could).
   *
   * <p>Security: an event dropped from the end of the list, or recorded after the proof was made,
   * cannot show; one dropped from the middle or the start, or moved, shows through the sequence
   * and predecessor its details carry, when the proof carries details.
   */
  public static List<Check> custody(JsonNode proof, FabricTrust fabric) {
    JsonNode custody = proof.get("custody");
    if (custody == null || custody.isNull()) {
      return List.of();
    }
    List<Check> out = new ArrayList<>();
    try {
      JsonNode events = custody.get("events");
      if (events == null || !events.isArray()) {
        return List.of(Check.failed(CUSTODY, "The proof's custody history carries no list of events."));
      }
      String evidenceId = proof.path("evidenceId").asText("");
      String digest = proof.path("statement").path("sha256").asText("");
      boolean complete = custody.path("complete").asBoolean(false);
      List<String> orderProblems = new ArrayList<>();
      String previousTx = null;
      String previousAt = null;
      long previousBlock = -1;
      int linked = 0;
      java.util.Set<String> seen = new java.util.HashSet<>();
      int n = 0;
      for (JsonNode record : events) {
        n++;
        String name = CUSTODY_EVENT + " " + n;
        JsonNode event = record.path("event");
        String action = event.path("action").asText("?");
        String txId = event.path("txId").asText("");
        String which = "Custody event " + n + " (" + action + ", transaction " + txId + ")";
        if (!event.path("evidenceId").asText("").equals(evidenceId)) {
          out.add(Check.failed(name, which + " is of evidence " + event.path("evidenceId").asText("?")
              + ", not of evidence " + evidenceId + ", which this proof is for: it was taken from another"
              + " evidence's history."));
          continue;
        }
        if (!event.path("digest").asText("").equals(digest)) {
          out.add(Check.failed(name, which + " names SHA-256 " + event.path("digest").asText("?")
              + ", not this evidence's " + digest + "."));
          continue;
        }
        JsonNode anchor = record.path("anchor");
        if (!txId.equals(anchor.path("transactionId").asText())) {
          out.add(Check.failed(name, which + " comes with the block of transaction "
              + anchor.path("transactionId").asText("?") + ", not of its own."));
          continue;
        }
        if ("embedded".equals(anchor.path("ledger").asText(""))
            && anchor.path("blockNumber").asLong(-1) != anchor.path("block").path("number").asLong(-2)) {
          out.add(Check.failed(name, which + " names block " + anchor.path("blockNumber").asText("?")
              + ", but comes with block " + anchor.path("block").path("number").asText("?") + "."));
          continue;
        }
        Written written = written(anchor, CUSTODY_PREFIX + evidenceId + "/" + txId, fabric);
        if (written.outcome() != null) {
          Check instead = written.outcome().apply(name);
          out.add(new Check(name, instead.result(), which + ": " + instead.detail(), instead.concern()));
          continue;
        }
        if (!java.util.Arrays.equals(canonical(JSON.readTree(written.value())), canonical(event))) {
          out.add(Check.failed(name, which + ": the ledger holds another event under that transaction: the event"
              + " in the proof was changed."));
          continue;
        }
        if (!seen.add(txId)) {
          orderProblems.add(which + " is listed twice.");
        }
        String detailHash = event.path("detailHash").asText("");
        JsonNode details = record.get("details");
        String said;
        if (details == null || details.isNull()) {
          said = "its details (who, why) are not in this proof, so the ledger's detailHash "
              + (detailHash.isEmpty() ? "(none)" : detailHash) + " was not recomputed";
        } else {
          String computed = sha256Hex(canonical(details));
          if (!computed.equals(detailHash)) {
            out.add(Check.failed(name, "The details carried with " + which.substring(0, 1).toLowerCase()
                + which.substring(1) + " hash to " + computed + ", but the ledger's detailHash is "
                + (detailHash.isEmpty() ? "absent" : detailHash) + ": the details were changed."));
            continue;
          }
          if (!details.path("evidenceId").asText("").equals(evidenceId)
              || !details.path("action").asText("").equals(action)) {
            out.add(Check.failed(name, "The details carried with " + which + " are of "
                + details.path("action").asText("?") + " of evidence " + details.path("evidenceId").asText("?")
                + ", not of the event they hash to."));
            continue;
          }
          said = "its details hash to the ledger's detailHash " + computed + " (" + details.path("actor")
              .path("role").asText("?") + ", at " + details.path("at").asText("?") + ")";
          if (details.has("sequence")) {
            int sequence = details.path("sequence").asInt(-1);
            String before = details.path("previous").asText(null);
            linked++;
            if (complete && sequence != n) {
              orderProblems.add(which + " is event " + sequence + " of this evidence, but is number " + n
                  + " in the proof: " + (sequence > n ? "an earlier event was dropped." : "the events were reordered."));
            }
            if (n == 1 && before != null && complete) {
              orderProblems.add(which + " names transaction " + before + " as the event before it, but it is the"
                  + " first in the proof: an earlier event was dropped.");
            } else if (n > 1 && !java.util.Objects.equals(before, previousTx)) {
              orderProblems.add(which + " names " + (before == null ? "no event" : "transaction " + before)
                  + " as the event before it, but the proof's event before it is transaction " + previousTx
                  + ": an event was dropped or the events were reordered.");
            }
          }
        }
        String at = event.path("recordedAt").asText("");
        long block = anchor.path("blockNumber").asLong(-1);
        if (previousAt != null && (Instant.parse(at).isBefore(Instant.parse(previousAt)) || block < previousBlock)) {
          orderProblems.add(which + " was recorded at " + at + " in block " + block + ", before the event listed"
              + " ahead of it (" + previousAt + ", block " + previousBlock + "): the events were reordered.");
        }
        out.add(Check.passed(name, capitalised(written.where()) + " recorded " + action + " of this evidence at "
            + at + " by " + event.path("recordedBy").asText("?") + "; " + said + "."));
        for (Check more : written.more()) {
          out.add(new Check(more.name() + " (custody event " + n + ")", more.result(), more.detail(), more.concern()));
        }
        previousTx = txId;
        previousAt = at;
        previousBlock = block;
      }
      if (n == 0) {
        out.add(Check.passed(CUSTODY, "No custody event of this evidence was on the ledger when the proof was made."));
      } else if (!orderProblems.isEmpty()) {
        out.add(Check.failed(CUSTODY, String.join(" ", orderProblems)));
      } else {
        out.add(Check.passed(CUSTODY, n + " custody event" + (n == 1 ? "" : "s") + ", oldest first, in ledger order"
            + (linked == 0 ? "" : "; " + linked + " of them carry their place in the history and the event before"
                + " them, and they agree with this list")
            + (complete ? "" : "; the ledger answered its most events per query, so there may be earlier ones")
            + ". Events recorded after the proof was made, such as its own issue, are not in it."));
      }
      return out;
    } catch (IOException | RuntimeException e) {
      out.add(Check.failed(CUSTODY, "The proof's custody history could not be checked: " + e.getMessage()));
      return out;
    }
  }

  public static final String ACQUISITION = "Acquisition signature";
  public static final String ACQUISITION_TIME = "Acquisition time-stamp";
  public static final String SIGNER_STATUS = "Signer certificate status";
  /** The signed attribute carrying the statement's SHA-256 in acquisition signatures. */
  static final String STATEMENT_DIGEST_OID = "2.25.176893487061915683045361478498542512146";

  /**
   * The acquiring technologist's or device's CMS signature (base64 DER, detached), when the proof
   * carries one: its message digest is the exhibit's SHA-256, it names this statement, its
   * signature over the signed attributes verifies, its signer chains to a trusted root at the
   * time-stamp's time; and the RFC 3161 time-stamp is over that signature by a trusted authority.
   * One NOT_CHECKED check when there is no acquisition signature.
   */
  public static List<Check> acquisition(JsonNode proof, String exhibitSha256, List<X509Certificate> roots) {
    String encoded = proof.path("acquisitionSignature").asText("");
    if (encoded.isEmpty()) {
      return List.of(Check.notChecked(ACQUISITION, "No technologist or device signed this acquisition."));
    }
    List<Check> out = new ArrayList<>();
    try {
      var cms = new org.bouncycastle.cms.CMSSignedData(Base64.getDecoder().decode(encoded));
      var signer = cms.getSignerInfos().getSigners().iterator().next();
      var attributes = signer.getSignedAttributes();
      byte[] messageDigest = ((org.bouncycastle.asn1.ASN1OctetString) attributes
          .get(org.bouncycastle.asn1.cms.CMSAttributes.messageDigest).getAttrValues().getObjectAt(0)).getOctets();
      String signedOver = HexFormat.of().formatHex(messageDigest);
      var statementAttribute = attributes.get(new org.bouncycastle.asn1.ASN1ObjectIdentifier(STATEMENT_DIGEST_OID));
      String statementDigest = statementAttribute == null ? "" : HexFormat.of().formatHex(
          ((org.bouncycastle.asn1.ASN1OctetString) statementAttribute.getAttrValues().getObjectAt(0)).getOctets());
      @SuppressWarnings("unchecked")
      var holders = cms.getCertificates().getMatches(
          (org.bouncycastle.util.Selector<org.bouncycastle.cert.X509CertificateHolder>) signer.getSID());
      if (holders.isEmpty()) {
        return List.of(Check.failed(ACQUISITION, "The acquisition signature carries no signer certificate."));
      }
      var converter = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter();
      X509Certificate signerCert = converter.getCertificate(holders.iterator().next());
      // CMS with signed attributes: the signature is over their DER encoding (RFC 5652, 5.4).
      Signature verifier = Signature.getInstance(acquisitionAlgorithm(signer.getDigestAlgOID(),
          signer.getEncryptionAlgOID(), signerCert.getPublicKey()));
      verifier.initVerify(signerCert.getPublicKey());
      verifier.update(signer.getEncodedSignedAttributes());
      boolean intact = verifier.verify(signer.getSignature());

      var unsigned = signer.getUnsignedAttributes();
      var tokenAttribute = unsigned == null ? null
          : unsigned.get(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
      Instant signedAt = null;
      Check timeCheck;
      if (tokenAttribute == null) {
        timeCheck = Check.failed(ACQUISITION_TIME, "The acquisition signature carries no time-stamp.");
      } else {
        var token = new org.bouncycastle.tsp.TimeStampToken(new org.bouncycastle.cms.CMSSignedData(
            tokenAttribute.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded()));
        byte[] imprint = Sha256.digest(signer.getSignature()).bytes();
        @SuppressWarnings("unchecked")
        var tsaHolders = token.getCertificates().getMatches(
            (org.bouncycastle.util.Selector<org.bouncycastle.cert.X509CertificateHolder>) token.getSID());
        if (!MessageDigest.isEqual(imprint, token.getTimeStampInfo().getMessageImprintDigest())) {
          timeCheck = Check.failed(ACQUISITION_TIME, "The time-stamp is not over this signature.");
        } else if (tsaHolders.isEmpty()) {
          timeCheck = Check.failed(ACQUISITION_TIME, "The time-stamp does not carry its authority's certificate.");
        } else {
          X509Certificate tsaCert = converter.getCertificate(tsaHolders.iterator().next());
          token.validate(new org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder().build(tsaCert));
          signedAt = token.getTimeStampInfo().getGenTime().toInstant();
          Check tsaTrust = chain(List.of(tsaCert), roots, signedAt);
          timeCheck = tsaTrust.passed()
              ? Check.passed(ACQUISITION_TIME, "RFC 3161 time-stamp by '" + subject(tsaCert) + "': the signature"
                  + " existed at " + signedAt + ".")
              : Check.failed(ACQUISITION_TIME, "The time-stamp's authority is not trusted: " + tsaTrust.detail());
        }
      }
      Check signerTrust = chain(List.of(signerCert), roots, signedAt == null ? Instant.now() : signedAt);
      if (!signedOver.equals(exhibitSha256)) {
        out.add(Check.failed(ACQUISITION, "'" + subject(signerCert) + "' signed SHA-256 " + signedOver
            + ", not the exhibit's " + exhibitSha256 + "."));
      } else if (!statementDigest.equals(proof.path("statementSha256").asText())) {
        out.add(Check.failed(ACQUISITION, "The acquisition signature names another statement (" + statementDigest + ")."));
      } else if (!intact) {
        out.add(Check.failed(ACQUISITION, "The acquisition signature by '" + subject(signerCert) + "' does not verify."));
      } else if (!signerTrust.passed()) {
        out.add(Check.failed(ACQUISITION, "The acquisition signer '" + subject(signerCert)
            + "' does not chain to a trusted root: " + signerTrust.detail()));
      } else {
        out.add(Check.passed(ACQUISITION, "'" + subject(signerCert) + "' signed these exact bytes (SHA-256 " + signedOver
            + ") and this statement; the certificate chains to a trusted root and was valid when it signed."));
      }
      out.add(timeCheck);
      out.add(signerStatus(proof.path("signerCrl").asText(""), signerCert, signedAt, roots));
      return out;
    } catch (Exception e) {
      return List.of(Check.failed(ACQUISITION, "The acquisition signature could not be checked: " + e.getMessage()));
    }
  }

  static final String SHA256_OID = "2.16.840.1.101.3.4.2.1";
  static final String ECDSA_WITH_SHA256_OID = "1.2.840.10045.4.3.2";
  static final String RSA_ENCRYPTION_OID = "1.2.840.113549.1.1.1";
  static final String SHA256_WITH_RSA_OID = "1.2.840.113549.1.1.11";
  static final int MIN_RSA_BITS = 2048;

  /**
   * The JCA name of an acquisition signature's algorithm, from its SignerInfo's digest and
   * signature algorithm OIDs, when they are one of the two an identity key makes and fit the
   * signer's key: SHA-256 with ECDSA (EC key), or SHA-256 with RSASSA-PKCS1-v1_5 (RSA key of at
   * least 2048 bits; CMS names it rsaEncryption or sha256WithRSAEncryption, RFC 5754 3.2). Anything
   * else (another digest, RSASSA-PSS, a key of the other type) throws: fail closed.
   */
  static String acquisitionAlgorithm(String digestOid, String signatureOid, PublicKey key)
      throws GeneralSecurityException {
    if (!SHA256_OID.equals(digestOid)) {
      throw new GeneralSecurityException("the signature's digest algorithm is " + digestOid + ", not SHA-256");
    }
    if (ECDSA_WITH_SHA256_OID.equals(signatureOid)) {
      if (!(key instanceof ECPublicKey)) {
        throw new GeneralSecurityException("an ECDSA signature, but the signer's key is " + key.getAlgorithm());
      }
      return "SHA256withECDSA";
    }
    if (RSA_ENCRYPTION_OID.equals(signatureOid) || SHA256_WITH_RSA_OID.equals(signatureOid)) {
      if (!(key instanceof RSAPublicKey rsa)) {
        throw new GeneralSecurityException("an RSA signature, but the signer's key is " + key.getAlgorithm());
      }
      if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
        throw new GeneralSecurityException("the signer's RSA key has " + rsa.getModulus().bitLength()
            + " bits, fewer than " + MIN_RSA_BITS);
      }
      return "SHA256withRSA";
    }
    throw new GeneralSecurityException("the signature algorithm " + signatureOid
        + " is not one an identity signs with (ECDSA or RSA PKCS#1 v1.5, with SHA-256)");
  }

  /**
   * Whether the signer's certificate was revoked when it signed, from the hospital CA's CRL (base64
   * DER) carried with the proof: revoked before the time-stamp fails; revoked later keeps the
   * signature valid, as for any signature made while the certificate was good.
   */
  static Check signerStatus(String crlBase64, X509Certificate signer, Instant signedAt, List<X509Certificate> roots) {
    try {
      if (crlBase64.isEmpty()) {
        return Check.failed(SIGNER_STATUS, "No revocation list came with the signature, so revocation cannot be checked.");
      }
      if (signedAt == null) {
        return Check.failed(SIGNER_STATUS, "Without a valid time-stamp the signing time, and so revocation, is unknown.");
      }
      java.security.cert.X509CRL crl = (java.security.cert.X509CRL) CertificateFactory.getInstance("X.509")
          .generateCRL(new ByteArrayInputStream(Base64.getDecoder().decode(crlBase64)));
      X509Certificate issuer = null;
      for (X509Certificate root : roots) {
        if (root.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
          crl.verify(root.getPublicKey());
          issuer = root;
        }
      }
      if (issuer == null) {
        return Check.failed(SIGNER_STATUS, "The revocation list is not signed by a trusted root.");
      }
      var entry = crl.getRevokedCertificate(signer);
      if (entry == null) {
        return Check.passed(SIGNER_STATUS, "'" + subject(signer) + "' is not on the CA's revocation list of "
            + crl.getThisUpdate().toInstant() + ".");
      }
      Instant revoked = entry.getRevocationDate().toInstant();
      if (!revoked.isAfter(signedAt)) {
        return Check.failed(SIGNER_STATUS, "'" + subject(signer) + "' was revoked at " + revoked
            + ", before it signed at " + signedAt + ".");
      }
      return Check.passed(SIGNER_STATUS, "'" + subject(signer) + "' was revoked at " + revoked + ", after it signed at "
          + signedAt + "; the signature stays valid.");
    } catch (Exception e) {
      return Check.failed(SIGNER_STATUS, "The revocation list could not be checked: " + e.getMessage());
    }
  }

  /** SHA-256 (hex) of the canonical JSON of {@code block} without its {@code hash} member. */
  public static String blockHash(ObjectNode block) throws IOException {
    return BlockHash.of(block);
  }

  /** The certificates of a proof bundle, leaf first. */
  public static List<X509Certificate> certificates(JsonNode proof) throws CertificateException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (JsonNode der : proof.path("certificateChain")) {
      out.add((X509Certificate) factory.generateCertificate(
          new ByteArrayInputStream(Base64.getDecoder().decode(der.asText()))));
    }
    return out;
  }

  static byte[] canonical(JsonNode node) throws IOException {
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw new IOException("missing");
    }
    try {
      return Canonical.bytes(node);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  static String sha256Hex(byte[] data) {
    return Sha256.hexOf(data);
  }

  static String subject(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
  }
}
