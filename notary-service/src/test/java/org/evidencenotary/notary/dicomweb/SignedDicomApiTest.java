package org.evidencenotary.notary.dicomweb;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.dicom.Dcmtk;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.dimse.StorageScp;
import org.evidencenotary.notary.evidence.DicomService;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.DeviceTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/evidence/{id}/signed.dcm}, checked with DCMTK's {@code dcmsign}. */
@QuarkusTest
class SignedDicomApiTest {
  private static final String VERIFIED = "Signature Verification      : OK";

  @Inject StorageScp scp;
  @Inject DicomService dicom;
  @TempDir Path dir;

  private static String enrol(String kind, String name, String aeTitle) {
    String ae = aeTitle == null ? "" : ",\"aeTitle\":\"" + aeTitle + "\"";
    return org.evidencenotary.notary.testing.Fixtures.enrol("{\"kind\":\"" + kind + "\",\"name\":\"" + name + " " + UUID.randomUUID() + "\"" + ae + "}").getString("id");
  }

  private static String notarize(byte[] dicom, String signer) {
    var request = given().body(dicom).contentType("application/dicom");
    if (signer != null) {
      request = request
        .header(Api.signer(signer)).queryParam("signer", signer);
    }
    return request.post("/api/v1/evidence").then().statusCode(201).extract().jsonPath().getString("id");
  }

  private Path roots() throws Exception {
    return Files.writeString(dir.resolve("roots.pem"), given().get("/api/v1/trust/roots.pem").asString());
  }

  private Path download(String id) throws Exception {
    byte[] bytes = given().get("/api/v1/evidence/" + id + "/signed.dcm").then().statusCode(200)
        .contentType("application/dicom").extract().asByteArray();
    return Files.write(dir.resolve(id + "-signed.dcm"), bytes);
  }

  private static Dcmtk.Result dcmsignVerify(Path file, Path roots) throws Exception {
    // +tr: a signature without a certified time-stamp (or with one that fails) is not accepted.
    return Dcmtk.exec("dcmsign", Map.of(), "--verify", "-v", "+tr", "+cf", roots.toString(), file.toString());
  }

  @Test
  void a_technologists_signed_copy_verifies_with_dcmsign_and_the_original_stays_as_notarized() throws Exception {
    String technologist = enrol("TECHNOLOGIST", "RT Approves", null);
    byte[] original = DicomTestFiles.ct(System.nanoTime(), 32, 32, 1, "1.2.826.0.1.3680043.10.1.99.7", 1);
    String id = notarize(original, technologist);

    Path signed = download(id);
    Dcmtk.Result result = dcmsignVerify(signed, roots());

    assertThat(result.output()).contains(VERIFIED).contains("Author's Signature").contains("RT Approves")
        .contains("Certified timestamp         : CMS_TSP").contains("Timestamp Verification      : OK")
        .contains("1 signatures verified in dataset, 0 corrupted");
    assertThat(result.exitCode()).as(result.output()).isZero();
    byte[] stored = given().get("/api/v1/evidence/" + id + "/original").then().statusCode(200).extract()
        .asByteArray();
    assertThat(Sha256.digest(stored)).isEqualTo(Sha256.digest(original));
    given().get("/api/v1/evidence/" + id).then().statusCode(200)
        .body("sha256", equalTo(Sha256.digest(original).hex()));
    assertThat(DicomTestFiles.scan(signed).pixels()).isEqualTo(DicomTestFiles.scan(original).pixels());
    given().get("/api/v1/evidence/" + id + "/custody").then().statusCode(200)
        .body("events.ledger.action", contains("SIGNED_COPY_EXPORTED", "EXPORTED"))
        .body("events.detailsCheck", contains("INTACT", "INTACT"));
  }

  @Test
  void a_devices_signed_copy_is_a_creator_signature_that_dcmsign_rejects_after_dcmodify() throws Exception {
    String device = enrol("DEVICE", "CT scanner", "CT" + (System.nanoTime() % 100000));
    String id = notarize(DicomTestFiles.ct(System.nanoTime(), 16, 16, 1, "1.2.3.4.5", 1), device);
    Path signed = download(id);
    Path roots = roots();
    Dcmtk.Result before = dcmsignVerify(signed, roots);
    assertThat(before.output()).contains(VERIFIED).contains("Source Signature").contains("OU=Devices");
    assertThat(before.exitCode()).isZero();

    Dcmtk.run("dcmodify", "-nb", "-m", "(0008,0070)=X", signed.toString());
    Dcmtk.Result after = dcmsignVerify(signed, roots);

    assertThat(after.output()).contains("signature is invalid (document corrupted)");
    assertThat(after.exitCode()).isNotZero();
  }

  @Test
  void an_instance_received_by_c_store_over_tls_is_signed_by_the_device_its_certificate_names() throws Exception {
    String aeTitle = "SIG" + (System.nanoTime() % 1_000_000_000L);
    String device = enrol("DEVICE", "MR scanner", aeTitle);
    DeviceTls tls = DeviceTls.issue(device, dir);
    byte[] sent = DicomTestFiles.ct(System.nanoTime(), 16, 16, 1, "1.2.3.4.10", 1);
    Dcmtk.Result stored = Dcmtk.exec("storescu", Map.of("TCP_NODELAY", "1"), tls.dcmtk("-aet", aeTitle, "-aec",
        "NOTARY", "127.0.0.1", Integer.toString(scp.tlsPort()), DicomTestFiles.write(dir, "sent.dcm", sent).toString()));
    assertThat(stored.exitCode()).as(stored.output()).isZero();
    EvidenceRecord record = dicom.bySopInstanceUid(DicomTestFiles.scan(sent).header().value(0x00080018)).get(0);
    assertThat(record.signerId()).isEqualTo(device);
    // C-STORE answers once the instance is accepted; a signed copy is released (a custody event)
    // only once it is anchored.
    await().atMost(Duration.ofSeconds(30)).until(() -> "ANCHORED".equals(
        given().get("/api/v1/evidence/" + record.id()).then().statusCode(200).extract().path("status")));

    Dcmtk.Result result = dcmsignVerify(download(record.id()), roots());

    assertThat(result.output()).contains(VERIFIED).contains("Source Signature").contains("MR scanner");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void evidence_that_is_not_dicom_has_no_signed_copy() {
    String technologist = enrol("TECHNOLOGIST", "RT Text", null);
    String id = given().body(("plain " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))
        .contentType("application/octet-stream")
        .header(Api.signer(technologist)).queryParam("signer", technologist).post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");

    given().get("/api/v1/evidence/" + id + "/signed.dcm").then().statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:not-dicom")).body("evidenceId", equalTo(id));
  }

  @Test
  void dicom_without_an_acquisition_signer_has_no_signed_copy() {
    String id = notarize(DicomTestFiles.ct(System.nanoTime(), 8, 8, 1, "1.2.3.4.6", 1), null);

    given().get("/api/v1/evidence/" + id + "/signed.dcm").then().statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:no-acquisition-signer"));
  }

  @Test
  void a_revoked_signer_no_longer_signs_copies() {
    String technologist = enrol("TECHNOLOGIST", "RT Leaves", null);
    String id = notarize(DicomTestFiles.ct(System.nanoTime(), 8, 8, 1, "1.2.3.4.7", 1), technologist);
    given().header(org.evidencenotary.notary.testing.Fixtures.admin()).contentType("application/json").body("{}")
        .post("/api/v1/identities/" + technologist + "/revoke")
        .then().statusCode(200);

    given().get("/api/v1/evidence/" + id + "/signed.dcm").then().statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:signer-revoked"))
        .body("detail", containsString("signature.p7s"));
  }

  @Test
  void an_implicit_vr_original_is_refused_with_the_reason() throws Exception {
    String technologist = enrol("TECHNOLOGIST", "RT Implicit", null);
    Path explicit = DicomTestFiles.write(dir, "explicit.dcm",
        DicomTestFiles.ct(System.nanoTime(), 8, 8, 1, "1.2.3.4.8", 1));
    Path implicit = dir.resolve("implicit.dcm");
    Dcmtk.run("dcmconv", "+ti", explicit.toString(), implicit.toString());
    String id = notarize(Files.readAllBytes(implicit), technologist);

    given().get("/api/v1/evidence/" + id + "/signed.dcm").then().statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:dicom-not-signable"))
        .body("detail", containsString("1.2.840.10008.1.2 "));
  }

  @Test
  void unknown_evidence_is_not_found() {
    given().get("/api/v1/evidence/" + UUID.randomUUID() + "/signed.dcm").then().statusCode(404)
        .contentType("application/problem+json");
  }
}
