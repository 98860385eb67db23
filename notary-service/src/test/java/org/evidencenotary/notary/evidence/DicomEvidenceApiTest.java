package org.evidencenotary.notary.evidence;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.dicom.Dcmtk;
import org.evidencenotary.notary.dicom.DicomScan;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.storage.EvidenceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
class DicomEvidenceApiTest {
  private static final String SERIES = "1.2.826.0.1.3680043.10.1.99.2.1";

  @Inject EvidenceRepository repository;
  @Inject EvidenceStore store;
  @TempDir Path dir;

  static Response notarize(byte[] body, String contentType) {
    return given().body(body).contentType(contentType).when().post("/api/v1/evidence");
  }

  static JsonPath verify(byte[] exhibit) {
    return given().body(exhibit).contentType("application/octet-stream").when().post("/api/v1/verify")
        .then().statusCode(200).extract().jsonPath();
  }

  @Test
  void dicom_upload_signs_pixel_and_frame_digests_and_salted_uids_but_no_patient_data() {
    byte[] file = DicomTestFiles.ct(101, 16, 16, 2, SERIES, 1);
    DicomScan scan = DicomTestFiles.scan(file);

    String id = notarize(file, "application/dicom").then().statusCode(201).extract().path("id");
    String proof = given().get("/api/v1/evidence/" + id + "/proof").then().statusCode(200).extract().asString();
    JsonPath json = JsonPath.from(proof);

    assertThat(json.getString("statement.dicom.pixelDataSha256")).isEqualTo(scan.pixels().sha256());
    assertThat(json.getList("statement.dicom.frameSha256")).containsExactlyElementsOf(scan.pixels().frames());
    assertThat(json.getString("statement.dicom.sopClassUid")).isEqualTo("1.2.840.10008.5.1.4.1.1.2.1");
    assertThat(json.getString("statement.dicom.sopInstanceUidHash")).hasSize(64);
    assertThat(json.getInt("statement.dicom.numberOfFrames")).isEqualTo(2);
    String sopInstance = scan.header().value(0x00080018);
    assertThat(proof).doesNotContain(sopInstance).doesNotContain(SERIES).doesNotContain("TEST^PHANTOM")
        .doesNotContain("PID-0001").doesNotContain("20261125");
    assertThat(repository.findById(id).orElseThrow().dicom().sopInstanceUid()).isEqualTo(sopInstance);
    assertThat(repository.findById(id).orElseThrow().dicom().deviceSerialNumber()).isEqualTo("SN-1234");
  }

  /**
   * An image header whose Pixel Data was stripped, without SOP Instance UID: readable DICOM, so it
   * is notarized over REST as application/dicom, with the warnings in the signed statement and on
   * the certificate, and no pixel digest claimed.
   */
  @Test
  void dicom_with_warnings_is_notarized_and_its_statement_and_certificate_show_the_warnings() throws Exception {
    byte[] file = DicomTestFiles.ct(109, 16, 16, 1, SERIES, 1);
    Path stripped = DicomTestFiles.write(dir, "ct-pixel-data-stripped.dcm", file);
    Dcmtk.run("dcmodify", "-nb", "-ea", "(7FE0,0010)", "-ea", "(0008,0018)", stripped.toString());
    DicomScan scan = DicomTestFiles.scan(stripped);
    assertThat(scan.warnings()).as("the fixture's warnings").hasSize(2);

    String id = notarize(Files.readAllBytes(stripped), "application/dicom").then().statusCode(201).extract().path("id");
    String proof = given().get("/api/v1/evidence/" + id + "/proof").then().statusCode(200).extract().asString();
    JsonPath json = JsonPath.from(proof);

    assertThat(json.getList("statement.dicom.warnings", String.class)).containsExactlyElementsOf(scan.warnings())
        .contains("no SOP Instance UID (0008,0018): not found by its identity, not in a series manifest",
            "image attributes (Rows) without Pixel Data: no pixel digest");
    assertThat(json.getMap("statement.dicom")).doesNotContainKeys("pixelDataSha256", "sopInstanceUidHash");
    assertThat(json.getString("statement.dicom.sopClassUid")).isEqualTo("1.2.840.10008.5.1.4.1.1.2");
    assertThat(proof).doesNotContain("TEST^PHANTOM").doesNotContain("PID-0001");
    byte[] pdf = given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200).extract()
        .asByteArray();
    Path samples = Files.createDirectories(Path.of("target", "certificate-samples"));
    Files.write(samples.resolve("dicom-with-warnings.pdf"), pdf);
    try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
      String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("\\s+", " ");
      assertThat(text).contains("Warnings").contains("no SOP Instance UID (0008,0018)")
          .contains("image attributes (Rows) without Pixel Data: no pixel digest")
          .contains("no pixel digest: the file's SHA-256 alone binds this instance")
          .doesNotContain("TEST^PHANTOM");
    }
  }

  @Test
  void non_dicom_upload_keeps_its_statement_without_a_dicom_part() {
    byte[] bytes = new byte[1000];
    new Random(5).nextBytes(bytes);
    String id = notarize(bytes, "image/png").then().statusCode(201).extract().path("id");

    JsonPath proof = given().get("/api/v1/evidence/" + id + "/proof").then().statusCode(200).extract().jsonPath();

    assertThat(proof.getMap("statement")).doesNotContainKey("dicom");
  }

  @Test
  void malformed_dicom_declared_as_application_dicom_is_refused_with_400_and_nothing_is_kept() throws Exception {
    byte[] file = DicomTestFiles.ct(102, 16, 16, 1, SERIES, 1);
    byte[] truncated = Arrays.copyOf(file, file.length - 100);
    int before = repository.count();

    notarize(truncated, "application/dicom").then().statusCode(400)
        .contentType("application/problem+json")
        .body("type", org.hamcrest.Matchers.equalTo("urn:evidence-notary:problem:malformed-dicom"))
        .body("detail", org.hamcrest.Matchers.containsString("ends inside an element"));

    assertThat(repository.count()).isEqualTo(before);
    assertThat(store.contains(Sha256.digest(truncated))).isFalse();
  }

  @Test
  void malformed_dicom_sent_as_octet_stream_is_notarized_as_plain_bytes() {
    byte[] file = DicomTestFiles.ct(103, 16, 16, 1, SERIES, 1);
    byte[] truncated = Arrays.copyOf(file, file.length - 100);

    String id = notarize(truncated, "application/octet-stream").then().statusCode(201).extract().path("id");

    assertThat(repository.findById(id).orElseThrow().statement().dicom()).isNull();
  }

  @Test
  void header_edited_copy_verifies_as_pixels_authentic_with_its_changed_attributes() throws Exception {
    Path original = DicomTestFiles.write(dir, "ct.dcm", DicomTestFiles.ct(104, 16, 16, 1, SERIES, 1));
    String id = notarize(Files.readAllBytes(original), "application/dicom").then().statusCode(201).extract().path("id");
    Path edited = Files.copy(original, dir.resolve("ct-header-edited.dcm"));
    Dcmtk.run("dcmodify", "-nb", "-i", "(0008,0080)=Other Hospital", "-m", "(0010,0010)=DOE^JANE", edited.toString());

    JsonPath report = verify(Files.readAllBytes(edited));

    assertThat(report.getString("verdict")).isEqualTo("PIXELS_AUTHENTIC_HEADER_CHANGED");
    assertThat(report.getString("evidenceId")).isEqualTo(id);
    // The ledger's own anchor of the original names the picture's digest.
    assertThat(report.getString("checks.find { it.name == 'Pixel digest on the ledger' }.result")).isEqualTo("PASSED");
    List<Map<String, Object>> changes = report.getList("headerChanges");
    // dcmodify also re-writes the file meta information (its own implementation class and version).
    assertThat(changes).extracting(c -> c.get("tag")).filteredOn(t -> !t.toString().startsWith("(0002,"))
        .containsExactly("(0008,0080)", "(0010,0010)");
    changes = changes.stream().filter(c -> !c.get("tag").toString().startsWith("(0002,")).toList();
    assertThat(changes.get(0)).containsEntry("name", "InstitutionName").containsEntry("change", "added")
        .containsEntry("exhibitValue", "Other Hospital");
    assertThat(changes.get(1)).containsEntry("name", "PatientName").doesNotContainKeys("originalValue", "exhibitValue");
    assertThat(report.prettify()).doesNotContain("DOE^JANE").doesNotContain("TEST^PHANTOM");
    assertThat(report.getList("checks.name", String.class)).contains("Exact bytes", "DICOM pixel data", "Ledger anchor",
        "Notary signature", "Stored original", "DICOM header changes");
    assertThat(report.getList("checks.result", String.class)).containsOnlyOnce("FAILED");
  }

  @Test
  void pixel_edited_copy_of_a_notarized_instance_verifies_as_modified() {
    byte[] file = DicomTestFiles.ct(105, 16, 16, 1, SERIES, 1);
    String id = notarize(file, "application/dicom").then().statusCode(201).extract().path("id");
    byte[] edited = file.clone();
    edited[edited.length - 10] ^= 0x40; // one pixel of ct-pixel-edited.dcm

    JsonPath report = verify(edited);

    assertThat(report.getString("verdict")).isEqualTo("MODIFIED");
    assertThat(report.getString("evidenceId")).isEqualTo(id);
    assertThat(report.getString("checks.find { it.name == 'DICOM pixel data' }.detail"))
        .contains("The picture was changed").contains("Frames that differ: 1 of 1");
  }

  @Test
  void header_edited_copy_against_its_proof_verifies_as_pixels_authentic() throws Exception {
    Path original = DicomTestFiles.write(dir, "ct.dcm", DicomTestFiles.ct(106, 16, 16, 1, SERIES, 1));
    String id = notarize(Files.readAllBytes(original), "application/dicom").then().statusCode(201).extract().path("id");
    String proof = given().get("/api/v1/evidence/" + id + "/proof").then().statusCode(200).extract().asString();
    Path edited = Files.copy(original, dir.resolve("ct-station-edited.dcm"));
    Dcmtk.run("dcmodify", "-nb", "-m", "(0008,1010)=CT-ROOM-9", edited.toString());

    JsonPath report = given().multiPart("file", edited.toFile()).multiPart("proof", proof)
        .post("/api/v1/verify").then().statusCode(200).extract().jsonPath();

    assertThat(report.getString("verdict")).isEqualTo("PIXELS_AUTHENTIC_HEADER_CHANGED");
  }

  @Test
  void the_same_data_set_behind_another_file_meta_information_is_authentic_with_the_difference_named() {
    byte[] file = DicomTestFiles.ct(108, 16, 16, 1, SERIES, 1);
    String id = notarize(file, "application/dicom").then().statusCode(201).extract().path("id");
    String proof = given().get("/api/v1/evidence/" + id + "/proof").then().statusCode(200).extract().asString();
    byte[] rewritten = DicomTestFiles.withOtherFileMeta(file);

    JsonPath report = verify(rewritten);
    JsonPath withProof = given().multiPart("file", "ct.dcm", rewritten).multiPart("proof", proof)
        .post("/api/v1/verify").then().statusCode(200).extract().jsonPath();

    assertThat(report.getString("verdict")).isEqualTo("AUTHENTIC");
    assertThat(report.getString("evidenceId")).isEqualTo(id);
    assertThat(report.getList("checks.result", String.class)).containsOnly("PASSED");
    assertThat(report.getString("checks.find { it.name == 'DICOM data set' }.detail"))
        .contains(DicomTestFiles.scan(file).dataSetSha256());
    assertThat(report.getString("checks.find { it.name == 'DICOM File Meta Information' }.detail"))
        .contains("differ only before the data set").contains("ImplementationVersionName")
        .contains("SourceApplicationEntityTitle");
    assertThat(withProof.getString("verdict")).isEqualTo("AUTHENTIC");
    assertThat(withProof.getList("checks.result", String.class)).containsOnly("PASSED");
  }

  @Test
  void the_same_data_set_labelled_with_another_transfer_syntax_is_not_authentic() {
    byte[] file = DicomTestFiles.ct(109, 16, 16, 1, SERIES, 1);
    notarize(file, "application/dicom").then().statusCode(201);
    // Explicit VR little endian bytes relabelled as JPEG Baseline: the same bytes, another meaning.
    byte[] relabelled = DicomTestFiles.withOtherFileMeta(file, "1.2.840.10008.1.2.4.50");

    JsonPath report = verify(relabelled);

    assertThat(report.getString("verdict")).isNotEqualTo("AUTHENTIC");
    assertThat(report.getList("checks.name", String.class)).doesNotContain("DICOM data set");
  }

  @Test
  void unrelated_dicom_exhibit_is_unknown() {
    JsonPath report = verify(DicomTestFiles.ct(107, 16, 16, 1, SERIES, 1));

    assertThat(report.getString("verdict")).isEqualTo("UNKNOWN");
  }

  @Test
  void damaged_dicom_uploads_get_a_clear_answer_and_never_a_server_error() {
    byte[] file = DicomTestFiles.ct(108, 8, 8, 1, SERIES, 1);
    Random random = new Random(7);
    for (int i = 0; i < 60; i++) {
      byte[] body = i % 2 == 0 ? Arrays.copyOf(file, 1 + random.nextInt(file.length - 1)) : file.clone();
      if (i % 2 == 1) {
        for (int k = 0; k < 3; k++) {
          body[132 + random.nextInt(body.length - 132)] = (byte) random.nextInt(256);
        }
      }
      int status = notarize(body, "application/dicom").then().extract().statusCode();
      assertThat(status).as("damaged upload %d", i).isIn(200, 201, 400);
      verify(body);
    }
  }
}
