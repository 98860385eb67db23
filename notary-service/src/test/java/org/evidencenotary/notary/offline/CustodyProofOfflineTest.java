package org.evidencenotary.notary.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencenotary.notary.testing.Api.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.evidencenotary.verifier.VerifierCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proof carrying the chain of custody, checked by the offline verifier as a court's expert would:
 * every event proven on the ledger by its block, its kept details against the ledger's
 * detailHash, the events in order; and each kind of tampering with the history found.
 */
@QuarkusTest
class CustodyProofOfflineTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;
  Path trust;
  Path exhibit;
  String id;
  ObjectNode proof;

  @BeforeEach
  void notarize_then_release_three_times() throws IOException {
    byte[] bytes = Fixtures.dicomSecondaryCapture(System.nanoTime());
    id = notarized(bytes);
    exhibit = Files.write(dir.resolve("exhibit.dcm"), bytes);
    Api.anonymous().header(Api.as(Roles.VERIFIER)).queryParam("purpose", "court order 12/2026")
        .get("/api/v1/evidence/" + id + "/original").then().statusCode(200);
    given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200);
    given().queryParam("purpose", "second copy").get("/api/v1/evidence/" + id + "/original").then().statusCode(200);
    proof = proofOf(id, given());
    trust = Files.createDirectories(dir.resolve("trust"));
    Files.writeString(trust.resolve("notary-root.pem"),
        given().get("/api/v1/trust/roots.pem").then().statusCode(200).extract().asString());
  }

  private static String notarized(byte[] bytes) {
    return given().body(bytes).contentType("application/dicom").post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");
  }

  private static ObjectNode proofOf(String id, io.restassured.specification.RequestSpecification as)
      throws IOException {
    return (ObjectNode) JSON.readTree(as.get("/api/v1/evidence/" + id + "/proof").then().statusCode(200)
        .extract().asByteArray());
  }

  private ArrayNode events(ObjectNode p) {
    return (ArrayNode) p.path("custody").path("events");
  }

  private record Run(int exit, String out) {}

  private Run verify(ObjectNode p, String name) throws IOException {
    Path file = Files.write(dir.resolve(name), JSON.writeValueAsBytes(p));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = VerifierCli.run(new String[] {exhibit.toString(), file.toString(), "--trust", trust.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void a_proof_carries_each_earlier_release_with_its_details_and_its_block() {
    ArrayNode events = events(proof);

    assertThat(events).hasSize(3);
    assertThat(events.get(0).path("event").path("action").asText()).isEqualTo("EXPORTED");
    assertThat(events.get(1).path("event").path("action").asText()).isEqualTo("CERTIFICATE_ISSUED");
    assertThat(events.get(2).path("event").path("action").asText()).isEqualTo("EXPORTED");
    assertThat(events.get(0).path("details").path("request").path("purpose").asText()).isEqualTo("court order 12/2026");
    assertThat(events.get(0).path("details").path("actor").path("name").asText()).isEqualTo("test verifier");
    assertThat(events.get(1).path("details").path("sequence").asInt()).isEqualTo(2);
    assertThat(events.get(1).path("details").path("previous").asText())
        .isEqualTo(events.get(0).path("event").path("txId").asText());
    assertThat(events.get(2).path("anchor").path("block").path("transactions").get(0).path("txId").asText())
        .isEqualTo(events.get(2).path("event").path("txId").asText());
    assertThat(proof.path("custody").path("complete").asBoolean()).isTrue();
  }

  @Test
  void a_proof_with_its_custody_history_is_authentic_offline_with_each_event_checked() throws IOException {
    Run run = verify(proof, "proof-with-custody.json");

    assertThat(run.out()).contains("VERDICT: AUTHENTIC").contains("[PASS] Custody event 1")
        .contains("[PASS] Custody event 2").contains("[PASS] Custody event 3").contains("[PASS] Chain of custody")
        .contains("its details hash to the ledger's detailHash").doesNotContain("[FAIL]");
    assertThat(run.exit()).isZero();
  }

  @Test
  void a_proof_for_an_insurer_carries_the_events_without_details_and_still_verifies() throws IOException {
    ObjectNode forInsurer = proofOf(id, Api.anonymous().header(Api.as(Roles.INSURER)));

    assertThat(events(forInsurer)).hasSizeGreaterThanOrEqualTo(3);
    assertThat(events(forInsurer).get(0).has("details")).isFalse();
    assertThat(JSON.writeValueAsString(forInsurer)).doesNotContain("court order 12/2026").doesNotContain("test verifier");
    Run run = verify(forInsurer, "proof-public-custody.json");
    assertThat(run.out()).contains("VERDICT: AUTHENTIC").contains("[PASS] Custody event 1")
        .contains("its details (who, why) are not in this proof");
    assertThat(run.exit()).isZero();
  }

  @Test
  void a_certificate_carries_the_earlier_releases_without_details_and_verifies_offline_with_them()
      throws IOException {
    byte[] pdf = given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200).extract()
        .asByteArray();
    Path certificate = Files.write(dir.resolve("certificate.pdf"), pdf);
    String attached;
    try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
      attached = new String(document.getDocumentCatalog().getNames().getEmbeddedFiles().getNames()
          .get("proof-bundle.json").getEmbeddedFile().toByteArray(), StandardCharsets.UTF_8);
    }

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = VerifierCli.run(new String[] {exhibit.toString(), certificate.toString(), "--trust", trust.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(attached).contains("\"custody\"").doesNotContain("court order 12/2026").doesNotContain("test verifier");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("VERDICT: AUTHENTIC").contains("[PASS] Custody event 4")
        .contains("[PASS] Chain of custody").doesNotContain("[FAIL]");
    assertThat(exit).isZero();
  }

  @Test
  void a_changed_custody_detail_makes_the_proof_unverifiable() throws IOException {
    ((ObjectNode) events(proof).get(0).path("details").path("request")).put("purpose", "no order at all");

    Run run = verify(proof, "proof-with-changed-custody-purpose.json");

    assertThat(run.out()).contains("VERDICT: UNVERIFIABLE").contains("chain of custody does not check out")
        .contains("[FAIL] Custody event 1").contains("the details were changed");
    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void a_changed_custody_event_makes_the_proof_unverifiable() throws IOException {
    ((ObjectNode) events(proof).get(1).path("event")).put("action", "PROOF_ISSUED");

    Run run = verify(proof, "proof-with-changed-custody-action.json");

    assertThat(run.out()).contains("VERDICT: UNVERIFIABLE").contains("[FAIL] Custody event 2")
        .contains("the ledger holds another event under that transaction");
    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void an_event_removed_from_the_middle_makes_the_proof_unverifiable() throws IOException {
    events(proof).remove(1);

    Run run = verify(proof, "proof-with-custody-event-removed.json");

    assertThat(run.out()).contains("VERDICT: UNVERIFIABLE").contains("[FAIL] Chain of custody")
        .contains("an earlier event was dropped");
    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void the_first_event_removed_makes_the_proof_unverifiable() throws IOException {
    events(proof).remove(0);

    Run run = verify(proof, "proof-with-first-custody-event-removed.json");

    assertThat(run.out()).contains("VERDICT: UNVERIFIABLE").contains("[FAIL] Chain of custody")
        .contains("an earlier event was dropped");
    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void two_events_swapped_make_the_proof_unverifiable() throws IOException {
    JsonNode first = events(proof).get(0);
    events(proof).set(0, events(proof).get(1));
    events(proof).set(1, first);

    Run run = verify(proof, "proof-with-custody-events-swapped.json");

    assertThat(run.out()).contains("VERDICT: UNVERIFIABLE").contains("[FAIL] Chain of custody")
        .contains("the events were reordered");
    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void an_event_moved_from_another_evidence_makes_the_proof_unverifiable() throws IOException {
    String otherId = notarized(Fixtures.dicomSecondaryCapture(System.nanoTime() + 7));
    given().get("/api/v1/evidence/" + otherId + "/original").then().statusCode(200);
    JsonNode foreign = events(proofOf(otherId, given())).get(0);
    events(proof).add(foreign);

    Run run = verify(proof, "proof-with-custody-event-of-another-evidence.json");

    assertThat(run.out()).contains("VERDICT: UNVERIFIABLE").contains("[FAIL] Custody event 4")
        .contains("is of evidence " + otherId + ", not of evidence " + id)
        .contains("taken from another evidence's history");
    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void an_event_of_another_evidence_relabelled_as_this_one_is_not_on_the_ledger() throws IOException {
    String otherId = notarized(Fixtures.dicomSecondaryCapture(System.nanoTime() + 11));
    given().get("/api/v1/evidence/" + otherId + "/original").then().statusCode(200);
    ObjectNode foreign = (ObjectNode) events(proofOf(otherId, given())).get(0).deepCopy();
    ((ObjectNode) foreign.path("event")).put("evidenceId", id)
        .put("digest", proof.path("statement").path("sha256").asText());
    foreign.remove("details");
    events(proof).add(foreign);

    Run run = verify(proof, "proof-with-relabelled-custody-event.json");

    assertThat(run.out()).contains("VERDICT: UNVERIFIABLE").contains("[FAIL] Custody event 4")
        .contains("does not record a custody event of evidence " + id);
    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void a_proof_without_a_custody_history_verifies_as_before() throws IOException {
    proof.remove("custody");

    Run run = verify(proof, "proof-without-custody.json");

    assertThat(run.out()).contains("VERDICT: AUTHENTIC").doesNotContain("Custody event").doesNotContain("Chain of custody");
    assertThat(run.exit()).isZero();
  }
}
