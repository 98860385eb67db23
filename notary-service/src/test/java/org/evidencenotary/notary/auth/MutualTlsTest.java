package org.evidencenotary.notary.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.evidencenotary.notary.evidence.EvidenceRepository;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS on REST for machine clients (issue 15): on the HTTPS port, a request whose client
 * certificate is registered for an identity signs in as an acquirer with that identity, and the
 * identity's key signs, as with a bearer token naming it. The HTTPS port, its trust store and the
 * client CA are a test CA made here.
 */
@QuarkusTest
@TestProfile(MutualTlsTest.Https.class)
class MutualTlsTest {
  /** A CA, the server's certificate from it, and HTTPS with client certificates requested. */
  public static class Https implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      TestCa ca = TestCa.get();
      return Map.of(
          "quarkus.tls.key-store.pem.0.cert", ca.serverCertificate.toString(),
          "quarkus.tls.key-store.pem.0.key", ca.serverKey.toString(),
          "quarkus.tls.trust-store.pem.certs", ca.caFile.toString(),
          "quarkus.http.ssl.client-auth", "REQUEST",
          "quarkus.http.test-ssl-port", "0",
          "notary.tls.client-ca-file", ca.caFile.toString());
    }
  }

  @Inject EvidenceRepository repository;
  @TestHTTPResource(value = "/", tls = true) URI https;

  private static String identity() {
    return Fixtures.enrol("{\"kind\":\"DEVICE\",\"name\":\"Batch system " + UUID.randomUUID() + "\",\"aeTitle\":\"MT"
        + UUID.randomUUID().toString().substring(0, 8).toUpperCase() + "\"}").getString("id");
  }

  private HttpResponse<String> post(TestCa.Client client, byte[] body, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(https.resolve("/api/v1/evidence"))
        .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HttpClient.newBuilder().sslContext(TestCa.get().context(client)).connectTimeout(Duration.ofSeconds(30))
        .build().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void a_registered_client_certificate_signs_in_and_its_identity_signs() throws Exception {
    String id = identity();
    TestCa.Client client = TestCa.get().client("Batch system");
    Api.anonymous().header(Fixtures.admin()).contentType("application/x-pem-file")
        .body(client.certificatePem().getBytes(StandardCharsets.US_ASCII))
        .put("/api/v1/identities/" + id + "/tls-client-certificate").then().statusCode(200);

    HttpResponse<String> answer = post(client, ("mtls " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8), null);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    String evidence = io.restassured.path.json.JsonPath.from(answer.body()).getString("id");
    assertThat(repository.findById(evidence).orElseThrow().signerId()).isEqualTo(id);
  }

  private HttpResponse<String> get(TestCa.Client client, String path) throws Exception {
    return HttpClient.newBuilder().sslContext(TestCa.get().context(client)).connectTimeout(Duration.ofSeconds(30))
        .build().send(HttpRequest.newBuilder(https.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String clientForm(String name, String roles, TestCa.Client client) {
    return "{\"name\":\"" + name + "\",\"roles\":[" + roles + "],\"certificate\":"
        + com.fasterxml.jackson.databind.json.JsonMapper.builder().build().valueToTree(client.certificatePem())
        + "}";
  }

  @Test
  void an_insurers_batch_system_signs_in_by_its_certificate_as_insurer_and_nothing_more() throws Exception {
    TestCa.Client client = TestCa.get().client("Claims batch " + UUID.randomUUID());
    String clientId = Api.anonymous().header(Fixtures.admin()).contentType("application/json")
        .body(clientForm("Claims batch, Example Insurance", "\"insurer\"", client))
        .post("/api/v1/auth/clients").then().statusCode(201).extract().path("id");
    String evidence = Api.given().body(("claim image " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))
        .contentType("application/octet-stream").post("/api/v1/evidence").then().statusCode(201).extract().path("id");

    HttpResponse<String> me = get(client, "/api/v1/auth/me");
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(io.restassured.path.json.JsonPath.from(me.body()).getString("name"))
        .isEqualTo("Claims batch, Example Insurance");
    assertThat(io.restassured.path.json.JsonPath.from(me.body()).getList("roles")).containsExactly("insurer");
    assertThat(get(client, "/api/v1/evidence/" + evidence + "/proof").statusCode()).isEqualTo(200);
    assertThat(get(client, "/api/v1/evidence/" + evidence + "/original").statusCode()).as("insurers get no original")
        .isEqualTo(403);
    assertThat(post(client, "not for insurers".getBytes(StandardCharsets.UTF_8), null).statusCode())
        .as("an insurer notarizes nothing").isEqualTo(403);

    Api.anonymous().header(Fixtures.admin()).post("/api/v1/auth/clients/" + clientId + "/revoke")
        .then().statusCode(200).body("revokedAt", org.hamcrest.Matchers.notNullValue());
    assertThat(get(client, "/api/v1/auth/me").statusCode()).as("revoked: signs in as nobody").isEqualTo(401);
    assertThat(Api.anonymous().header(Api.as(Roles.AUDITOR)).get("/api/v1/audit/admin-actions?limit=50")
        .then().statusCode(200).extract().jsonPath().getList("entries.action"))
        .contains("MACHINE_CLIENT_REGISTERED", "MACHINE_CLIENT_REVOKED");
  }

  @Test
  void a_machine_client_is_never_an_acquirer_or_admin_and_one_certificate_serves_one_client() throws Exception {
    TestCa.Client client = TestCa.get().client("Tool " + UUID.randomUUID());
    Api.anonymous().header(Fixtures.admin()).contentType("application/json")
        .body("{\"name\":\"Tool\",\"roles\":[\"insurer\"],\"certificate\":\"not a certificate\"}")
        .post("/api/v1/auth/clients").then().statusCode(400)
        .body("detail", org.hamcrest.Matchers.startsWith("certificate is not a PEM X.509 certificate"));
    for (String roles : new String[] {"\"acquirer\"", "\"admin\"", "", "\"verifier\",\"admin\""}) {
      Api.anonymous().header(Fixtures.admin()).contentType("application/json")
          .body(clientForm("Tool", roles, client)).post("/api/v1/auth/clients").then().statusCode(400)
          .contentType("application/problem+json");
    }
    Api.anonymous().header(Fixtures.admin()).contentType("application/json")
        .body(clientForm("Court case system", "\"verifier\"", client)).post("/api/v1/auth/clients")
        .then().statusCode(201);
    Api.anonymous().header(Fixtures.admin()).contentType("application/json")
        .body(clientForm("Court case system again", "\"verifier\"", client)).post("/api/v1/auth/clients")
        .then().statusCode(400);
    // A certificate registered on an enrolled identity is that identity's.
    String id = identity();
    TestCa.Client device = TestCa.get().client("Device " + UUID.randomUUID());
    Api.anonymous().header(Fixtures.admin()).contentType("application/x-pem-file")
        .body(device.certificatePem().getBytes(StandardCharsets.US_ASCII))
        .put("/api/v1/identities/" + id + "/tls-client-certificate").then().statusCode(200);
    Api.anonymous().header(Fixtures.admin()).contentType("application/json")
        .body(clientForm("Same certificate", "\"insurer\"", device)).post("/api/v1/auth/clients")
        .then().statusCode(400);
    Api.anonymous().header(Fixtures.admin()).post("/api/v1/auth/clients/00000000-0000-4000-8000-000000000000/revoke")
        .then().statusCode(404);
  }

  @Test
  void an_unregistered_client_certificate_is_401() throws Exception {
    TestCa.Client client = TestCa.get().client("Someone");

    HttpResponse<String> answer = post(client, ("mtls " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8), null);

    assertThat(answer.statusCode()).isEqualTo(401);
  }

  @Test
  void a_bearer_token_still_signs_in_over_https() throws Exception {
    TestCa.Client client = TestCa.get().client("Unregistered with a token");

    HttpResponse<String> answer = post(client, ("mtls " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8),
        Api.as(Roles.ACQUIRER).getValue());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
  }

  @Test
  void plain_http_keeps_working_with_tokens() {
    Api.anonymous().header(Api.as(Roles.ACQUIRER)).body(("plain " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))
        .contentType("application/octet-stream").post("/api/v1/evidence").then().statusCode(201);
  }

  /** The test CA, made once per test run; files under target/. */
  static final class TestCa {
    private static TestCa instance;
    final Path caFile;
    final Path serverCertificate;
    final Path serverKey;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    record Client(PrivateKey key, X509Certificate certificate, String certificatePem) {}

    static synchronized TestCa get() {
      if (instance == null) {
        try {
          instance = new TestCa(Files.createDirectories(Path.of("target", "mtls-" + UUID.randomUUID())));
        } catch (Exception e) {
          throw new IllegalStateException("the test CA could not be made: " + e.getMessage(), e);
        }
      }
      return instance;
    }

    private TestCa(Path dir) throws Exception {
      caKeys = ec();
      X500Name name = new X500Name("CN=Test Hospital Device CA");
      Instant now = Instant.now();
      ca = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
          Date.from(now.minusSeconds(3600)), Date.from(now.plus(Duration.ofDays(30))), name, caKeys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
      caFile = Files.writeString(dir.resolve("ca.pem"), pem(ca));
      KeyPair server = ec();
      X509Certificate serverCert = issue(new X500Name("CN=localhost"), server, KeyPurposeId.id_kp_serverAuth, true);
      serverCertificate = Files.writeString(dir.resolve("server.pem"), pem(serverCert));
      serverKey = Files.writeString(dir.resolve("server-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
          + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(server.getPrivate().getEncoded())
          + "\n-----END PRIVATE KEY-----\n");
    }

    Client client(String commonName) throws Exception {
      KeyPair keys = ec();
      X509Certificate certificate = issue(new X500Name("CN=" + commonName), keys, KeyPurposeId.id_kp_clientAuth, false);
      return new Client(keys.getPrivate(), certificate, pem(certificate));
    }

    SSLContext context(Client client) throws Exception {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("client", client.key(), new char[0], new Certificate[] {client.certificate()});
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, new char[0]);
      KeyStore roots = KeyStore.getInstance("PKCS12");
      roots.load(null, null);
      roots.setCertificateEntry("ca", ca);
      TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
      trust.init(roots);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    }

    private X509Certificate issue(X500Name subject, KeyPair keys, KeyPurposeId purpose, boolean server)
        throws Exception {
      Instant now = Instant.now();
      var builder = new JcaX509v3CertificateBuilder(ca, BigInteger.valueOf(System.nanoTime()),
          Date.from(now.minusSeconds(3600)), Date.from(now.plus(Duration.ofDays(30))), subject, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      if (server) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    private static KeyPair ec() throws Exception {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    }

    private static String pem(Object object) {
      StringWriter text = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
        writer.writeObject(object);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return text.toString();
    }
  }
}
