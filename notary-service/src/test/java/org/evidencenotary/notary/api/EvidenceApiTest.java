package org.evidencenotary.notary.api;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.ledger.Ledger;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EvidenceApiTest {
  @TestHTTPResource("/") URI baseUrl;
  @Inject NotaryConfig config;
  @Inject Ledger ledger;

  static Response notarize(byte[] body, String contentType) {
    return given().body(body).contentType(contentType).when().post("/api/v1/evidence");
  }

  static JsonPath verify(byte[] exhibit) {
    return given().body(exhibit).contentType("application/octet-stream")
        .when().post("/api/v1/verify")
        .then().statusCode(200).extract().jsonPath();
  }

  @Test
  void dicom_round_trip_is_anchored_proven_and_verified_authentic() {
    byte[] dicom = Fixtures.dicomSecondaryCapture(1);
    String sha = Sha256.digest(dicom).hex();

    Response created = notarize(dicom, "application/dicom");
    created.then().statusCode(201)
        .header("Location", endsWith("/api/v1/evidence/" + created.jsonPath().getString("id")))
        .body("sha256", equalTo(sha))
        .body("size", equalTo(dicom.length))
        .body("mediaType", equalTo("application/dicom"))
        .body("status", equalTo("ANCHORED"))
        .body("anchor.ledger", equalTo("embedded"));
    String id = created.jsonPath().getString("id");

    given().get("/api/v1/evidence/" + id).then().statusCode(200)
        .body("status", equalTo("ANCHORED")).body("links.proof", equalTo("/api/v1/evidence/" + id + "/proof"));
    JsonPath proof = given().get("/api/v1/evidence/" + id + "/proof").then().statusCode(200).extract().jsonPath();
    assertThat(proof.getString("format")).isEqualTo("evidence-notary-proof/v1");
    assertThat(proof.getString("statement.sha256")).isEqualTo(sha);
    assertThat(proof.getList("certificateChain")).hasSize(2);
    assertThat(proof.getString("anchor.blockHash")).isEqualTo(proof.getString("anchor.block.hash"));
    assertThat(proof.getString("storage.address")).endsWith(sha);

    byte[] original = given().get("/api/v1/evidence/" + id + "/original").then().statusCode(200)
        .contentType("application/dicom").extract().asByteArray();
    assertThat(original).isEqualTo(dicom);

    JsonPath report = verify(dicom);
    assertThat(report.getString("verdict")).isEqualTo("AUTHENTIC");
    assertThat(report.getString("evidenceId")).isEqualTo(id);
    assertThat(report.getList("checks.result", String.class)).containsOnly("PASSED");
    assertThat(report.getList("checks.name", String.class)).contains(
        "Ledger anchor", "Ledger block chain", "Signed evidence statement", "Notary signature",
        "Notary certificate chain", "Stored original");
  }

  @Test
  void png_sent_as_multipart_with_metadata_keeps_its_metadata() throws IOException {
    byte[] png = Fixtures.png(2);

    Response created = given()
        .multiPart("file", "chest.png", png, "image/png")
        .multiPart("metadata", "{\"caseReference\":\"CV-2026-0042\",\"description\":\"chest PA\","
            + "\"submitter\":\"technologist 17\"}", "application/json")
        .when().post("/api/v1/evidence");

    created.then().statusCode(201)
        .body("mediaType", equalTo("image/png"))
        .body("fileName", equalTo("chest.png"))
        .body("caseReference", equalTo("CV-2026-0042"))
        .body("submitter", equalTo("technologist 17"));
    String id = created.jsonPath().getString("id");
    JsonPath proof = given().get("/api/v1/evidence/" + id + "/proof").then().extract().jsonPath();
    assertThat(proof.getString("statement.caseReference")).isEqualTo("CV-2026-0042");
    // The ledger holds only a salted hash of the case reference, never the reference itself.
    String block = proof.getString("anchor.block");
    assertThat(block).doesNotContain("CV-2026-0042");

    JsonPath report = given().multiPart("file", "exhibit.png", png, "image/png")
        .post("/api/v1/verify").then().statusCode(200).extract().jsonPath();
    assertThat(report.getString("verdict")).isEqualTo("AUTHENTIC");
  }

  @Test
  void same_bytes_twice_return_the_first_record_and_anchor_once() {
    byte[] bytes = "the same exhibit, submitted twice".getBytes(StandardCharsets.UTF_8);
    Response first = notarize(bytes, "application/octet-stream");
    first.then().statusCode(201);
    long height = ledger.height();

    Response second = notarize(bytes, "application/octet-stream");

    second.then().statusCode(200).body("id", equalTo(first.jsonPath().getString("id")))
        .header("Location", endsWith(first.jsonPath().getString("id")));
    assertThat(ledger.height()).isEqualTo(height);
  }

  @Test
  void one_flipped_pixel_byte_is_modified_alone_and_against_the_proof() {
    byte[] dicom = Fixtures.dicomSecondaryCapture(3);
    String id = notarize(dicom, "application/dicom").then().statusCode(201).extract().jsonPath().getString("id");
    String proof = given().get("/api/v1/evidence/" + id + "/proof").then().extract().asString();
    byte[] tampered = Fixtures.withFlippedByte(dicom, dicom.length - 10);

    // A DICOM exhibit with a notarized SOP Instance UID and changed pixels is MODIFIED even without
    // its proof (issue 5); plain files with a changed byte stay UNKNOWN alone (see the smoke test).
    JsonPath alone = verify(tampered);
    assertThat(alone.getString("verdict")).isEqualTo("MODIFIED");
    assertThat(alone.getString("evidenceId")).isEqualTo(id);

    JsonPath withProof = given()
        .multiPart("file", "exhibit.dcm", tampered, "application/dicom")
        .multiPart("proof", "proof.json", proof.getBytes(StandardCharsets.UTF_8), "application/json")
        .post("/api/v1/verify").then().statusCode(200).extract().jsonPath();
    assertThat(withProof.getString("verdict")).isEqualTo("MODIFIED");
    assertThat(withProof.getString("evidenceId")).isEqualTo(id);
    List<Map<String, String>> checks = withProof.getList("checks");
    assertThat(checks).anySatisfy(c -> {
      assertThat(c.get("name")).isEqualTo("Exhibit matches the proof");
      assertThat(c.get("result")).isEqualTo("FAILED");
      assertThat(c.get("detail")).contains(Sha256.digest(dicom).hex()).contains(Sha256.digest(tampered).hex());
    });
  }

  @Test
  void the_right_exhibit_with_its_proof_is_authentic() {
    byte[] bytes = Fixtures.dicomSecondaryCapture(4);
    String id = notarize(bytes, "application/dicom").then().statusCode(201).extract().jsonPath().getString("id");
    String proof = given().get("/api/v1/evidence/" + id + "/proof").then().extract().asString();

    JsonPath report = given()
        .multiPart("file", "exhibit.dcm", bytes, "application/dicom")
        .multiPart("proof", proof)
        .post("/api/v1/verify").then().statusCode(200).extract().jsonPath();

    assertThat(report.getString("verdict")).isEqualTo("AUTHENTIC");
    assertThat(report.getList("checks.name", String.class)).contains("Exhibit matches the proof", "Proof's ledger block");
  }

  @Test
  void a_proof_with_a_forged_statement_does_not_make_an_exhibit_authentic() {
    byte[] bytes = Fixtures.dicomSecondaryCapture(5);
    String id = notarize(bytes, "application/dicom").then().statusCode(201).extract().jsonPath().getString("id");
    String proof = given().get("/api/v1/evidence/" + id + "/proof").then().extract().asString();
    String forged = proof.replace("\"submitter\":\"anonymous\"", "\"submitter\":\"Dr. Mallory\"");
    assertThat(forged).isNotEqualTo(proof);

    JsonPath report = given()
        .multiPart("file", "exhibit.dcm", bytes, "application/dicom")
        .multiPart("proof", "proof.json", forged.getBytes(StandardCharsets.UTF_8), "application/json")
        .post("/api/v1/verify").then().statusCode(200).extract().jsonPath();

    assertThat(report.getString("verdict")).isEqualTo("UNVERIFIABLE");
    assertThat(report.getList("checks.findAll { it.result == 'FAILED' }.name", String.class))
        .contains("Signed evidence statement", "Notary signature");
  }

  @Test
  void corrupted_stored_object_is_reported_and_never_served() throws IOException {
    byte[] bytes = Fixtures.png(6);
    String sha = Sha256.digest(bytes).hex();
    String id = notarize(bytes, "image/png").then().statusCode(201).extract().jsonPath().getString("id");
    Path stored = config.dataDir().resolve("objects/sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha);
    Files.setPosixFilePermissions(stored, PosixFilePermissions.fromString("rw-------"));
    Files.write(stored, Fixtures.withFlippedByte(bytes, 40));

    given().get("/api/v1/evidence/" + id + "/original").then().statusCode(500)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:storage-integrity"))
        .body("title", equalTo("Stored original failed its integrity check"))
        .body("sha256", equalTo(sha));
    JsonPath report = verify(bytes);
    assertThat(report.getString("verdict")).isEqualTo("UNVERIFIABLE");
    assertThat(report.getList("checks.findAll { it.result == 'FAILED' }.name", String.class))
        .containsExactly("Stored original");
  }

  @Test
  void empty_body_is_a_400_problem() {
    given().body(new byte[0]).contentType("application/dicom").post("/api/v1/evidence")
        .then().statusCode(400).contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:empty-body"))
        .body("status", equalTo(400));
    given().body(new byte[0]).contentType("application/octet-stream").post("/api/v1/verify")
        .then().statusCode(400).contentType("application/problem+json");
  }

  @Test
  void body_without_content_type_is_taken_as_octet_stream() throws Exception {
    // REST Assured always sends a Content-Type; the JDK client sends none unless told.
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(baseUrl + "api/v1/evidence"))
            .header("Authorization", Api.as(Roles.ACQUIRER).getValue())
            .POST(HttpRequest.BodyPublishers.ofString("no declared type")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.body()).contains("\"mediaType\":\"application/octet-stream\"");
  }

  @Test
  void malformed_content_type_is_a_400_problem() {
    given().body(new byte[] {1}).header("Content-Type", "not a media type")
        .post("/api/v1/evidence").then().statusCode(400).contentType("application/problem+json")
        .body("detail", startsWith("the Content-Type header is not a media type"));
  }

  @Test
  void unknown_or_malformed_ids_are_404_problems() {
    given().get("/api/v1/evidence/00000000-0000-4000-8000-000000000000").then().statusCode(404)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:evidence-not-found"));
    given().get("/api/v1/evidence/..%2F..%2Fetc/proof").then().statusCode(404)
        .contentType("application/problem+json");
    given().get("/api/v1/evidence/not-a-uuid/original").then().statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void malformed_metadata_and_missing_file_part_are_400_problems_that_keep_nothing() {
    long height = ledger.height();
    given().multiPart("file", "a.bin", new byte[] {1, 2, 3}, "application/octet-stream")
        .multiPart("metadata", "{not json", "application/json")
        .post("/api/v1/evidence").then().statusCode(400).contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:bad-request"));
    given().multiPart("metadata", "{}", "application/json")
        .post("/api/v1/evidence").then().statusCode(400).contentType("application/problem+json")
        .body("detail", startsWith("the multipart request needs a 'file' part"));
    given().body(new byte[] {1}).contentType("application/octet-stream").queryParam("fileName", "../../x")
        .post("/api/v1/evidence").then().statusCode(400)
        .body("type", equalTo("urn:evidence-notary:problem:invalid-metadata"));
    assertThat(ledger.height()).isEqualTo(height);
  }

  @Test
  void unknown_path_and_wrong_method_are_problems_without_internals() {
    given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    given().delete("/api/v1/evidence/00000000-0000-4000-8000-000000000000").then().statusCode(405)
        .contentType("application/problem+json");
  }

  @Test
  void readiness_reports_ledger_and_store_and_openapi_is_served() {
    given().get("/q/health/ready").then().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks[0].data.ledger", equalTo("embedded"))
        .body("checks[0].data.store", equalTo("filesystem"));
    given().accept("application/json").get("/q/openapi").then().statusCode(200)
        .body("paths.'/api/v1/evidence'.post", org.hamcrest.Matchers.notNullValue())
        .body("paths.'/api/v1/verify'.post", org.hamcrest.Matchers.notNullValue());
  }
}
