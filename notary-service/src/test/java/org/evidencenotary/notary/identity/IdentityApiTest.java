package org.evidencenotary.notary.identity;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.evidencenotary.notary.pki.NotaryIdentity;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
class IdentityApiTest {
  @Inject NotaryIdentity notary;
  @TempDir Path dir;

  private static X509Certificate certificate(String id) throws Exception {
    String pem = given().get("/api/v1/identities/" + id + "/certificate.pem").then().statusCode(200).extract().asString();
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void a_technologist_gets_a_signing_certificate_from_the_hospital_ca() throws Exception {
    JsonPath identity = Fixtures.enrol("{\"kind\":\"TECHNOLOGIST\",\"name\":\"RT Jane Roe " + UUID.randomUUID() + "\"}");
    X509Certificate certificate = certificate(identity.getString("id"));

    certificate.verify(notary.rootCertificate().getPublicKey());
    assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(certificate.getKeyUsage()[1]).as("nonRepudiation").isTrue();
    assertThat(certificate.getExtendedKeyUsage()).as("no EKU, so openssl cms accepts it").isNull();
    assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    assertThat(identity.getString("subject")).contains("OU=Technologists");
    assertThat(identity.getString("status")).isEqualTo("ACTIVE");
  }

  @Test
  void identities_have_ec_p256_keys_unless_rsa_is_asked_for() throws Exception {
    JsonPath identity = Fixtures.enrol("{\"kind\":\"TECHNOLOGIST\",\"name\":\"RT Default Key " + UUID.randomUUID() + "\"}");
    X509Certificate certificate = certificate(identity.getString("id"));

    assertThat(identity.getString("keyAlgorithm")).isEqualTo("EC");
    assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
    assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
  }

  @Test
  void an_rsa_identity_gets_a_3072_bit_key_certified_by_the_hospital_ca() throws Exception {
    String ae = "RSA" + Long.toHexString(System.nanoTime()).substring(0, 8).toUpperCase();
    JsonPath identity = Fixtures.enrol("{\"kind\":\"DEVICE\",\"name\":\"CR reader\",\"aeTitle\":\"" + ae
        + "\",\"keyAlgorithm\":\"RSA\"}");
    String id = identity.getString("id");
    X509Certificate certificate = certificate(id);

    assertThat(identity.getString("keyAlgorithm")).isEqualTo("RSA");
    given().get("/api/v1/identities/" + id).then().statusCode(200).body("keyAlgorithm", equalTo("RSA"));
    assertThat(certificate.getPublicKey()).isInstanceOf(RSAPublicKey.class);
    assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
    certificate.verify(notary.rootCertificate().getPublicKey());
    assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(certificate.getExtendedKeyUsage()).isNull();
  }

  @Test
  void an_unknown_key_algorithm_is_refused_and_nothing_is_enrolled() {
    String name = "RT Dsa " + UUID.randomUUID();

    given().header(Fixtures.admin()).contentType("application/json")
        .body("{\"kind\":\"TECHNOLOGIST\",\"name\":\"" + name + "\",\"keyAlgorithm\":\"DSA\"}")
        .post("/api/v1/identities").then().statusCode(400).contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:bad-request"))
        .body("detail", equalTo("the JSON field 'keyAlgorithm' has a value that is not allowed"));
    assertThat(given().get("/api/v1/identities").then().statusCode(200).extract().jsonPath()
        .getList("name", String.class)).doesNotContain(name);
  }

  @Test
  void a_device_is_enrolled_with_its_ae_title_once() {
    String ae = "CT" + Long.toHexString(System.nanoTime()).substring(0, 8).toUpperCase();
    JsonPath device = Fixtures.enrol("{\"kind\":\"DEVICE\",\"name\":\"CT scanner, room 3\",\"aeTitle\":\"" + ae + "\"}");

    assertThat(device.getString("aeTitle")).isEqualTo(ae);
    given().header(Fixtures.admin()).contentType("application/json").body("{\"kind\":\"DEVICE\",\"name\":\"other\",\"aeTitle\":\"" + ae + "\"}")
        .post("/api/v1/identities").then().statusCode(400).contentType("application/problem+json");
  }

  @Test
  void malformed_enrolments_and_unknown_ids_are_problems() {
    given().header(Fixtures.admin()).contentType("application/json").body("{\"kind\":\"DEVICE\",\"name\":\"no ae title\"}")
        .post("/api/v1/identities").then().statusCode(400).contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:invalid-metadata"));
    given().header(Fixtures.admin()).contentType("application/json").body("{\"name\":\"no kind\"}")
        .post("/api/v1/identities").then().statusCode(400);
    given().header(Fixtures.admin()).contentType("application/json").body("{\"kind\":\"ROBOT\",\"name\":\"x\"}")
        .post("/api/v1/identities").then().statusCode(400).contentType("application/problem+json")
        .body("detail", equalTo("the JSON field 'kind' has a value that is not allowed"));
    given().get("/api/v1/identities/00000000-0000-4000-8000-000000000000").then().statusCode(404)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:identity-not-found"));
  }

  @Test
  void a_revoked_identity_is_on_the_signed_crl() throws Exception {
    JsonPath identity = Fixtures.enrol("{\"kind\":\"TECHNOLOGIST\",\"name\":\"RT Leaving " + UUID.randomUUID() + "\"}");
    String id = identity.getString("id");
    X509Certificate certificate = certificate(id);

    given().header(Fixtures.admin()).contentType("application/json").body("{\"reason\":\"left the hospital\"}")
        .post("/api/v1/identities/" + id + "/revoke").then().statusCode(200)
        .body("status", equalTo("REVOKED")).body("revocationReason", equalTo("left the hospital"));

    byte[] der = given().get("/api/v1/identities/crl").then().statusCode(200)
        .contentType("application/pkix-crl").extract().asByteArray();
    X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    crl.verify(notary.rootCertificate().getPublicKey());
    assertThat(crl.isRevoked(certificate)).isTrue();

    // An independent reader: openssl lists the serial on the CRL.
    Path file = Files.write(dir.resolve("hospital.crl"), der);
    Process openssl = new ProcessBuilder("openssl", "crl", "-inform", "DER", "-in", file.toString(), "-noout", "-text")
        .redirectErrorStream(true).start();
    String text = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(text.replace(":", "").toLowerCase()).contains(certificate.getSerialNumber().toString(16));
  }
}
