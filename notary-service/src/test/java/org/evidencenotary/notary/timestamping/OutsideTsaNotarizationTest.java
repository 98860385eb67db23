package org.evidencenotary.notary.timestamping;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.config.SigningConfig;
import org.evidencenotary.notary.identity.IdentityRegistry;
import org.evidencenotary.notary.identity.SignerIdentity;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.evidencenotary.notary.testing.TestTsa;
import org.evidencenotary.verifier.VerifierCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service configured with an outside RFC 3161 TSA (a second TSA on loopback, not the service's
 * own): every time-stamp comes from it, openssl verifies them against that TSA's root alone, and a
 * TSA that answers garbage fails the request with 503 and keeps nothing.
 */
@QuarkusTest
@TestProfile(OutsideTsaProfile.class)
class OutsideTsaNotarizationTest {
  private static final String UNAVAILABLE = "urn:evidence-notary:problem:tsa-unavailable";

  @Inject IdentityRegistry identities;
  @Inject SigningConfig config;
  @TempDir Path dir;

  @AfterEach
  void healthyAgain() throws Exception {
    mode(TestTsa.Mode.OK);
  }

  private void mode(TestTsa.Mode mode) throws Exception {
    URI control = TestTsa.controlUrl(config.tsaUrl().orElseThrow());
    HttpResponse<Void> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(control)
        .POST(HttpRequest.BodyPublishers.ofString(mode.name())).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(answer.statusCode()).isEqualTo(204);
  }

  private String technologist(String name) {
    return identities.enrol(SignerIdentity.Kind.TECHNOLOGIST, name + " " + UUID.randomUUID(), null).id();
  }

  private static String openssl(String... args) {
    return org.evidencenotary.notary.testing.OpenSsl.run(args).output();
  }

  @Test
  void every_time_stamp_comes_from_the_outside_tsa_and_openssl_verifies_it_against_that_tsa_root() throws Exception {
    byte[] exhibit = Fixtures.dicomSecondaryCapture(System.nanoTime());
    String technologist = technologist("RT Outside");
    String id = given().header(Api.signer(technologist)).multiPart("file", "xray.dcm", exhibit, "application/dicom")
        .multiPart("metadata", "{\"signer\":\"" + technologist + "\"}", "application/json")
        .post("/api/v1/evidence").then().statusCode(201).extract().jsonPath().getString("id");

    Path p7s = Files.write(dir.resolve("signature.p7s"),
        given().get("/api/v1/evidence/" + id + "/signature.p7s").then().statusCode(200).extract().asByteArray());
    Path tsr = Files.write(dir.resolve("timestamp.tsr"),
        given().get("/api/v1/evidence/" + id + "/timestamp.tsr").then().statusCode(200).extract().asByteArray());
    byte[] signatureValue = new org.bouncycastle.cms.CMSSignedData(Files.readAllBytes(p7s)).getSignerInfos()
        .getSigners().iterator().next().getSignature();
    String imprint = HexFormat.of().formatHex(Sha256.digest(signatureValue).bytes());
    Path outsideRoot = config.tsaTrust().orElseThrow();

    assertThat(openssl("ts", "-verify", "-token_in", "-in", tsr.toString(), "-digest", imprint,
        "-CAfile", outsideRoot.toString())).contains("Verification: OK");
    assertThat(openssl("ts", "-reply", "-token_in", "-in", tsr.toString(), "-text"))
        .contains("Policy OID: " + TestTsa.POLICY.getId());
    // A changed imprint fails: the check can fail.
    assertThat(openssl("ts", "-verify", "-token_in", "-in", tsr.toString(), "-digest",
        HexFormat.of().formatHex(Sha256.digest(imprint.getBytes()).bytes()), "-CAfile", outsideRoot.toString()))
        .contains("message imprint mismatch");

    // The published roots: the outside TSA's root, not the (never created) built-in TSA's.
    String pem = given().get("/api/v1/trust/roots.pem").then().statusCode(200).extract().asString();
    List<String> subjects = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
        .map(c -> ((X509Certificate) c).getSubjectX500Principal().getName()).toList();
    assertThat(subjects).anyMatch(s -> s.contains("CN=Test Outside TSA Root"))
        .noneMatch(s -> s.contains("Evidence Notary TSA Root"));
    Path roots = Files.writeString(dir.resolve("roots.pem"), pem);
    Path original = Files.write(dir.resolve("xray.dcm"), exhibit);
    assertThat(openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s.toString(), "-content",
        original.toString(), "-CAfile", roots.toString(), "-out", "/dev/null")).contains("Verification successful");

    // The certificate PDF's PAdES time-stamp too, checked offline with the published roots.
    Path trust = Files.createDirectories(dir.resolve("trust"));
    Files.copy(roots, trust.resolve("roots.pem"));
    Path certificate = Files.write(dir.resolve("certificate.pdf"),
        given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200).extract().asByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = VerifierCli.run(new String[] {original.toString(), certificate.toString(), "--trust", trust.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("[PASS] Acquisition time-stamp").contains("[PASS] Certificate PDF time-stamp")
        .contains("Test Outside TSA").doesNotContain("Evidence Notary Time-Stamping Authority")
        .contains("VERDICT: AUTHENTIC");
    assertThat(exit).isZero();
  }

  @Test
  void the_built_in_tsa_is_off_while_an_outside_tsa_stamps() {
    given().body(new byte[] {0x30, 0x00}).contentType("application/timestamp-query").post("/api/v1/tsa")
        .then().statusCode(404).contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:tsa-not-offered"));
  }

  @Test
  void a_tsa_answering_garbage_fails_the_notarization_with_503_and_keeps_nothing() throws Exception {
    String technologist = technologist("RT Garbage");
    mode(TestTsa.Mode.GARBAGE);
    byte[] exhibit = ("stamped by a broken TSA " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

    given().body(exhibit).contentType("application/octet-stream")
        .header(Api.signer(technologist)).queryParam("signer", technologist)
        .post("/api/v1/evidence").then().statusCode(503).contentType("application/problem+json")
        .body("type", equalTo(UNAVAILABLE))
        .body("detail", containsString("not an RFC 3161 TimeStampResp"))
        .body("detail", containsString("nothing was kept"));

    mode(TestTsa.Mode.OK);
    given().body(exhibit).contentType("application/octet-stream").post("/api/v1/verify")
        .then().statusCode(200).body("verdict", equalTo("UNKNOWN"));
  }

  @Test
  void a_tsa_with_a_wrong_nonce_fails_the_certificate_and_a_retry_succeeds() throws Exception {
    String id = given().body(("certified later " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))
        .contentType("application/octet-stream").post("/api/v1/evidence").then().statusCode(201)
        .extract().jsonPath().getString("id");
    mode(TestTsa.Mode.WRONG_NONCE);

    given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(503)
        .contentType("application/problem+json").body("type", equalTo(UNAVAILABLE))
        .body("detail", containsString("nonce"));

    mode(TestTsa.Mode.OK);
    given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200).contentType("application/pdf");
  }
}
