package org.evidencenotary.verifier.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.erdtman.jcs.JsonCanonicalizer;
import org.evidencenotary.chaincode.core.CustodyAction;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Verdict;
import org.evidencenotary.verifier.OfflineVerifier;
import org.evidencenotary.verifier.ProofChecks;
import org.evidencenotary.verifier.Report;
import org.evidencenotary.verifier.VerifierCli;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline verifier on proofs anchored on Fabric: a genuine one passes, and each way an anchor
 * can be forged, borrowed or mis-attributed is caught with its own reason.
 */
class FabricProofTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final byte[] EXHIBIT = "an X-ray, as acquired".getBytes(StandardCharsets.UTF_8);
  private static final String EVIDENCE_ID = "3f1c2a9e-5b7d-4c1e-9a2f-6d8e0b4c7a15";
  private static final Set<String> HOSPITAL_AND_COURT = Set.of("HospitalMSP", "CourtMSP");

  @TempDir Path trust;
  @TempDir Path work;
  private final FabricNetwork network = new FabricNetwork();
  private final KeyPair notaryRootKey = FabricNetwork.ecKey();
  private final X509Certificate notaryRoot = FabricNetwork.root("CN=Notary Root", notaryRootKey);
  private final KeyPair notaryKey = FabricNetwork.ecKey();
  private final X509Certificate notary = FabricNetwork.certificate("CN=Notary", notaryKey, notaryRoot, notaryRootKey);
  private String digest;
  private ObjectNode statement;
  private String statementSha256;

  @BeforeEach
  void notarize() throws Exception {
    Files.writeString(trust.resolve("notary-root.pem"), FabricNetwork.pem(notaryRoot));
    digest = sha256(EXHIBIT);
    statement = JSON.createObjectNode().put("evidenceId", EVIDENCE_ID).put("sha256", digest)
        .put("size", EXHIBIT.length).put("mediaType", "application/octet-stream")
        .put("receivedAt", FabricNetwork.T0.toString());
    statementSha256 = sha256(canonical(statement));
  }

  @Test
  void a_genuine_fabric_proof_is_authentic_and_names_who_endorsed() throws Exception {
    network.writeTrust(trust);
    FabricNetwork.Tx tx = anchored();
    Envelope other = network.anchor(sha256("another".getBytes()), java.util.UUID.randomUUID().toString(), statementSha256, 7).envelope();
    Block block = network.block(other, tx.envelope()).make();

    Report report = verify(proof(block, tx, HOSPITAL_AND_COURT));

    assertThat(report.outcome()).as(report.toString()).isEqualTo(Verdict.AUTHENTIC);
    assertThat(check(report, ProofChecks.BLOCK).detail()).contains("Block 7 of Fabric channel 'evidence'")
        .contains("at position 2 of 2").contains("marked VALID by the committing peer, which anchored SHA-256 " + digest);
    assertThat(check(report, FabricChecks.SIGNATURES).detail()).contains("2 endorsements")
        .contains("peer0.hospital").contains("peer0.court").contains("1 ordering service signature").contains("signs the block header");
    assertThat(check(report, FabricChecks.ORGANISATIONS).detail()).contains("[CourtMSP, HospitalMSP]")
        .contains(FabricNetwork.POLICY);
  }

  @Test
  void the_command_line_reads_the_fabric_trust_from_the_trust_folder() throws Exception {
    Path sample = work.resolve("fabric-sample");
    Path sampleTrust = Files.createDirectories(sample.resolve("trust"));
    Files.writeString(sampleTrust.resolve("notary-root.pem"), FabricNetwork.pem(notaryRoot));
    network.writeTrust(sampleTrust);
    FabricNetwork.Tx tx = anchored();
    Path proof = Files.write(sample.resolve("proof.json"),
        JSON.writeValueAsBytes(proof(network.block(tx.envelope()).make(), tx, HOSPITAL_AND_COURT)));
    Path exhibit = Files.write(sample.resolve("exhibit.bin"), EXHIBIT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int code = VerifierCli.run(new String[] {exhibit.toString(), proof.toString(), "--trust", sampleTrust.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

    assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("[PASS] " + FabricChecks.ORGANISATIONS)
        .contains("VERDICT: AUTHENTIC");
  }

  @Test
  void without_the_networks_trust_the_anchor_is_untrusted() throws Exception {
    FabricNetwork.Tx tx = anchored();

    Report report = verifyAlone(tx, HOSPITAL_AND_COURT);

    assertThat(report.outcome()).isEqualTo(Verdict.UNTRUSTED);
    assertThat(check(report, FabricChecks.SIGNATURES).result()).isEqualTo(Check.Result.PASSED);
    assertThat(check(report, FabricChecks.ORGANISATIONS).detail()).contains("holds no Fabric network trust");
  }

  @Test
  void the_checks_without_network_trust_leave_a_fabric_anchor_unchecked_rather_than_passed() throws Exception {
    FabricNetwork.Tx tx = anchored();
    ObjectNode proof = proof(network.block(tx.envelope()).make(), tx, HOSPITAL_AND_COURT);
    proof.putObject("series").putObject("anchor").put("ledger", "fabric");

    assertThat(ProofChecks.block(proof).result()).isEqualTo(Check.Result.NOT_CHECKED);
    assertThat(ProofChecks.series(proof)).extracting(Check::result).containsExactly(Check.Result.NOT_CHECKED);
  }

  @Test
  void a_malformed_network_file_stops_the_command_line_with_its_name_and_exit_2() throws Exception {
    network.writeTrust(trust);
    Files.writeString(trust.resolve("fabric").resolve("network.json"), "{\"channel\": \"evidence\"");
    Path exhibit = Files.write(work.resolve("exhibit.bin"), EXHIBIT);
    Path proof = Files.write(work.resolve("proof.json"), "{}".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = VerifierCli.run(new String[] {exhibit.toString(), proof.toString(), "--trust", trust.toString()},
        System.out, new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(Verdict.UNVERIFIABLE.exitCode());
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("network.json is not valid JSON");
  }

  @Test
  void a_changed_exhibit_is_modified() throws Exception {
    network.writeTrust(trust);
    FabricNetwork.Tx tx = anchored();
    ObjectNode proof = proof(network.block(tx.envelope()).make(), tx, HOSPITAL_AND_COURT);
    byte[] changed = EXHIBIT.clone();
    changed[3] ^= 1;

    Report report = OfflineVerifier.fromTrustFolder(trust).verify(sha256(changed), changed.length,
        JSON.writeValueAsBytes(proof));

    assertThat(report.outcome()).isEqualTo(Verdict.MODIFIED);
  }

  @Test
  void endorsement_by_the_hospital_alone_does_not_satisfy_the_policy() throws Exception {
    network.writeTrust(trust);
    FabricNetwork.Tx tx = anchored();
    tx.endorsers = List.of(network.hospitalPeer);

    Report report = verifyAlone(tx, Set.of("HospitalMSP"));

    assertThat(report.outcome()).isEqualTo(Verdict.UNTRUSTED);
    assertThat(check(report, FabricChecks.ORGANISATIONS).detail()).contains("do not satisfy the endorsement policy");
  }

  @Test
  void the_same_peer_endorsing_twice_counts_once() throws Exception {
    network.writeTrust(trust, "OutOf(2, 'HospitalMSP.peer', 'HospitalMSP.peer', 'CourtMSP.peer')",
        "OutOf(1, 'OrdererMSP.orderer')", Map.of());
    FabricNetwork.Tx tx = anchored();
    tx.endorsers = List.of(network.hospitalPeer, network.hospitalPeer);

    Report report = verifyAlone(tx, Set.of("HospitalMSP"));

    assertThat(report.outcome()).isEqualTo(Verdict.UNTRUSTED);
  }

  @Test
  void a_peer_certified_by_a_ca_the_trust_folder_does_not_hold_is_untrusted() throws Exception {
    network.writeTrust(trust);
    FabricNetwork.Org impostor = new FabricNetwork.Org("CourtMSP");
    FabricNetwork.Tx tx = anchored();
    tx.endorsers = List.of(network.hospitalPeer, impostor.member("peer0.court", "peer"));

    Report report = verifyAlone(tx, HOSPITAL_AND_COURT);

    assertThat(report.outcome()).isEqualTo(Verdict.UNTRUSTED);
    assertThat(check(report, FabricChecks.ORGANISATIONS).detail()).contains("does not chain to a CA of CourtMSP");
  }

  @Test
  void a_client_of_the_court_may_not_anchor() throws Exception {
    network.writeTrust(trust);
    FabricNetwork.Tx tx = anchored();
    tx.creator = network.court.member("clerk", "client");

    Report report = verifyAlone(tx, HOSPITAL_AND_COURT);

    assertThat(report.outcome()).isEqualTo(Verdict.UNTRUSTED);
    assertThat(check(report, FabricChecks.ORGANISATIONS).detail()).contains("CourtMSP, which may not anchor");
  }

  @Test
  void a_write_changed_after_endorsement_breaks_the_endorsements() throws Exception {
    network.writeTrust(trust);
    FabricNetwork.Tx genuine = anchored();
    FabricNetwork.Tx forged = anchored();
    // The submitter (or an orderer) swaps the simulated write set but keeps the endorsements.
    var action = genuine.endorsedAction().toBuilder();
    forged.writes.put("evidence/" + digest, "{\"statementSha256\":\"forged\"}".getBytes(StandardCharsets.UTF_8));
    action.setProposalResponsePayload(forged.proposalResponse());
    forged.borrowedAction = action.build();

    Report report = verifyAlone(forged, HOSPITAL_AND_COURT);

    assertThat(report.outcome()).isEqualTo(Verdict.UNVERIFIABLE);
    assertThat(check(report, FabricChecks.SIGNATURES).detail()).contains("endorsement of")
        .contains("does not verify");
  }

  @Test
  void endorsements_taken_from_another_transaction_are_refused() throws Exception {
    network.writeTrust(trust);
    FabricNetwork.Tx genuine = anchored();
    FabricNetwork.Tx replay = anchored();
    replay.borrowedAction = genuine.endorsedAction();

    Report report = verifyAlone(replay, HOSPITAL_AND_COURT);

    assertThat(report.outcome()).isEqualTo(Verdict.UNVERIFIABLE);
    assertThat(check(report, FabricChecks.SIGNATURES).detail()).contains("taken from elsewhere");
  }

  @Test
  void a_transaction_the_peers_marked_invalid_anchored_nothing() throws Exception {
    network.writeTrust(trust);
    FabricNetwork.Tx tx = anchored();
    FabricNetwork.BlockMaker maker = network.block(tx.envelope());
    maker.flags = new byte[] {(byte) TxValidationCode.MVCC_READ_CONFLICT_VALUE};

    Report report = verify(proof(maker.make(), tx, HOSPITAL_AND_COURT));

    assertThat(report.outcome()).isEqualTo(Verdict.UNVERIFIABLE);
    assertThat(check(report, ProofChecks.BLOCK).detail()).contains("MVCC_READ_CONFLICT, not VALID");
  }

  @Test
  void a_block_changed_after_it_was_ordered_is_refused() throws Exception {
    network.writeTrust(trust);
    FabricNetwork.Tx tx = anchored();
    Envelope extra = network.anchor(sha256("x".getBytes()), java.util.UUID.randomUUID().toString(), statementSha256, 1).envelope();
    FabricNetwork.BlockMaker maker = network.block(tx.envelope(), extra);
    maker.afterHashing = data -> List.of(data.get(0)); // a transaction removed after ordering
    maker.flags = new byte[] {0};

    Report report = verify(proof(maker.make(), tx, HOSPITAL_AND_COURT));

    assertThat(report.outcome()).isEqualTo(Verdict.UNVERIFIABLE);
    assertThat(check(report, ProofChecks.BLOCK).detail()).contains("the block was changed");
  }

  @Test
  void a_block_signed_by_no_orderer_of_the_network_is_untrusted() throws Exception {
    network.writeTrust(trust);
    FabricNetwork.Tx tx = anchored();
    FabricNetwork.BlockMaker maker = network.block(tx.envelope());
    maker.signers = List.of(network.hospitalPeer); // a block made up by a peer

    Report report = verify(proof(maker.make(), tx, HOSPITAL_AND_COURT));

    assertThat(report.outcome()).isEqualTo(Verdict.UNTRUSTED);
    assertThat(check(report, FabricChecks.ORGANISATIONS).detail()).contains("block signature policy");
  }

  @Test
  void a_high_s_endorsement_signature_is_refused_as_fabric_refuses_it() throws Exception {
    network.writeTrust(trust);
    FabricNetwork.Tx tx = anchored();
    tx.highS = true;

    Report report = verifyAlone(tx, HOSPITAL_AND_COURT);

    assertThat(report.outcome()).isEqualTo(Verdict.UNVERIFIABLE);
    assertThat(check(report, FabricChecks.SIGNATURES).detail()).contains("high S");
  }

  @Test
  void a_proof_naming_other_endorsers_than_those_who_signed_is_refused() throws Exception {
    network.writeTrust(trust);
    FabricNetwork.Tx tx = anchored();

    Report report = verifyAlone(tx, Set.of("HospitalMSP", "InsurerMSP"));

    assertThat(report.outcome()).isNotEqualTo(Verdict.AUTHENTIC);
    assertThat(check(report, FabricChecks.ORGANISATIONS).detail())
        .contains("says [HospitalMSP, InsurerMSP] endorsed, but the endorsements are by [CourtMSP, HospitalMSP]");
  }

  @Test
  void an_anchor_of_another_evidence_in_the_block_is_not_this_ones() throws Exception {
    network.writeTrust(trust);
    FabricNetwork.Tx mine = anchored();
    FabricNetwork.Tx theirs = network.anchor(sha256("theirs".getBytes()), java.util.UUID.randomUUID().toString(), statementSha256, 6);
    Block block = network.block(mine.envelope(), theirs.envelope()).make();

    Report report = verify(proof(block, theirs, HOSPITAL_AND_COURT));

    assertThat(report.outcome()).isEqualTo(Verdict.UNVERIFIABLE);
    assertThat(check(report, ProofChecks.BLOCK).detail()).contains("does not write 'evidence/" + digest + "'");
  }

  @Test
  void bft_signatures_naming_a_consenter_by_number_verify_with_the_consenters_in_the_trust_folder() throws Exception {
    FabricNetwork.Member[] consenters = new FabricNetwork.Member[4];
    for (int i = 0; i < 4; i++) {
      consenters[i] = network.ordering.member("orderer" + (i + 1), "orderer");
    }
    network.writeTrust(trust, FabricNetwork.POLICY,
        "OutOf(3, 'OrdererMSP.orderer', 'OrdererMSP.orderer', 'OrdererMSP.orderer', 'OrdererMSP.orderer')",
        Map.of(1, consenters[0], 2, consenters[1], 3, consenters[2], 4, consenters[3]));
    FabricNetwork.Tx tx = anchored();
    FabricNetwork.BlockMaker quorum = network.block(tx.envelope());
    quorum.signers = List.of();
    quorum.consenters.putAll(Map.of(1, consenters[0], 2, consenters[1], 4, consenters[3]));
    FabricNetwork.BlockMaker tooFew = network.block(tx.envelope());
    tooFew.signers = List.of();
    tooFew.consenters.putAll(Map.of(1, consenters[0], 2, consenters[1]));

    Report ordered = verify(proof(quorum.make(), tx, HOSPITAL_AND_COURT));
    Report notQuorum = verify(proof(tooFew.make(), tx, HOSPITAL_AND_COURT));

    assertThat(ordered.outcome()).as(ordered.toString()).isEqualTo(Verdict.AUTHENTIC);
    assertThat(check(ordered, FabricChecks.SIGNATURES).detail()).contains("3 ordering service signatures");
    assertThat(notQuorum.outcome()).isEqualTo(Verdict.UNTRUSTED);
  }

  @Test
  void a_bft_block_checked_without_the_networks_trust_is_untrusted_not_broken() throws Exception {
    FabricNetwork.Member[] consenters = new FabricNetwork.Member[3];
    for (int i = 0; i < 3; i++) {
      consenters[i] = network.ordering.member("orderer" + (i + 1), "orderer");
    }
    FabricNetwork.Tx tx = anchored();
    FabricNetwork.BlockMaker bft = network.block(tx.envelope());
    bft.signers = List.of();
    bft.consenters.putAll(Map.of(1, consenters[0], 2, consenters[1], 3, consenters[2]));

    Report report = verify(proof(bft.make(), tx, HOSPITAL_AND_COURT));

    assertThat(report.outcome()).as(report.toString()).isEqualTo(Verdict.UNTRUSTED);
    assertThat(check(report, FabricChecks.SIGNATURES).result()).isEqualTo(Check.Result.NOT_CHECKED);
    assertThat(check(report, FabricChecks.SIGNATURES).detail()).contains("no Fabric network trust was given");
    assertThat(check(report, FabricChecks.ORGANISATIONS).result()).isEqualTo(Check.Result.FAILED);
  }

  @Test
  void a_series_manifest_anchored_on_fabric_is_checked_like_the_instance() throws Exception {
    network.writeTrust(trust);
    statement.putObject("dicom").put("seriesInstanceUidHash", "ab12");
    statementSha256 = sha256(canonical(statement));
    FabricNetwork.Tx tx = anchored();
    byte[] sibling = MessageDigest.getInstance("SHA-256").digest("slice 2".getBytes());
    byte[] leaf = HexFormat.of().parseHex(digest);
    String root = HexFormat.of().formatHex(org.evidencenotary.verifier.MerkleTree.rootFromPath(leaf, 0, 2,
        List.of(merkleLeaf(sibling))));
    FabricNetwork.Tx manifest = network.batch(root, 2, "dicom-series");
    Block manifestBlock = network.block(manifest.envelope()).make();
    ObjectNode proof = proof(network.block(tx.envelope()).make(), tx, HOSPITAL_AND_COURT);
    ObjectNode series = proof.putObject("series").put("format", "test").put("seriesInstanceUidHash", "ab12")
        .put("version", 1).put("merkleRoot", root).put("leafCount", 2).put("leafIndex", 0);
    series.putArray("inclusionPath").add(HexFormat.of().formatHex(merkleLeaf(sibling)));
    series.set("anchor", FabricNetwork.anchorJson(manifestBlock, manifest, HOSPITAL_AND_COURT));

    Report report = verify(proof);

    assertThat(report.outcome()).as(report.toString()).isEqualTo(Verdict.AUTHENTIC);
    assertThat(check(report, ProofChecks.SERIES).detail()).contains("instance 1 of 2")
        .contains("of Fabric channel 'evidence'").contains("which anchored that root as a series of 2 instances");
    assertThat(check(report, FabricChecks.ORGANISATIONS + " (series manifest)").result())
        .isEqualTo(Check.Result.PASSED);
  }

  @Test
  void a_custody_history_on_fabric_is_checked_event_by_event_like_the_anchor() throws Exception {
    network.writeTrust(trust);
    ObjectNode proof = proofWithCustody();

    Report report = verify(proof);

    assertThat(report.outcome()).as(report.toString()).isEqualTo(Verdict.AUTHENTIC);
    assertThat(check(report, ProofChecks.CUSTODY_EVENT + " 1").detail()).contains("Block 8 of Fabric channel 'evidence'")
        .contains("recorded EXPORTED of this evidence");
    assertThat(check(report, ProofChecks.CUSTODY_EVENT + " 2").detail()).contains("recorded CERTIFICATE_ISSUED");
    assertThat(check(report, FabricChecks.ORGANISATIONS + " (custody event 2)").result())
        .isEqualTo(Check.Result.PASSED);
    assertThat(check(report, ProofChecks.CUSTODY).result()).isEqualTo(Check.Result.PASSED);
  }

  @Test
  void a_custody_event_changed_after_it_was_recorded_on_fabric_is_refused() throws Exception {
    network.writeTrust(trust);
    ObjectNode proof = proofWithCustody();
    ((ObjectNode) proof.path("custody").path("events").get(0).path("event")).put("action", "VIEWED");

    Report report = verify(proof);

    assertThat(report.outcome()).isEqualTo(Verdict.UNVERIFIABLE);
    assertThat(check(report, ProofChecks.CUSTODY_EVENT + " 1").detail())
        .contains("the ledger holds another event under that transaction");
  }

  @Test
  void custody_events_swapped_in_a_fabric_proof_are_out_of_order() throws Exception {
    network.writeTrust(trust);
    ObjectNode proof = proofWithCustody();
    var events = (com.fasterxml.jackson.databind.node.ArrayNode) proof.path("custody").path("events");
    var first = events.get(0);
    events.set(0, events.get(1));
    events.set(1, first);

    Report report = verify(proof);

    assertThat(report.outcome()).isEqualTo(Verdict.UNVERIFIABLE);
    assertThat(check(report, ProofChecks.CUSTODY).detail()).contains("the events were reordered");
  }

  /** A proof whose exhibit was anchored in block 7, exported in block 8 and certified in block 9. */
  private ObjectNode proofWithCustody() throws Exception {
    FabricNetwork.Tx tx = anchored();
    ObjectNode proof = proof(network.block(tx.envelope()).make(), tx, HOSPITAL_AND_COURT);
    var events = proof.putObject("custody").put("complete", true).putArray("events");
    CustodyAction[] actions = {CustodyAction.EXPORTED, CustodyAction.CERTIFICATE_ISSUED};
    for (int i = 0; i < actions.length; i++) {
      FabricNetwork.Tx recorded = network.custody(tx, EVIDENCE_ID, actions[i], sha256(("details " + i).getBytes()),
          FabricNetwork.T0.plusSeconds(60L * (i + 1)));
      FabricNetwork.BlockMaker maker = network.block(recorded.envelope());
      maker.number = 8 + i;
      ObjectNode record = events.addObject();
      record.set("event", JSON.readTree(recorded.writes.values().iterator().next()));
      record.set("anchor", FabricNetwork.anchorJson(maker.make(), recorded, HOSPITAL_AND_COURT));
    }
    return proof;
  }

  /** The RFC 9162 hash of a leaf: SHA-256(0x00 || data). */
  private static byte[] merkleLeaf(byte[] data) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update((byte) 0);
    return sha.digest(data);
  }

  private ObjectNode proof(Block block, FabricNetwork.Tx tx, Set<String> endorsing) throws Exception {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(notaryKey.getPrivate());
    signer.update(canonical(statement));
    ObjectNode proof = JSON.createObjectNode().put("format", "evidence-notary-proof/v1").put("evidenceId", EVIDENCE_ID);
    proof.set("statement", statement.deepCopy());
    proof.put("statementSha256", statementSha256);
    proof.putObject("signature").put("algorithm", "SHA256withECDSA")
        .put("value", Base64.getEncoder().encodeToString(signer.sign()));
    proof.putArray("certificateChain").add(Base64.getEncoder().encodeToString(notary.getEncoded()))
        .add(Base64.getEncoder().encodeToString(notaryRoot.getEncoded()));
    proof.set("anchor", FabricNetwork.anchorJson(block, tx, endorsing));
    return proof;
  }

  /** The anchor of this exhibit. */
  private FabricNetwork.Tx anchored() {
    return network.anchor(digest, EVIDENCE_ID, statementSha256, EXHIBIT.length);
  }

  /** Verifies the exhibit against a proof whose anchor is {@code tx}, alone in its block. */
  private Report verifyAlone(FabricNetwork.Tx tx, Set<String> endorsing) throws Exception {
    return verify(proof(network.block(tx.envelope()).make(), tx, endorsing));
  }

  private Report verify(ObjectNode proof) throws Exception {
    return OfflineVerifier.fromTrustFolder(trust).verify(digest, EXHIBIT.length, JSON.writeValueAsBytes(proof));
  }

  private static Check check(Report report, String name) {
    return report.checks().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no check '" + name + "' in " + report));
  }

  private static byte[] canonical(ObjectNode node) throws Exception {
    return new JsonCanonicalizer(JSON.writeValueAsString(node)).getEncodedUTF8();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
