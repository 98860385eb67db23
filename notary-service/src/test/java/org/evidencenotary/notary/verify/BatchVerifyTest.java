package org.evidencenotary.notary.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.evidencenotary.notary.testing.Zips;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The batch check ({@code POST /api/v1/verify/batch}): 50 mixed files (notarized, changed copies,
 * never notarized) as multipart parts, as a zip body and as a zip part get the verdicts single
 * verify gives, with the totals; the CSV form and its formula guard; who may call.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchVerifyTest {
  private static final String BATCH = "/api/v1/verify/batch";

  /** The 50 files, by name, with the verdict and (for near matches and notarized files) the evidence id. */
  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final Map<String, String> expected = new LinkedHashMap<>();
  private final Map<String, String> evidenceOf = new LinkedHashMap<>();

  @BeforeEach
  void notarize_half_of_them_once() throws Exception {
    if (!files.isEmpty()) {
      return;
    }
    long seed = new Random().nextLong() & 0xFFFFFFFFL;
    for (int i = 0; i < 10; i++) {
      byte[] dicom = Fixtures.dicomSecondaryCapture(seed + i);
      String id = notarize(dicom, "application/dicom");
      add("dicom/original-" + i + ".dcm", dicom, "AUTHENTIC", id);
      byte[] edited = dicom.clone();
      edited[edited.length - 10] ^= 0x40; // a pixel: same SOP Instance UID, another picture
      add("dicom/pixel-edited-" + i + ".dcm", edited, "MODIFIED", id);
      byte[] png = Fixtures.png(seed + 100 + i);
      add("png/original-" + i + ".png", png, "AUTHENTIC", notarize(png, "image/png"));
      add("png/one-bit-changed-" + i + ".png", Fixtures.withFlippedByte(png, png.length - 20), "UNKNOWN", null);
      byte[] unknown = new byte[500 + i];
      new Random(seed + 200 + i).nextBytes(unknown);
      add("other/never-notarized-" + i + ".bin", unknown, "UNKNOWN", null);
    }
  }

  private void add(String name, byte[] bytes, String verdict, String id) {
    files.put(name, bytes);
    expected.put(name, verdict);
    if (id != null) {
      evidenceOf.put(name, id);
    }
  }

  private static String notarize(byte[] bytes, String type) {
    var answer = Api.given().body(bytes).contentType(type).post("/api/v1/evidence").then().extract();
    assertThat(answer.statusCode()).isIn(200, 201);
    return answer.path("id");
  }

  private static RequestSpecification insurer() {
    return Api.anonymous().header(Api.as(Roles.INSURER));
  }

  private RequestSpecification multipart(RequestSpecification request) {
    files.forEach((name, bytes) -> request.multiPart("file", name, bytes, "application/octet-stream"));
    return request;
  }

  private void assertAnswersAll(JsonPath answer, String prefix) {
    assertThat(answer.getInt("files")).isEqualTo(50);
    assertThat(answer.getInt("errors")).isZero();
    assertThat(answer.getMap("totals")).containsEntry("AUTHENTIC", 20).containsEntry("MODIFIED", 10)
        .containsEntry("UNKNOWN", 20).containsEntry("PIXELS_AUTHENTIC_HEADER_CHANGED", 0)
        .containsEntry("UNVERIFIABLE", 0);
    List<Map<String, Object>> rows = answer.getList("results");
    List<String> names = new ArrayList<>(expected.keySet());
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> row = rows.get(i);
      String name = names.get(i);
      assertThat(row.get("name")).isEqualTo(prefix + name);
      assertThat(row.get("verdict")).as(name).isEqualTo(expected.get(name));
      assertThat(row.get("size")).as(name).isEqualTo(files.get(name).length);
      assertThat((String) row.get("sha256")).as(name).hasSize(64);
      assertThat((String) row.get("summary")).as(name).isNotBlank();
      // An insurer is told which evidence a near match is (docs/privacy.md).
      assertThat(row.get("evidenceId")).as(name).isEqualTo(evidenceOf.get(name));
    }
  }

  @Test
  void fifty_files_as_multipart_parts_get_their_verdicts_and_totals() {
    JsonPath answer = multipart(insurer()).post(BATCH).then().statusCode(200).contentType("application/json")
        .extract().jsonPath();
    assertAnswersAll(answer, "");
  }

  @Test
  void fifty_files_in_a_zip_body_get_the_same_answers() {
    JsonPath answer = insurer().contentType("application/zip").body(Zips.of(files)).post(BATCH)
        .then().statusCode(200).extract().jsonPath();
    assertAnswersAll(answer, "");
  }

  @Test
  void a_zip_sent_as_a_multipart_part_is_opened_and_its_entries_named_under_it() {
    JsonPath answer = insurer().multiPart("file", "claim-4711.zip", Zips.of(files), "application/zip")
        .post(BATCH).then().statusCode(200).extract().jsonPath();
    assertAnswersAll(answer, "claim-4711.zip/");
  }

  @Test
  void an_empty_file_gets_a_row_with_an_error_and_a_zip_inside_a_zip_is_checked_as_a_file() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("folder/", new byte[0]);
    entries.put("folder/empty.png", new byte[0]);
    entries.put("inner.zip", Zips.of(Map.of("x.bin", new byte[] {1, 2, 3})));
    JsonPath answer = insurer().contentType("application/zip").body(Zips.of(entries)).post(BATCH)
        .then().statusCode(200).extract().jsonPath();
    assertThat(answer.getInt("files")).isEqualTo(2);
    assertThat(answer.getInt("errors")).isEqualTo(1);
    assertThat(answer.getString("results[0].name")).isEqualTo("folder/empty.png");
    assertThat(answer.getString("results[0].error")).contains("empty");
    assertThat(answer.getString("results[0].verdict")).isNull();
    assertThat(answer.getString("results[1].verdict")).isEqualTo("UNKNOWN");
    assertThat(answer.getString("results[1].summary")).contains("checked as a file, not opened");
  }

  @Test
  void csv_has_a_header_one_row_per_file_and_guards_formulas() {
    // The four named to be run as formulas go first, then the 50.
    String csv = multipart(insurer().accept("text/csv")
        .multiPart("file", "=HYPERLINK(1).png", new byte[] {1}, "image/png")
        .multiPart("file", "+1.png", new byte[] {2}, "image/png")
        .multiPart("file", "-2,3.png", new byte[] {3}, "image/png")
        .multiPart("file", "@SUM(A1).png", new byte[] {4}, "image/png"))
        .post(BATCH).then().statusCode(200).contentType("text/csv").extract().asString();
    List<String> lines = List.of(csv.split("\r\n", -1));
    assertThat(lines.get(0)).isEqualTo("file,size,sha256,verdict,summary,evidence_id,error");
    assertThat(lines).hasSize(1 + 54 + 1).last().isEqualTo("");
    assertThat(lines.get(2)).startsWith("'+1.png,1,").contains(",UNKNOWN,");
    assertThat(lines.get(1)).startsWith("'=HYPERLINK(1).png,1,");
    assertThat(lines.get(3)).startsWith("\"'-2,3.png\",1,");
    assertThat(lines.get(4)).startsWith("'@SUM(A1).png,1,");
    for (String line : lines.subList(1, 55)) {
      assertThat(line).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@");
    }
    assertThat(lines.get(5)).startsWith("dicom/original-0.dcm,").contains(",AUTHENTIC,");
  }

  @Test
  void without_a_token_is_401_and_an_auditor_or_admin_is_403() {
    Api.anonymous().multiPart("file", "a.bin", new byte[] {1}).post(BATCH).then().statusCode(401)
        .contentType("application/problem+json");
    for (String role : List.of(Roles.AUDITOR, Roles.ADMIN)) {
      Api.anonymous().header(Api.as(role)).multiPart("file", "a.bin", new byte[] {1}).post(BATCH)
          .then().statusCode(403).body("type", org.hamcrest.Matchers.equalTo("urn:evidence-notary:problem:forbidden"));
    }
    for (String role : List.of(Roles.VERIFIER, Roles.ACQUIRER)) {
      Api.anonymous().header(Api.as(role)).multiPart("file", "a.bin", new byte[] {1}).post(BATCH)
          .then().statusCode(200);
    }
  }

  @Test
  void a_request_without_file_parts_or_with_a_body_that_is_no_zip_is_400() {
    insurer().multiPart("other", "a.bin", new byte[] {1}).post(BATCH).then().statusCode(400);
    insurer().contentType("application/zip").body(new byte[] {1, 2, 3}).post(BATCH).then().statusCode(400)
        .body("type", org.hamcrest.Matchers.equalTo("urn:evidence-notary:problem:malformed-zip"));
  }
}
