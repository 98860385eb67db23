package org.evidencenotary.notary.custody;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.evidencenotary.chaincode.core.CustodyAction;
import org.evidencenotary.chaincode.core.CustodyEvent;
import org.evidencenotary.chaincode.core.EvidenceRules;
import org.evidencenotary.format.Canonical;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.ledger.Ledger;
import org.junit.jupiter.api.Test;

/**
 * The chain of custody over REST, on the embedded ledger: each release of evidence leaves a
 * custody event on the ledger whose detail hash is that of the details the service kept, and the
 * custody listing shows a kept file that was edited or deleted as such.
 */
@QuarkusTest
class CustodyApiTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  @Inject Ledger ledger;
  @Inject NotaryConfig config;

  private static byte[] unique(String label) {
    return (label + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
  }

  private static String notarized(byte[] bytes) {
    return given().body(bytes).contentType("application/octet-stream").post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");
  }

  private static JsonPath custody(String id) {
    return given().get("/api/v1/evidence/" + id + "/custody").then().statusCode(200)
        .contentType("application/json").extract().jsonPath();
  }

  private Path keptDetails(String id, String detailHash) {
    return config.dataDir().resolve("custody").resolve(id).resolve(detailHash + ".json");
  }

  /** The block log's lines that hold a custody transaction of {@code id}. */
  private List<JsonNode> custodyTransactionsInTheBlockLog(String id) throws IOException {
    List<JsonNode> found = new ArrayList<>();
    for (String line : Files.readAllLines(config.dataDir().resolve("ledger/blocks.jsonl"))) {
      for (JsonNode tx : JSON.readTree(line).path("transactions")) {
        for (JsonNode write : tx.path("writes")) {
          if (write.path("key").asText().startsWith(EvidenceRules.CUSTODY_PREFIX + id + "/")) {
            found.add(tx);
          }
        }
      }
    }
    return found;
  }

  @Test
  void reading_an_original_leaves_a_custody_event_on_the_ledger_and_in_the_custody_listing() throws IOException {
    byte[] bytes = unique("read me");
    String id = notarized(bytes);

    byte[] sent = given().queryParam("purpose", "court order 12/2026").get("/api/v1/evidence/" + id + "/original")
        .then().statusCode(200).extract().asByteArray();

    assertThat(sent).isEqualTo(bytes);
    List<CustodyEvent> events = ledger.custodyEvents(id);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo(CustodyAction.EXPORTED);
      assertThat(e.digest()).isEqualTo(Sha256.digest(bytes).hex());
      assertThat(Sha256.isHex(e.detailHash())).isTrue();
    });
    CustodyEvent event = events.get(0);
    List<JsonNode> transactions = custodyTransactionsInTheBlockLog(id);
    assertThat(transactions).singleElement().satisfies(tx -> {
      assertThat(tx.path("function").asText()).isEqualTo("recordCustody");
      assertThat(tx.path("txId").asText()).isEqualTo(event.txId());
      String written = new String(Base64.getDecoder().decode(tx.path("writes").get(0).path("value").asText()),
          StandardCharsets.UTF_8);
      // Only the digest of the details is on the ledger: no purpose, no actor, no client address.
      assertThat(written).contains(event.detailHash()).doesNotContain("court order").doesNotContain("test suite")
          .doesNotContain("127.0.0.1");
    });

    JsonPath listed = custody(id);
    assertThat(listed.getString("evidenceId")).isEqualTo(id);
    assertThat(listed.getBoolean("complete")).isTrue();
    assertThat(listed.getList("events")).hasSize(1);
    assertThat(listed.getString("events[0].ledger.action")).isEqualTo("EXPORTED");
    assertThat(listed.getString("events[0].ledger.txId")).isEqualTo(event.txId());
    assertThat(listed.getString("events[0].ledger.detailHash")).isEqualTo(event.detailHash());
    assertThat(listed.getString("events[0].detailsCheck")).isEqualTo("INTACT");
    assertThat(listed.getString("events[0].details.action")).isEqualTo("EXPORTED");
    assertThat(listed.getString("events[0].details.evidenceId")).isEqualTo(id);
    assertThat(listed.getString("events[0].details.actor.name")).isEqualTo("test suite");
    assertThat(listed.getString("events[0].details.actor.role")).isEqualTo("acquirer,verifier,insurer,auditor,admin");
    assertThat(listed.getString("events[0].details.request.purpose")).isEqualTo("court order 12/2026");
    assertThat(listed.getString("events[0].details.request.path")).isEqualTo("/api/v1/evidence/" + id + "/original");
    assertThat(listed.getString("events[0].details.request.clientAddress")).isNotBlank();
    byte[] kept = Files.readAllBytes(keptDetails(id, event.detailHash()));
    assertThat(Sha256.digest(kept).hex()).isEqualTo(event.detailHash());
    assertThat(kept).as("kept in its RFC 8785 form").isEqualTo(Canonical.bytes(JSON.readTree(kept)));
  }

  @Test
  void each_release_is_recorded_with_its_own_action_oldest_first() {
    String id = notarized(unique("released three ways"));

    given().get("/api/v1/evidence/" + id + "/proof").then().statusCode(200);
    given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200).contentType("application/pdf");
    given().get("/api/v1/evidence/" + id + "/original").then().statusCode(200);

    JsonPath listed = custody(id);
    assertThat(listed.getList("events.ledger.action", String.class))
        .containsExactly("PROOF_ISSUED", "CERTIFICATE_ISSUED", "EXPORTED");
    assertThat(listed.getList("events.detailsCheck", String.class)).containsOnly("INTACT");
  }

  @Test
  void an_edited_details_file_is_reported_as_altered_and_its_content_not_shown() throws IOException {
    String id = notarized(unique("edited details"));
    given().get("/api/v1/evidence/" + id + "/original").then().statusCode(200);
    String detailHash = ledger.custodyEvents(id).get(0).detailHash();
    Path kept = keptDetails(id, detailHash);
    String edited = Files.readString(kept).replace("\"test suite\"", "\"someone else\"");
    Files.writeString(kept, edited);

    JsonPath listed = custody(id);

    assertThat(listed.getString("events[0].detailsCheck")).isEqualTo("ALTERED");
    assertThat(listed.getString("events[0].ledger.detailHash")).isEqualTo(detailHash);
    assertThat(listed.getString("events[0].detailsFoundSha256"))
        .isEqualTo(Sha256.digest(edited.getBytes(StandardCharsets.UTF_8)).hex());
    assertThat(listed.getMap("events[0]")).doesNotContainKey("details");
  }

  @Test
  void a_deleted_details_file_is_reported_as_missing() throws IOException {
    String id = notarized(unique("deleted details"));
    given().get("/api/v1/evidence/" + id + "/original").then().statusCode(200);
    Files.delete(keptDetails(id, ledger.custodyEvents(id).get(0).detailHash()));

    JsonPath listed = custody(id);

    assertThat(listed.getList("events")).hasSize(1);
    assertThat(listed.getString("events[0].detailsCheck")).isEqualTo("MISSING");
    assertThat(listed.getString("events[0].ledger.action")).isEqualTo("EXPORTED");
  }

  @Test
  void a_purpose_with_control_characters_is_refused_and_nothing_is_recorded_or_sent() {
    String id = notarized(unique("bad purpose"));

    given().queryParam("purpose", "court\u0007order").get("/api/v1/evidence/" + id + "/original")
        .then().statusCode(400).contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:bad-request"));

    assertThat(ledger.custodyEvents(id)).isEmpty();
  }

  @Test
  void evidence_never_read_has_an_empty_custody_listing() {
    String id = notarized(unique("never read"));

    JsonPath listed = custody(id);

    assertThat(listed.getList("events")).isEmpty();
    assertThat(listed.getBoolean("complete")).isTrue();
  }

  @Test
  void custody_of_unknown_evidence_is_404() {
    given().get("/api/v1/evidence/" + UUID.randomUUID() + "/custody").then().statusCode(404)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:evidence-not-found"));
    given().get("/api/v1/evidence/not-a-uuid/custody").then().statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void a_court_records_its_own_disclosure_and_it_is_on_the_ledger_with_who_and_why() throws IOException {
    String id = notarized(unique("shown at the hearing"));
    String form = "{\"action\":\"DISCLOSED_TO_COURT\",\"purpose\":\"exhibit 7, case 2026-CV-0042, hearing of 7 Dec\"}";

    JsonPath event = org.evidencenotary.notary.testing.Api.anonymous()
        .header(org.evidencenotary.notary.testing.Api.as(org.evidencenotary.notary.auth.Roles.VERIFIER))
        .contentType("application/json").body(form).post("/api/v1/evidence/" + id + "/custody")
        .then().statusCode(201).extract().jsonPath();
    assertThat(event.getString("action")).isEqualTo("DISCLOSED_TO_COURT");

    JsonPath listed = custody(id);
    assertThat(listed.getList("events.ledger.action")).containsExactly("DISCLOSED_TO_COURT");
    assertThat(listed.getString("events[0].detailsCheck")).isEqualTo("INTACT");
    assertThat(listed.getString("events[0].details.request.purpose")).contains("case 2026-CV-0042");
    assertThat(listed.getString("events[0].details.actor.role")).isEqualTo("verifier");
    assertThat(listed.getString("events[0].ledger.txId")).isEqualTo(event.getString("txId"));
    // Only a hash of who and why is on the ledger.
    assertThat(custodyTransactionsInTheBlockLog(id)).hasSize(1);
    assertThat(custodyTransactionsInTheBlockLog(id).get(0).toString()).doesNotContain("2026-CV-0042");
  }

  @Test
  void only_a_verifier_records_and_only_its_own_kinds_of_event_with_a_purpose() {
    String id = notarized(unique("not for the hospital to claim"));
    var acquirer = org.evidencenotary.notary.testing.Api.as(org.evidencenotary.notary.auth.Roles.ACQUIRER);
    var verifier = org.evidencenotary.notary.testing.Api.as(org.evidencenotary.notary.auth.Roles.VERIFIER);
    String path = "/api/v1/evidence/" + id + "/custody";
    org.evidencenotary.notary.testing.Api.anonymous().header(acquirer).contentType("application/json")
        .body("{\"action\":\"VIEWED\",\"purpose\":\"x\"}").post(path).then().statusCode(403);
    org.evidencenotary.notary.testing.Api.anonymous().header(verifier).contentType("application/json")
        .body("{\"action\":\"EXPORTED\",\"purpose\":\"x\"}").post(path).then().statusCode(400)
        .contentType("application/problem+json");
    org.evidencenotary.notary.testing.Api.anonymous().header(verifier).contentType("application/json")
        .body("{\"action\":\"VIEWED\"}").post(path).then().statusCode(400);
    org.evidencenotary.notary.testing.Api.anonymous().header(verifier).contentType("application/json")
        .body("{\"action\":\"NONSENSE\",\"purpose\":\"x\"}").post(path).then().statusCode(400);
    assertThat(custody(id).getList("events")).as("nothing recorded by refused requests").isEmpty();
  }
}
