package org.evidencenotary.notary.identity;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Header;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.evidencenotary.verifier.VerifierCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A notarization signed by the acquiring technologist, end to end, checked by OpenSSL and offline. */
@QuarkusTest
class SignedNotarizationTest {
  /** CMS signature algorithm OIDs (RFC 5754): ECDSA, and RSA PKCS#1 v1.5 as Bouncy Castle names it. */
  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";

  @TempDir Path dir;

  private static String enrol(String name) {
    return enrol(name, "EC");
  }

  private static String enrol(String name, String keyAlgorithm) {
    JsonPath enrolled = Fixtures.enrol(
        "{\"kind\":\"TECHNOLOGIST\",\"name\":\"" + name + " " + UUID.randomUUID()
        + "\",\"keyAlgorithm\":\"" + keyAlgorithm + "\"}");
    assertThat(enrolled.getString("keyAlgorithm")).isEqualTo(keyAlgorithm);
    return enrolled.getString("id");
  }

  private static String openssl(String... args) {
    return org.evidencenotary.notary.testing.OpenSsl.run(args).output();
  }

  @Test
  void a_technologist_signed_notarization_verifies_online_with_openssl_and_offline() throws Exception {
    Path p7s = signedNotarizationVerifiesEverywhere(enrol("RT Signing"));

    assertThat(signatureAlgorithm(p7s)).isEqualTo(ECDSA_WITH_SHA256);
  }

  @Test
  void an_rsa_technologists_notarization_verifies_online_with_openssl_and_offline() throws Exception {
    Path p7s = signedNotarizationVerifiesEverywhere(enrol("RT Signing", "RSA"));

    assertThat(signatureAlgorithm(p7s)).isEqualTo(SHA256_WITH_RSA);
  }

  private static String signatureAlgorithm(Path p7s) throws Exception {
    return new org.bouncycastle.cms.CMSSignedData(Files.readAllBytes(p7s)).getSignerInfos().getSigners().iterator()
        .next().getEncryptionAlgOID();
  }

  /**
   * Notarizes a DICOM file signed by {@code technologist} and checks it: verify endpoint, openssl
   * cms and ts, the offline verifier. Returns the exported signature.p7s.
   */
  private Path signedNotarizationVerifiesEverywhere(String technologist) throws Exception {
    byte[] exhibit = Fixtures.dicomSecondaryCapture(System.nanoTime());
    String id = given().header(Api.signer(technologist)).multiPart("file", "xray.dcm", exhibit, "application/dicom")
        .multiPart("metadata", "{\"signer\":\"" + technologist + "\"}", "application/json")
        .post("/api/v1/evidence").then().statusCode(201).extract().jsonPath().getString("id");

    JsonPath report = given().body(exhibit).contentType("application/octet-stream").post("/api/v1/verify")
        .then().statusCode(200).extract().jsonPath();
    assertThat(report.getString("verdict")).isEqualTo("AUTHENTIC");
    List<Map<String, String>> checks = report.getList("checks");
    assertThat(checks).anySatisfy(c -> {
      assertThat(c.get("name")).isEqualTo("Acquisition signature");
      assertThat(c.get("result")).isEqualTo("PASSED");
      assertThat(c.get("detail")).contains("RT Signing");
    });
    assertThat(checks).anySatisfy(c -> assertThat(c).containsEntry("name", "Acquisition time-stamp")
        .containsEntry("result", "PASSED"));

    Path original = Files.write(dir.resolve("xray.dcm"), exhibit);
    Path roots = Files.writeString(dir.resolve("roots.pem"), given().get("/api/v1/trust/roots.pem").asString());
    Path p7s = Files.write(dir.resolve("signature.p7s"),
        given().get("/api/v1/evidence/" + id + "/signature.p7s").then().statusCode(200).extract().asByteArray());
    assertThat(openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s.toString(), "-content",
        original.toString(), "-CAfile", roots.toString(), "-out", "/dev/null")).contains("Verification successful");

    Path tst = Files.write(dir.resolve("timestamp.tsr"),
        given().get("/api/v1/evidence/" + id + "/timestamp.tsr").then().statusCode(200).extract().asByteArray());
    byte[] signatureValue = new org.bouncycastle.cms.CMSSignedData(Files.readAllBytes(p7s)).getSignerInfos()
        .getSigners().iterator().next().getSignature();
    assertThat(openssl("ts", "-verify", "-token_in", "-in", tst.toString(), "-digest",
        HexFormat.of().formatHex(Sha256.digest(signatureValue).bytes()), "-CAfile", roots.toString()))
        .contains("Verification: OK");

    Path trust = Files.createDirectories(dir.resolve("trust"));
    Files.copy(roots, trust.resolve("roots.pem"));
    Path certificate = Files.write(dir.resolve("certificate.pdf"),
        given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200).extract().asByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = VerifierCli.run(new String[] {original.toString(), certificate.toString(), "--trust", trust.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("[PASS] Acquisition signature")
        .contains("[PASS] Signer certificate status")
        .contains("[PASS] Acquisition time-stamp").contains("VERDICT: AUTHENTIC");
    assertThat(exit).isZero();
    return p7s;
  }

  @Test
  void evidence_signed_before_a_revocation_stays_authentic() {
    String technologist = enrol("RT Leaves Later");
    byte[] exhibit = ("signed while valid " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    given().body(exhibit).contentType("application/octet-stream")
        .header(Api.signer(technologist)).queryParam("signer", technologist)
        .post("/api/v1/evidence").then().statusCode(201);
    // CRLs state revocation times in whole seconds: a revocation within the signing second could
    // have come first, and is treated so. Revoke in a later second.
    long signedSecond = java.time.Instant.now().getEpochSecond();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
        .until(() -> java.time.Instant.now().getEpochSecond() > signedSecond);
    given().header(Fixtures.admin()).contentType("application/json").body("{\"reason\":\"left\"}")
        .post("/api/v1/identities/" + technologist + "/revoke").then().statusCode(200);

    JsonPath report = given().body(exhibit).contentType("application/octet-stream").post("/api/v1/verify")
        .then().statusCode(200).extract().jsonPath();

    assertThat(report.getString("verdict")).as(report.prettify()).isEqualTo("AUTHENTIC");
    List<Map<String, String>> checks = report.getList("checks");
    assertThat(checks).anySatisfy(c -> {
      assertThat(c.get("name")).isEqualTo("Signer certificate status");
      assertThat(c.get("result")).isEqualTo("PASSED");
      assertThat(c.get("detail")).contains("after it signed");
    });
  }

  @Test
  void a_revoked_technologist_cannot_notarize_and_nothing_is_kept() {
    String technologist = enrol("RT Revoked");
    Header ownToken = Api.signer(technologist); // issued while the identity was active
    given().header(Fixtures.admin()).contentType("application/json").body("{}").post("/api/v1/identities/" + technologist + "/revoke")
        .then().statusCode(200);
    byte[] exhibit = ("signed after revocation " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

    given().body(exhibit).contentType("application/octet-stream")
        .header(ownToken).queryParam("signer", technologist)
        .post("/api/v1/evidence").then().statusCode(400).contentType("application/problem+json")
        .body("detail", org.hamcrest.Matchers.containsString("can no longer sign"));
    given().body(exhibit).contentType("application/octet-stream").post("/api/v1/verify")
        .then().statusCode(200).body("verdict", equalTo("UNKNOWN"));
  }

  @Test
  void evidence_without_a_signer_has_no_signature_to_export() {
    String id = given().body(("unsigned " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))
        .contentType("application/octet-stream").post("/api/v1/evidence").then().statusCode(201)
        .extract().jsonPath().getString("id");

    given().get("/api/v1/evidence/" + id + "/signature.p7s").then().statusCode(404)
        .contentType("application/problem+json");
  }
}
