package org.evidencenotary.notary.ledger;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.evidencenotary.chaincode.core.CustodyAction;
import org.evidencenotary.chaincode.core.CustodyEvent;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.testing.FabricProfile;
import org.evidencenotary.notary.testing.FabricTestResource;
import org.evidencenotary.verifier.ProofChecks;
import org.evidencenotary.verifier.fabric.FabricTrust;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service on a real Hyperledger Fabric v3.1.5 network (four BFT orderers; the hospital's,
 * court's and insurer's peers; each organisation's chaincode server), started for this test by
 * the project's own script and stopped after it.
 */
@QuarkusTest
@TestProfile(FabricProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FabricAnchoringTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration ANCHORED_WITHIN = Duration.ofSeconds(90);

  @TempDir Path dir;
  @jakarta.inject.Inject Ledger ledger;

  private static byte[] unique(String label) {
    return (label + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
  }

  private static Response notarize(byte[] bytes) {
    return given().body(bytes).contentType("application/octet-stream").post("/api/v1/evidence");
  }

  private static JsonPath anchored(String id) {
    await().atMost(ANCHORED_WITHIN).pollInterval(Duration.ofMillis(250)).until(() ->
        "ANCHORED".equals(given().get("/api/v1/evidence/" + id).then().statusCode(200).extract().path("status")));
    return given().get("/api/v1/evidence/" + id).then().statusCode(200).extract().jsonPath();
  }

  private static JsonNode proof(String id) throws IOException {
    return JSON.readTree(given().get("/api/v1/evidence/" + id + "/proof").then().statusCode(200).extract().asByteArray());
  }

  private static FabricTrust trust() throws IOException {
    return FabricTrust.load(FabricTestResource.trustDir()).orElseThrow();
  }

  /** Every offline check of the proof's Fabric block, against the network's trust. */
  private static List<Check> offline(JsonNode proof) throws IOException {
    return ProofChecks.ledger(proof, trust());
  }

  @Test
  @Order(1)
  void a_notarization_is_anchored_in_a_real_block_that_the_peer_cli_and_the_offline_verifier_confirm()
      throws Exception {
    byte[] bytes = unique("fabric end to end");
    Response created = notarize(bytes);
    assertThat(created.statusCode()).isIn(201, 202);
    String id = created.path("id");
    String digest = Sha256.digest(bytes).hex();

    JsonPath record = anchored(id);
    JsonNode proof = proof(id);
    JsonNode anchor = proof.path("anchor");
    assertThat(anchor.path("ledger").asText()).isEqualTo("fabric");
    assertThat(anchor.path("ledgerId").asText()).isEqualTo("evidence");
    assertThat(anchor.path("chaincode").asText()).isEqualTo("notary");
    assertThat(anchor.path("transactionId").asText()).isEqualTo(record.getString("anchor.transactionId")).hasSize(64);
    assertThat(anchor.path("blockNumber").asLong()).isPositive();
    assertThat(anchor.path("block").asText()).isNotEmpty();
    List<String> endorsers = new ArrayList<>();
    anchor.path("endorsingOrganisations").forEach(n -> endorsers.add(n.asText()));
    assertThat(endorsers).contains("HospitalMSP").containsAnyOf("CourtMSP", "InsurerMSP");

    // The real peer CLI, as the court's admin on the court's own peer, returns the anchor.
    JsonNode onLedger = JSON.readTree(FabricTestResource.peerQuery("court", "ReadEvidence", digest));
    assertThat(onLedger.path("evidenceId").asText()).isEqualTo(id);
    assertThat(onLedger.path("txId").asText()).isEqualTo(anchor.path("transactionId").asText());
    assertThat(onLedger.path("statementSha256").asText()).isEqualTo(proof.path("statementSha256").asText());

    // Offline, with the network's trust: the block, its signatures and the organisations pass.
    List<Check> checks = offline(proof);
    assertThat(checks).extracting(Check::name)
        .containsExactly(ProofChecks.BLOCK, "Fabric signatures", "Fabric organisations");
    assertThat(checks).allSatisfy(c -> assertThat(c.result()).as(c.detail()).isEqualTo(Check.Result.PASSED));

    // The offline verifier jar: AUTHENTIC with the network's trust folder, UNTRUSTED without it.
    Path exhibit = Files.write(dir.resolve("exhibit.bin"), bytes);
    Path proofFile = Files.write(dir.resolve("proof.json"), JSON.writeValueAsBytes(proof));
    Path withFabric = Files.createDirectories(dir.resolve("trust"));
    Files.writeString(withFabric.resolve("notary-root.pem"),
        given().get("/api/v1/trust/roots.pem").then().statusCode(200).extract().asString());
    Path without = Files.createDirectories(dir.resolve("trust-without-fabric"));
    Files.copy(withFabric.resolve("notary-root.pem"), without.resolve("notary-root.pem"));
    copyTree(FabricTestResource.trustDir().resolve("fabric"), withFabric.resolve("fabric"));
    VerifierJar.Run trusted = VerifierJar.run(exhibit.toString(), proofFile.toString(), "--trust", withFabric.toString());
    assertThat(trusted.out()).contains("VERDICT: AUTHENTIC").contains("[PASS] Fabric signatures")
        .contains("[PASS] Fabric organisations").doesNotContain("[FAIL]");
    assertThat(trusted.exit()).isZero();
    VerifierJar.Run untrusted = VerifierJar.run(exhibit.toString(), proofFile.toString(), "--trust", without.toString());
    assertThat(untrusted.out()).contains("VERDICT: UNTRUSTED");
    assertThat(untrusted.exit()).isEqualTo(3);

    // The service's own verify: the ledger asked again, the block checked against the trust.
    JsonPath verified = given().body(bytes).contentType("application/octet-stream").post("/api/v1/verify")
        .then().statusCode(200).extract().jsonPath();
    assertThat(verified.getString("verdict")).isEqualTo("AUTHENTIC");
    assertThat(verified.getList("checks.result", String.class)).containsOnly("PASSED");
    JsonPath withProof = given().multiPart("file", exhibit.toFile()).multiPart("proof", proofFile.toFile())
        .post("/api/v1/verify").then().statusCode(200).extract().jsonPath();
    assertThat(withProof.getString("verdict")).isEqualTo("AUTHENTIC");
    assertThat(withProof.getList("checks.name", String.class)).contains("Fabric signatures", "Fabric organisations");
    assertThat(withProof.getList("checks.result", String.class)).containsOnly("PASSED");

    // The certificate names the real block, transaction and endorsing organisations.
    byte[] pdf = given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200)
        .extract().asByteArray();
    try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
      String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("\\s+", " ");
      assertThat(text).contains("Hyperledger Fabric channel 'evidence'")
          .contains("Block " + anchor.path("blockNumber").asLong() + ", hash " + anchor.path("blockHash").asText())
          .contains(anchor.path("transactionId").asText())
          .contains("Endorsed by " + String.join(", ", endorsers));
    }

    // The same bytes again: the first record, and still one anchor on the ledger.
    Response again = notarize(bytes);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.<String>path("id")).isEqualTo(id);
    JsonNode history = JSON.readTree(FabricTestResource.peerQuery("insurer", "EvidenceHistory", digest));
    assertThat(history).hasSize(1);
  }

  @Test
  @Order(3)
  void two_hundred_concurrent_notarizations_share_far_fewer_transactions_each_with_a_checkable_proof()
      throws Exception {
    int count = 200;
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<String>> ids = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        byte[] bytes = unique("concurrent " + i);
        Callable<String> call = () -> {
          Response r = notarize(bytes);
          assertThat(r.statusCode()).isIn(201, 202);
          return r.path("id");
        };
        ids.add(pool.submit(call));
      }
      Set<String> transactions = new HashSet<>();
      for (Future<String> f : ids) {
        String id = f.get(5, TimeUnit.MINUTES);
        JsonPath record = anchored(id);
        transactions.add(record.getString("anchor.transactionId"));
        List<Check> checks = offline(proof(id));
        assertThat(checks).allSatisfy(c -> assertThat(c.result()).as(c.detail()).isEqualTo(Check.Result.PASSED));
      }
      assertThat(transactions).hasSizeLessThanOrEqualTo(count / 10);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(2)
  void a_dicom_series_manifest_is_anchored_on_fabric_and_each_slice_proves_membership_offline() throws Exception {
    String seriesUid = "1.2.826.0.1.3680043.10.1.99.13." + System.nanoTime();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      byte[] slice = org.evidencenotary.notary.dicom.DicomTestFiles.ct(13_000 + i, 16, 16, 1, seriesUid, i);
      Response r = given().body(slice).contentType("application/dicom").post("/api/v1/evidence");
      assertThat(r.statusCode()).as(r.asString()).isIn(201, 202);
      ids.add(r.path("id"));
    }
    String id = ids.get(4);
    JsonNode membership = null;
    for (int tries = 0; tries < 300 && membership == null; tries++) {
      Response r = given().get("/api/v1/evidence/" + id + "/series");
      if (r.statusCode() == 200 && JSON.readTree(r.asByteArray()).path("leafCount").asLong() == 12) {
        membership = JSON.readTree(r.asByteArray());
      } else {
        Thread.sleep(200);
      }
    }
    assertThat(membership).as("an anchored manifest of the 12 slices within 60 s").isNotNull();
    anchored(id);
    JsonNode proof = proof(id);
    assertThat(proof.path("series").path("anchor").path("ledger").asText()).isEqualTo("fabric");
    List<Check> series = ProofChecks.series(proof, trust());
    assertThat(series).extracting(Check::name).contains(ProofChecks.SERIES);
    assertThat(series).allSatisfy(c -> assertThat(c.result()).as(c.name() + ": " + c.detail())
        .isEqualTo(Check.Result.PASSED));

    // The court's peer holds the manifest's root as a dicom-series batch of 12.
    JsonNode batch = JSON.readTree(FabricTestResource.peerQuery("court", "ReadBatch",
        membership.path("merkleRoot").asText()));
    assertThat(batch.path("count").asLong()).isEqualTo(12);
    assertThat(batch.path("kind").asText()).isEqualTo("dicom-series");
    assertThat(batch.path("txId").asText()).isEqualTo(proof.path("series").path("anchor").path("transactionId").asText());
  }

  @Test
  @Order(4)
  void anchoring_goes_on_with_one_orderer_down() throws Exception {
    FabricTestResource.stopNode("orderer2");
    try {
      String id = notarize(unique("orderer2 down")).path("id");
      JsonNode proof = proofAfterAnchoring(id);
      assertThat(offline(proof)).allSatisfy(c -> assertThat(c.result()).as(c.detail()).isEqualTo(Check.Result.PASSED));
    } finally {
      FabricTestResource.startNode("orderer2");
    }
  }

  @Test
  @Order(5)
  void anchoring_goes_on_through_the_insurer_with_the_courts_chaincode_server_down() throws Exception {
    FabricTestResource.stopNode("chaincode.court");
    try {
      String id = notarize(unique("court chaincode down")).path("id");
      JsonNode proof = proofAfterAnchoring(id);
      List<String> endorsers = new ArrayList<>();
      proof.path("anchor").path("endorsingOrganisations").forEach(n -> endorsers.add(n.asText()));
      assertThat(endorsers).containsExactly("HospitalMSP", "InsurerMSP");
      assertThat(offline(proof)).allSatisfy(c -> assertThat(c.result()).as(c.detail()).isEqualTo(Check.Result.PASSED));
    } finally {
      FabricTestResource.startNode("chaincode.court");
    }
  }

  @Test
  @Order(6)
  void with_the_hospitals_peer_down_requests_are_accepted_as_pending_and_anchored_once_it_is_back()
      throws Exception {
    List<String> ids = new ArrayList<>();
    List<String> digests = new ArrayList<>();
    FabricTestResource.stopNode("peer0.hospital");
    try {
      List<byte[]> files = new ArrayList<>();
      List<Future<Response>> answers = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(5);
      try {
        for (int i = 0; i < 5; i++) {
          byte[] bytes = unique("hospital peer down " + i);
          files.add(bytes);
          answers.add(pool.submit(() -> notarize(bytes)));
        }
        for (int i = 0; i < 5; i++) {
          Response accepted = answers.get(i).get(2, TimeUnit.MINUTES);
          assertThat(accepted.statusCode()).isEqualTo(202);
          assertThat(accepted.<String>path("status")).isEqualTo("PENDING");
          ids.add(accepted.path("id"));
          digests.add(Sha256.digest(files.get(i)).hex());
        }
      } finally {
        pool.shutdownNow();
      }
      JsonPath pending = given().get("/api/v1/evidence/" + ids.get(0)).then().statusCode(200).extract().jsonPath();
      assertThat(pending.getString("status")).isEqualTo("PENDING");
      assertThat(pending.getString("lastError")).contains("Fabric peer unavailable");
    } finally {
      FabricTestResource.startNode("peer0.hospital");
    }
    for (int i = 0; i < ids.size(); i++) {
      JsonPath record = anchored(ids.get(i));
      JsonNode history = JSON.readTree(FabricTestResource.peerQuery("court", "EvidenceHistory", digests.get(i)));
      assertThat(history).as("anchors of " + digests.get(i)).hasSize(1);
      assertThat(history.get(0).path("txId").asText()).isEqualTo(record.getString("anchor.transactionId"));
      assertThat(offline(proof(ids.get(i))))
          .allSatisfy(c -> assertThat(c.result()).as(c.detail()).isEqualTo(Check.Result.PASSED));
    }
  }

  @Test
  @Order(7)
  void with_no_witness_to_endorse_the_record_says_so_and_anchoring_resumes_when_one_is_back() throws Exception {
    FabricTestResource.stopNode("chaincode.court");
    FabricTestResource.stopNode("chaincode.insurer");
    String id;
    try {
      Response accepted = notarize(unique("no witness"));
      assertThat(accepted.statusCode()).isEqualTo(202);
      id = accepted.path("id");
      JsonPath pending = given().get("/api/v1/evidence/" + id).then().statusCode(200).extract().jsonPath();
      assertThat(pending.getString("status")).isEqualTo("PENDING");
      assertThat(pending.getString("lastError")).contains("endorsement failed");
    } finally {
      FabricTestResource.startNode("chaincode.insurer");
      FabricTestResource.startNode("chaincode.court");
    }
    assertThat(offline(proofAfterAnchoring(id)))
        .allSatisfy(c -> assertThat(c.result()).as(c.detail()).isEqualTo(Check.Result.PASSED));
  }

  @Test
  @Order(8)
  void a_batch_of_300_items_with_references_and_pixel_digests_commits_as_transactions_of_150() throws Exception {
    java.security.SecureRandom random = new java.security.SecureRandom();
    List<org.evidencenotary.chaincode.core.AnchorRequest> requests = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      requests.add(new org.evidencenotary.chaincode.core.AnchorRequest(hex(random), UUID.randomUUID().toString(),
          hex(random), hex(random), 1_000_000 + i, "application/dicom", hex(random)));
    }

    List<AnchorResult> results = ledger.anchor(requests);

    assertThat(results).hasSize(300).allSatisfy(r -> {
      assertThat(r.refusal()).isNull();
      assertThat(r.created()).isTrue();
    });
    Set<String> transactions = new HashSet<>();
    results.forEach(r -> transactions.add(r.entry().location().transactionId()));
    assertThat(transactions).hasSize(2);
    JsonNode last = JSON.readTree(FabricTestResource.peerQuery("insurer", "ReadEvidence", requests.get(299).digest()));
    assertThat(last.path("txId").asText()).isEqualTo(results.get(299).entry().location().transactionId());
  }

  @Test
  @Order(9)
  void a_read_of_an_original_is_a_custody_event_on_fabric_that_the_courts_peer_returns() throws Exception {
    byte[] bytes = unique("fabric custody");
    Response created = notarize(bytes);
    assertThat(created.statusCode()).isIn(201, 202);
    String id = created.path("id");
    anchored(id);

    byte[] sent = given().queryParam("purpose", "fabric custody test").get("/api/v1/evidence/" + id + "/original")
        .then().statusCode(200).extract().asByteArray();

    assertThat(sent).isEqualTo(bytes);
    List<CustodyEvent> events = ledger.custodyEvents(id);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo(CustodyAction.EXPORTED);
      assertThat(e.digest()).isEqualTo(Sha256.digest(bytes).hex());
      assertThat(e.recordedBy()).isEqualTo("HospitalMSP");
      assertThat(e.txId()).hasSize(64);
      assertThat(Sha256.isHex(e.detailHash())).isTrue();
    });
    CustodyEvent event = events.get(0);

    // The court's admin on the court's own peer reads the same event: the details' hash, not the details.
    JsonNode onLedger = JSON.readTree(FabricTestResource.peerQuery("court", "CustodyEvents", id));
    assertThat(onLedger).hasSize(1);
    assertThat(onLedger.get(0).path("txId").asText()).isEqualTo(event.txId());
    assertThat(onLedger.get(0).path("action").asText()).isEqualTo("EXPORTED");
    assertThat(onLedger.get(0).path("detailHash").asText()).isEqualTo(event.detailHash());
    assertThat(onLedger.toString()).doesNotContain("fabric custody test").doesNotContain("anonymous");

    // The listing joins the ledger's event with the kept details, which still hash to detailHash.
    JsonPath custody = given().get("/api/v1/evidence/" + id + "/custody").then().statusCode(200).extract().jsonPath();
    assertThat(custody.getList("events.ledger.action", String.class)).containsExactly("EXPORTED");
    assertThat(custody.getString("events[0].ledger.txId")).isEqualTo(event.txId());
    assertThat(custody.getString("events[0].ledger.recordedBy")).isEqualTo("HospitalMSP");
    assertThat(custody.getString("events[0].detailsCheck")).isEqualTo("INTACT");
    assertThat(custody.getString("events[0].details.request.purpose")).isEqualTo("fabric custody test");
  }

  private static String hex(java.security.SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes);
  }

  private static JsonNode proofAfterAnchoring(String id) throws IOException {
    anchored(id);
    return proof(id);
  }

  private static void copyTree(Path from, Path to) throws IOException {
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
