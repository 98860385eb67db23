package org.evidencenotary.verifier.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Verdict;
import org.evidencenotary.verifier.OfflineVerifier;
import org.evidencenotary.verifier.Report;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline verifier on a proof our own Fabric v3.1.5 network wrote (test resources {@code
 * fabric-block/}, see its README): block 6 of channel {@code evidence}, one batched transaction
 * anchoring five exhibits, endorsed by the hospital and the court, ordered by three of four BFT
 * consenters. Runs where no network is up.
 */
class RealFabricBlockTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path work;

  private static Path fixture() throws URISyntaxException {
    return Path.of(RealFabricBlockTest.class.getResource("/fabric-block/proof.json").toURI()).getParent();
  }

  private static Report verify(byte[] exhibit, byte[] proof, Path trust) throws Exception {
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(exhibit));
    return OfflineVerifier.fromTrustFolder(trust).verify(sha256, exhibit.length, proof);
  }

  private static byte[] exhibit() throws Exception {
    return Files.readAllBytes(fixture().resolve("exhibit.txt"));
  }

  private static byte[] proof() throws Exception {
    return Files.readAllBytes(fixture().resolve("proof.json"));
  }

  private static Check check(Report report, String name) {
    return report.checks().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no check '" + name + "' in " + report));
  }

  @Test
  void the_exhibit_is_authentic_against_the_networks_trust() throws Exception {
    Report report = verify(exhibit(), proof(), fixture().resolve("trust"));

    assertThat(report.outcome()).as(report.toString()).isEqualTo(Verdict.AUTHENTIC);
    assertThat(report.checks()).allSatisfy(c -> assertThat(c.result()).as(c.name() + ": " + c.detail())
        .isIn(Check.Result.PASSED, Check.Result.NOT_CHECKED));
    assertThat(check(report, FabricChecks.SIGNATURES).result()).isEqualTo(Check.Result.PASSED);
    assertThat(check(report, FabricChecks.SIGNATURES).detail())
        .contains("2 endorsements").contains("3 ordering service signatures");
    assertThat(check(report, FabricChecks.ORGANISATIONS).result()).isEqualTo(Check.Result.PASSED);
    assertThat(check(report, FabricChecks.ORGANISATIONS).detail()).contains("[CourtMSP, HospitalMSP]");
  }

  @Test
  void the_block_is_one_transaction_anchoring_the_whole_batch_each_under_its_own_key() throws Exception {
    ObjectNode proof = (ObjectNode) JSON.readTree(proof());
    Block block = Block.parseFrom(Base64.getDecoder().decode(proof.path("anchor").path("block").asText()));
    assertThat(block.getData().getDataCount()).isEqualTo(1);

    Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
    ChaincodeAction action = ChaincodeAction.parseFrom(ProposalResponsePayload.parseFrom(
        ChaincodeActionPayload.parseFrom(Transaction.parseFrom(payload.getData()).getActions(0).getPayload())
            .getAction().getProposalResponsePayload()).getExtension());
    List<String> anchored = TxReadWriteSet.parseFrom(action.getResults()).getNsRwsetList().stream()
        .filter(ns -> ns.getNamespace().equals("notary"))
        .flatMap(ns -> {
          try {
            return KVRWSet.parseFrom(ns.getRwset()).getWritesList().stream();
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        })
        .map(w -> w.getKey()).filter(k -> k.startsWith("evidence/")).toList();
    assertThat(anchored).hasSize(5).contains("evidence/" + proof.path("statement").path("sha256").asText());
  }

  @Test
  void without_the_networks_trust_the_anchor_is_untrusted() throws Exception {
    Path trust = Files.createDirectories(work.resolve("trust"));
    Files.copy(fixture().resolve("trust/notary-root.pem"), trust.resolve("notary-root.pem"));

    Report report = verify(exhibit(), proof(), trust);

    assertThat(report.outcome()).as(report.toString()).isEqualTo(Verdict.UNTRUSTED);
    assertThat(check(report, FabricChecks.SIGNATURES).result()).isEqualTo(Check.Result.NOT_CHECKED);
  }

  @Test
  void a_network_whose_policy_asks_for_the_insurer_does_not_establish_this_anchor() throws Exception {
    Path trust = work.resolve("trust");
    copy(fixture().resolve("trust"), trust);
    Path network = trust.resolve("fabric/network.json");
    Files.writeString(network, Files.readString(network).replace(
        "AND('HospitalMSP.peer',OR('CourtMSP.peer','InsurerMSP.peer'))", "AND('HospitalMSP.peer','InsurerMSP.peer')"));

    Report report = verify(exhibit(), proof(), trust);

    assertThat(report.outcome()).as(report.toString()).isEqualTo(Verdict.UNTRUSTED);
    assertThat(check(report, FabricChecks.ORGANISATIONS).result()).isEqualTo(Check.Result.FAILED);
  }

  @Test
  void a_changed_exhibit_is_modified() throws Exception {
    byte[] changed = exhibit();
    changed[3] ^= 1;

    assertThat(verify(changed, proof(), fixture().resolve("trust")).outcome()).isEqualTo(Verdict.MODIFIED);
  }

  @Test
  void one_changed_byte_in_the_block_makes_the_proof_unverifiable() throws Exception {
    ObjectNode proof = (ObjectNode) JSON.readTree(proof());
    ObjectNode anchor = (ObjectNode) proof.path("anchor");
    byte[] block = Base64.getDecoder().decode(anchor.path("block").asText());
    block[block.length / 2] ^= 1;
    anchor.put("block", Base64.getEncoder().encodeToString(block));

    Report report = verify(exhibit(), JSON.writeValueAsBytes(proof), fixture().resolve("trust"));

    assertThat(report.outcome()).as(report.toString()).isEqualTo(Verdict.UNVERIFIABLE);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
