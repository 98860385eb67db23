package org.evidencenotary.notary.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Header;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.dicom.Dcmtk;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.testing.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a verify answer tells whom (docs/privacy.md): a near match (the same picture with another
 * header, or a notarized SOP Instance UID with another picture) names its evidence id only to
 * signed-in hospital, court and insurer callers, and lists the changed header attributes, which
 * would confirm guessed patient data, only to the hospital and courts.
 */
@QuarkusTest
class VerifyDisclosureTest {
  private static final String SERIES = "1.2.826.0.1.3680043.10.1.99.7.1";

  @TempDir Path dir;

  private static String notarize(byte[] dicom) {
    return Api.given().body(dicom).contentType("application/dicom").post("/api/v1/evidence")
        .then().statusCode(201).extract().path("id");
  }

  private static JsonPath verify(RequestSpecification request, byte[] exhibit) {
    return request.body(exhibit).contentType("application/octet-stream").post("/api/v1/verify")
        .then().statusCode(200).extract().jsonPath();
  }

  private static RequestSpecification as(String role) {
    return Api.anonymous().header(Api.as(role));
  }

  @Test
  void a_header_edited_copy_names_its_original_and_the_changes_only_to_those_entitled() throws Exception {
    Path original = DicomTestFiles.write(dir, "ct.dcm", DicomTestFiles.ct(701, 16, 16, 1, SERIES, 1));
    String id = notarize(Files.readAllBytes(original));
    Path edited = Files.copy(original, dir.resolve("ct-renamed.dcm"));
    Dcmtk.run("dcmodify", "-nb", "-m", "(0010,0010)=GUESSED^NAME", edited.toString());
    byte[] exhibit = Files.readAllBytes(edited);

    JsonPath anonymous = verify(Api.anonymous(), exhibit);
    assertThat(anonymous.getString("verdict")).isEqualTo("PIXELS_AUTHENTIC_HEADER_CHANGED");
    assertThat(anonymous.getString("evidenceId")).isNull();
    assertThat(anonymous.getList("headerChanges")).isNull();
    assertThat(anonymous.prettify()).doesNotContain(id).doesNotContain("PatientName");
    assertThat(anonymous.getString("checks.find { it.name == 'DICOM header changes' }.detail"))
        .isEqualTo(VerificationReport.WITHHELD_CHANGES);

    JsonPath insurer = verify(as(Roles.INSURER), exhibit);
    assertThat(insurer.getString("evidenceId")).isEqualTo(id);
    assertThat(insurer.getList("headerChanges")).isNull();
    assertThat(insurer.prettify()).doesNotContain("PatientName");

    for (String role : new String[] {Roles.VERIFIER, Roles.ACQUIRER}) {
      JsonPath entitled = verify(as(role), exhibit);
      assertThat(entitled.getString("evidenceId")).as(role).isEqualTo(id);
      assertThat(entitled.getList("headerChanges.name", String.class)).as(role).contains("PatientName");
    }
    JsonPath auditor = verify(as(Roles.AUDITOR), exhibit);
    assertThat(auditor.getString("evidenceId")).isNull();
  }

  @Test
  void a_file_that_only_carries_a_notarized_uid_is_modified_without_an_id_for_anonymous_callers() {
    byte[] file = DicomTestFiles.ct(702, 16, 16, 1, SERIES, 2);
    String id = notarize(file);
    byte[] edited = file.clone();
    edited[edited.length - 10] ^= 0x40;

    JsonPath anonymous = verify(Api.anonymous(), edited);
    assertThat(anonymous.getString("verdict")).isEqualTo("MODIFIED");
    assertThat(anonymous.getString("evidenceId")).isNull();
    assertThat(anonymous.prettify()).doesNotContain(id);

    JsonPath court = verify(as(Roles.VERIFIER), edited);
    assertThat(court.getString("verdict")).isEqualTo("MODIFIED");
    assertThat(court.getString("evidenceId")).isEqualTo(id);
  }

  @Test
  void a_bit_exact_exhibit_is_answered_in_full_to_anyone() {
    byte[] file = DicomTestFiles.ct(703, 16, 16, 1, SERIES, 3);
    String id = notarize(file);

    JsonPath anonymous = verify(Api.anonymous(), file);
    assertThat(anonymous.getString("verdict")).isEqualTo("AUTHENTIC");
    assertThat(anonymous.getString("evidenceId")).isEqualTo(id);
  }
}
