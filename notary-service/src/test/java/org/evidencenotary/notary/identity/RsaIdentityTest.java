package org.evidencenotary.notary.identity;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.evidencenotary.notary.dicom.Dcmtk;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.dimse.StorageScp;
import org.evidencenotary.notary.evidence.DicomService;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.DeviceTls;
import org.evidencenotary.notary.testing.Fixtures;
import org.evidencenotary.notary.testing.OpenSsl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identities enrolled with RSA keys, end to end: their acquisition signatures pass {@code openssl
 * cms -verify} and the verify endpoint, and their DICOM signatures meet PS3.15's RSA profiles as
 * DCMTK's {@code dcmsign} checks them ({@code +rc} Creator for a device, {@code +ru}
 * Authorization for a technologist), which it refuses for EC keys.
 */
@QuarkusTest
class RsaIdentityTest {
  private static final String VERIFIED = "Signature Verification      : OK";

  @Inject StorageScp scp;
  @Inject DicomService dicom;
  @TempDir Path dir;

  private static String enrolRsa(String kind, String name, String aeTitle) {
    String ae = aeTitle == null ? "" : ",\"aeTitle\":\"" + aeTitle + "\"";
    JsonPath enrolled = Fixtures.enrol(
        "{\"kind\":\"" + kind + "\",\"name\":\"" + name + " " + UUID.randomUUID() + "\"" + ae
        + ",\"keyAlgorithm\":\"RSA\"}");
    assertThat(enrolled.getString("keyAlgorithm")).isEqualTo("RSA");
    return enrolled.getString("id");
  }

  private Path roots() throws Exception {
    return Files.writeString(dir.resolve("roots.pem"), given().get("/api/v1/trust/roots.pem").asString());
  }

  private Path download(String id, String what) throws Exception {
    return Files.write(dir.resolve(id + "-" + what),
        given().get("/api/v1/evidence/" + id + "/" + what).then().statusCode(200).extract().asByteArray());
  }

  private static Dcmtk.Result dcmsignVerify(Path file, String profile, Path roots) throws Exception {
    return Dcmtk.exec("dcmsign", Map.of(), "--verify", "-v", profile, "+tr", "+cf", roots.toString(), file.toString());
  }

  @Test
  void an_rsa_devices_c_store_instance_verifies_everywhere_and_its_copy_meets_the_creator_profile() throws Exception {
    String aeTitle = "RSA" + (System.nanoTime() % 1_000_000_000L);
    String device = enrolRsa("DEVICE", "DX room RSA", aeTitle);
    // The device's TLS key (EC) is its own; its RSA key signs (issue 15: only over TLS).
    DeviceTls tls = DeviceTls.issue(device, dir);
    byte[] sent = DicomTestFiles.ct(System.nanoTime(), 16, 16, 1, "1.2.3.4.20", 1);
    Dcmtk.Result stored = Dcmtk.exec("storescu", Map.of("TCP_NODELAY", "1"), tls.dcmtk("-aet", aeTitle, "-aec",
        "NOTARY", "127.0.0.1", Integer.toString(scp.tlsPort()), DicomTestFiles.write(dir, "sent.dcm", sent).toString()));
    assertThat(stored.exitCode()).as(stored.output()).isZero();
    EvidenceRecord record = dicom.bySopInstanceUid(DicomTestFiles.scan(sent).header().value(0x00080018)).get(0);
    assertThat(record.signerId()).isEqualTo(device);
    await().atMost(Duration.ofSeconds(30)).until(() -> "ANCHORED".equals(
        given().get("/api/v1/evidence/" + record.id()).then().statusCode(200).extract().path("status")));
    Path roots = roots();
    Path original = download(record.id(), "original");

    String cms = OpenSsl.run("cms", "-verify", "-binary", "-inform", "DER", "-in",
        download(record.id(), "signature.p7s").toString(), "-content", original.toString(), "-CAfile", roots.toString(),
        "-out", "/dev/null").output();
    JsonPath report = given().body(Files.readAllBytes(original)).contentType("application/octet-stream")
        .post("/api/v1/verify").then().statusCode(200).extract().jsonPath();
    Dcmtk.Result creator = dcmsignVerify(download(record.id(), "signed.dcm"), "+rc", roots);

    assertThat(cms).contains("Verification successful");
    assertThat(report.getString("verdict")).as(report.prettify()).isEqualTo("AUTHENTIC");
    List<Map<String, String>> checks = report.getList("checks");
    for (String check : List.of("Acquisition signature", "Acquisition time-stamp", "Signer certificate status")) {
      assertThat(checks).as(check).anySatisfy(c -> assertThat(c).containsEntry("name", check)
          .containsEntry("result", "PASSED"));
    }
    assertThat(checks).anySatisfy(c -> assertThat(c.get("detail")).contains("DX room RSA"));
    assertThat(creator.output()).contains(VERIFIED).contains("Source Signature").contains("Timestamp Verification      : OK");
    assertThat(creator.exitCode()).as(creator.output()).isZero();
  }

  @Test
  void an_rsa_technologists_signed_copy_meets_the_authorization_profile() throws Exception {
    String technologist = enrolRsa("TECHNOLOGIST", "RT Approves RSA", null);
    String id = given().body(DicomTestFiles.ct(System.nanoTime(), 16, 16, 1, "1.2.3.4.21", 1))
        .contentType("application/dicom")
        .header(Api.signer(technologist)).queryParam("signer", technologist).post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");

    Dcmtk.Result authorization = dcmsignVerify(download(id, "signed.dcm"), "+ru", roots());

    assertThat(authorization.output()).contains(VERIFIED).contains("Author's Signature").contains("RT Approves RSA");
    assertThat(authorization.exitCode()).as(authorization.output()).isZero();
  }

  @Test
  void an_ec_technologists_copy_still_verifies_but_is_refused_by_the_rsa_only_authorization_check() throws Exception {
    JsonPath enrolled = Fixtures.enrol(
        "{\"kind\":\"TECHNOLOGIST\",\"name\":\"RT Ec " + UUID.randomUUID() + "\"}");
    assertThat(enrolled.getString("keyAlgorithm")).isEqualTo("EC");
    String technologist = enrolled.getString("id");
    String id = given().body(DicomTestFiles.ct(System.nanoTime(), 16, 16, 1, "1.2.3.4.22", 1))
        .contentType("application/dicom")
        .header(Api.signer(technologist)).queryParam("signer", technologist).post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");
    Path signed = download(id, "signed.dcm");
    Path roots = roots();

    Dcmtk.Result plain = Dcmtk.exec("dcmsign", Map.of(), "--verify", "-v", "+tr", "+cf", roots.toString(),
        signed.toString());
    Dcmtk.Result authorization = dcmsignVerify(signed, "+ru", roots);

    assertThat(plain.exitCode()).as(plain.output()).isZero();
    assertThat(authorization.output()).contains(VERIFIED);
    assertThat(authorization.exitCode()).as("dcmsign's Authorization profile accepts RSA keys only").isNotZero();
  }
}
