package org.evidencenotary.notary.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.testing.Fixtures;
import org.evidencenotary.notary.testing.ForeignCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registering a device's TLS client certificate on its identity (issue 15): only a certificate
 * from a trusted client CA, valid now, for TLS client use and not registered for another
 * identity; the notary keeps its fingerprint, never the device's key.
 */
@QuarkusTest
class TlsClientCertificateTest {
  @TempDir Path dir;

  private static String device() {
    String ae = "TC" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    return Fixtures.enrol("{\"kind\":\"DEVICE\",\"name\":\"US cart " + ae + "\",\"aeTitle\":\"" + ae + "\"}")
        .getString("id");
  }

  private static JsonPath issue(String id, String body) {
    return RestAssured.given().header(Fixtures.admin()).contentType("application/json").body(body)
        .post("/api/v1/identities/" + id + "/tls-client-certificate").then().statusCode(200)
        .header("Cache-Control", "no-store").extract().jsonPath();
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void the_hospital_ca_issues_a_client_certificate_whose_fingerprint_the_identity_records() throws Exception {
    String id = device();

    JsonPath issued = issue(id, "{}");

    X509Certificate certificate = certificate(issued.getString("certificate"));
    assertThat(issued.getString("privateKey")).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(issued.getString("identity.tlsClientCertificateSha256"))
        .isEqualTo(Sha256.digest(certificate.getEncoded()).hex());
    RestAssured.given().header(Fixtures.admin()).get("/api/v1/identities/" + id).then().statusCode(200)
        .body("tlsClientCertificateSha256", equalTo(Sha256.digest(certificate.getEncoded()).hex()))
        .body("tlsClientSubject", containsString("CN=US cart"));
  }

  @Test
  void for_a_certificate_request_the_key_stays_with_the_device() throws Exception {
    String id = device();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=whatever the device asks"), keys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(csr);
    }

    JsonPath issued = issue(id, new com.fasterxml.jackson.databind.ObjectMapper()
        .writeValueAsString(Map.of("csr", pem.toString())));

    assertThat(issued.getString("privateKey")).isNull();
    X509Certificate certificate = certificate(issued.getString("certificate"));
    assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(certificate.getSubjectX500Principal().getName()).as("the identity's name, not the request's")
        .contains("CN=US cart").doesNotContain("whatever");
  }

  @Test
  void a_certificate_request_with_a_broken_signature_is_400() {
    RestAssured.given().header(Fixtures.admin()).contentType("application/json")
        .body("{\"csr\":\"-----BEGIN CERTIFICATE REQUEST-----\\nMIIBAAAA\\n-----END CERTIFICATE REQUEST-----\\n\"}")
        .post("/api/v1/identities/" + device() + "/tls-client-certificate").then().statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void a_certificate_from_a_ca_the_notary_does_not_trust_is_refused_and_nothing_is_recorded() throws Exception {
    String id = device();
    ForeignCa.Client foreign = ForeignCa.client(dir, "CT elsewhere");

    RestAssured.given().header(Fixtures.admin()).contentType("application/x-pem-file")
        .body(foreign.certificatePem().getBytes(StandardCharsets.US_ASCII))
        .put("/api/v1/identities/" + id + "/tls-client-certificate").then().statusCode(400)
        .contentType("application/problem+json").body("detail", containsString("not issued by a trusted client CA"));

    RestAssured.given().header(Fixtures.admin()).get("/api/v1/identities/" + id).then().statusCode(200)
        .body("tlsClientCertificateSha256", equalTo(null));
  }

  @Test
  void a_certificate_registered_for_one_device_is_refused_for_another() {
    String first = device();
    String certificate = issue(first, "{}").getString("certificate");

    RestAssured.given().header(Fixtures.admin()).contentType("application/x-pem-file")
        .body(certificate.getBytes(StandardCharsets.US_ASCII))
        .put("/api/v1/identities/" + device() + "/tls-client-certificate").then().statusCode(400)
        .body("detail", containsString("already registered for identity " + first));
  }

  @Test
  void a_replaced_certificate_may_be_registered_at_enrolment_of_another_device() throws Exception {
    String first = device();
    String old = issue(first, "{}").getString("certificate");
    issue(first, "{}"); // the first device gets a new one: the old one is free
    String ae = "TC" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    JsonPath enrolled = Fixtures.enrol(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of(
        "kind", "DEVICE", "name", "moved cart", "aeTitle", ae, "tlsClientCertificate", old)));

    assertThat(enrolled.getString("tlsClientCertificateSha256")).isEqualTo(Sha256.digest(certificate(old).getEncoded())
        .hex());
  }

  @Test
  void an_enrolment_with_an_untrusted_certificate_enrols_nobody() throws Exception {
    String ae = "TC" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("kind", "DEVICE",
        "name", "untrusted", "aeTitle", ae, "tlsClientCertificate", ForeignCa.client(dir, "x").certificatePem()));

    RestAssured.given().header(Fixtures.admin()).contentType("application/json").body(body)
        .post("/api/v1/identities").then().statusCode(400);

    assertThat(RestAssured.given().header(Fixtures.admin()).get("/api/v1/identities").then().statusCode(200)
        .extract().jsonPath().getList("aeTitle")).doesNotContain(ae);
  }

  @Test
  void a_revoked_identity_gets_no_tls_client_certificate() {
    String id = device();
    RestAssured.given().header(Fixtures.admin()).contentType("application/json").body("{}")
        .post("/api/v1/identities/" + id + "/revoke").then().statusCode(200);

    RestAssured.given().header(Fixtures.admin()).contentType("application/json").body("{}")
        .post("/api/v1/identities/" + id + "/tls-client-certificate").then().statusCode(400)
        .body("detail", containsString("revoked"));
  }
}
