package org.evidencenotary.notary.identity;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.evidencenotary.notary.config.IdentityConfig;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.evidencenotary.notary.testing.OpenSsl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hospital's existing CA, imported at first start: it issues the identities and the service
 * certificate and signs the CRL, and openssl, given only that CA's certificate, agrees.
 */
@QuarkusTest
@TestProfile(ImportedCaProfile.class)
class ImportedCaTest {
  @Inject IdentityConfig config;
  @TempDir Path dir;

  private Path caPem() {
    return config.ca().orElseThrow().certificate().orElseThrow();
  }

  private static String enrol(String name) {
    return Fixtures.enrol("{\"kind\":\"TECHNOLOGIST\",\"name\":\"" + name + " " + UUID.randomUUID() + "\"}").getString("id");
  }

  @Test
  void an_identity_enrolled_under_the_imported_ca_verifies_with_openssl_against_that_ca() throws Exception {
    String id = enrol("RT Imported");
    Path leaf = Files.writeString(dir.resolve("leaf.pem"),
        given().get("/api/v1/identities/" + id + "/certificate.pem").then().statusCode(200).extract().asString());

    assertThat(OpenSsl.run("verify", "-CAfile", caPem().toString(), leaf.toString()).output())
        .contains(leaf + ": OK");
    // Against another CA the same certificate does not verify: the check can fail.
    Path[] stranger = OpenSsl.selfSignedCa(dir.resolve("stranger"), "St Example Hospital Issuing CA", "ec",
        OpenSsl.CA_EXTENSIONS);
    assertThat(OpenSsl.run("verify", "-CAfile", stranger[0].toString(), leaf.toString()).exit()).isNotZero();
  }

  @Test
  void the_published_roots_are_the_imported_ca_and_no_local_root() throws Exception {
    String pem = given().get("/api/v1/trust/roots.pem").then().statusCode(200).extract().asString();
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> roots = factory.generateCertificates(new ByteArrayInputStream(
        pem.getBytes(StandardCharsets.US_ASCII))).stream().map(X509Certificate.class::cast).toList();
    X509Certificate imported;
    try (var in = Files.newInputStream(caPem())) {
      imported = (X509Certificate) factory.generateCertificate(in);
    }

    assertThat(roots.get(0)).isEqualTo(imported);
    assertThat(roots).noneMatch(c -> c.getSubjectX500Principal().getName().contains("Evidence Notary Local Root CA"));
  }

  @Test
  void the_crl_is_signed_by_the_imported_ca_and_lists_a_revoked_identity() throws Exception {
    String id = enrol("RT Revoked Under Import");
    Path leaf = Files.writeString(dir.resolve("leaf.pem"),
        given().get("/api/v1/identities/" + id + "/certificate.pem").then().extract().asString());
    given().header(Fixtures.admin()).contentType("application/json").body("{\"reason\":\"left\"}")
        .post("/api/v1/identities/" + id + "/revoke").then().statusCode(200);
    Path der = Files.write(dir.resolve("crl.der"),
        given().get("/api/v1/identities/crl").then().statusCode(200).extract().asByteArray());
    Path crl = dir.resolve("crl.pem");
    OpenSsl.ok("crl", "-inform", "DER", "-in", der.toString(), "-out", crl.toString());

    assertThat(OpenSsl.run("crl", "-in", crl.toString(), "-CAfile", caPem().toString(), "-noout").output())
        .contains("verify OK");
    assertThat(OpenSsl.run("verify", "-crl_check", "-CAfile", caPem().toString(), "-CRLfile", crl.toString(),
        leaf.toString()).output()).contains("certificate revoked");
  }

  @Test
  void a_signed_notarization_under_the_imported_ca_is_authentic_and_openssl_verifies_the_signature() throws Exception {
    String technologist = enrol("RT Signs Under Import");
    byte[] exhibit = ("imported CA " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    String id = given().body(exhibit).contentType("application/octet-stream")
        .header(Api.signer(technologist)).queryParam("signer", technologist)
        .post("/api/v1/evidence").then().statusCode(201).extract().jsonPath().getString("id");

    JsonPath report = given().body(exhibit).contentType("application/octet-stream").post("/api/v1/verify")
        .then().statusCode(200).extract().jsonPath();
    assertThat(report.getString("verdict")).as(report.prettify()).isEqualTo("AUTHENTIC");
    List<Map<String, String>> checks = report.getList("checks");
    assertThat(checks).anySatisfy(c -> assertThat(c).containsEntry("name", "Notary certificate chain")
        .containsEntry("result", "PASSED"));

    Path original = Files.write(dir.resolve("exhibit.bin"), exhibit);
    Path p7s = Files.write(dir.resolve("signature.p7s"),
        given().get("/api/v1/evidence/" + id + "/signature.p7s").then().statusCode(200).extract().asByteArray());
    assertThat(OpenSsl.run("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s.toString(), "-content",
        original.toString(), "-CAfile", caPem().toString(), "-out", "/dev/null").output())
        .contains("Verification successful");
  }
}
