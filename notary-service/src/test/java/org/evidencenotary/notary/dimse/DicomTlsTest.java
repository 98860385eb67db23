package org.evidencenotary.notary.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.evidencenotary.notary.dicom.Dcmtk;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.evidence.DicomService;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.testing.DeviceTls;
import org.evidencenotary.notary.testing.Fixtures;
import org.evidencenotary.notary.testing.ForeignCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, "Who may sign": a device's key signs only what it sends over an authenticated channel,
 * DICOM over TLS (PS3.15 Annex B) with the client certificate registered for it. DCMTK's storescu
 * is the independent peer; an AE title alone identifies, it does not authenticate.
 */
@QuarkusTest
class DicomTlsTest {
  private static final Map<String, String> NO_DELAY = Map.of("TCP_NODELAY", "1");

  @Inject StorageScp scp;
  @Inject DicomService dicom;
  @TempDir Path dir;

  /** An enrolled device with a fresh AE title; its id. */
  private static String device(String aeTitle) {
    return Fixtures.enrol("{\"kind\":\"DEVICE\",\"name\":\"CT room " + aeTitle + "\",\"aeTitle\":\"" + aeTitle + "\"}")
        .getString("id");
  }

  private static String aeTitle() {
    return "TLS" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }

  private byte[] instance() {
    return DicomTestFiles.ct(System.nanoTime(), 16, 16, 1, "1.2.826.0.1.3680043.10.1.99.15", 1);
  }

  private List<EvidenceRecord> recordsOf(byte[] sent) {
    return dicom.bySopInstanceUid(DicomTestFiles.scan(sent).header().value(0x00080018));
  }

  /** storescu over TLS to the notary's TLS port with {@code tlsArgs}, calling from {@code aeTitle}. */
  private Dcmtk.Result storeOverTls(List<String> tlsArgs, String aeTitle, byte[] sent) throws Exception {
    assertThat(scp.tlsPort()).as("the TLS listener runs").isPositive();
    List<String> args = new ArrayList<>(tlsArgs);
    args.addAll(List.of("-aet", aeTitle, "-aec", "NOTARY", "127.0.0.1", Integer.toString(scp.tlsPort()),
        DicomTestFiles.write(dir, "sent-" + System.nanoTime() + ".dcm", sent).toString()));
    return Dcmtk.exec("storescu", NO_DELAY, args.toArray(new String[0]));
  }

  @Test
  void a_device_over_tls_with_its_registered_certificate_and_ae_title_stores_an_instance_it_signs() throws Exception {
    String aeTitle = aeTitle();
    String device = device(aeTitle);
    DeviceTls tls = DeviceTls.issue(device, dir);
    byte[] sent = instance();

    Dcmtk.Result stored = storeOverTls(tls.dcmtkArgs(), aeTitle, sent);

    assertThat(stored.exitCode()).as(stored.output()).isZero();
    EvidenceRecord record = recordsOf(sent).get(0);
    assertThat(record.signerId()).isEqualTo(device);
    assertThat(record.acquisitionSignature()).isNotNull();
    assertThat(record.statement().description()).contains("authenticated DICOM TLS C-STORE from " + aeTitle)
        .contains("client certificate SHA-256 " + tls.sha256());
    assertThat(record.statement().submittedBy().name()).isEqualTo("CT room " + aeTitle);
    assertThat(record.statement().submittedBy().roles()).containsExactly("acquirer");
  }

  @Test
  void echoscu_over_tls_with_a_registered_certificate_gets_an_answer() throws Exception {
    String aeTitle = aeTitle();
    DeviceTls tls = DeviceTls.issue(device(aeTitle), dir);

    Dcmtk.Result echo = Dcmtk.exec("echoscu", NO_DELAY, tls.dcmtk("-aet", aeTitle, "-aec", "NOTARY", "127.0.0.1",
        Integer.toString(scp.tlsPort())));

    assertThat(echo.exitCode()).as(echo.output()).isZero();
  }

  /** The forgery of issue 15: anyone can claim a device's AE title over plain TCP. */
  @Test
  void plain_tcp_claiming_the_ae_title_of_a_device_that_uses_tls_is_rejected_and_nothing_is_stored()
      throws Exception {
    String aeTitle = aeTitle();
    DeviceTls.issue(device(aeTitle), dir);
    byte[] sent = instance();

    Dcmtk.Result r = Dcmtk.exec("storescu", NO_DELAY, "-aet", aeTitle, "-aec", "NOTARY", "127.0.0.1",
        Integer.toString(scp.port()), DicomTestFiles.write(dir, "forged.dcm", sent).toString());

    assertThat(r.exitCode()).as(r.output()).isNotZero();
    assertThat(r.output()).containsIgnoringCase("Calling AE Title Not Recognized");
    assertThat(recordsOf(sent)).isEmpty();
  }

  @Test
  void plain_tcp_with_an_enrolled_devices_ae_title_is_stored_but_never_signed_by_the_device() throws Exception {
    String aeTitle = aeTitle();
    device(aeTitle); // enrolled, no TLS client certificate registered yet
    byte[] sent = instance();

    Dcmtk.Result stored = Dcmtk.exec("storescu", NO_DELAY, "-aet", aeTitle, "-aec", "NOTARY", "127.0.0.1",
        Integer.toString(scp.port()), DicomTestFiles.write(dir, "claimed.dcm", sent).toString());

    assertThat(stored.exitCode()).as(stored.output()).isZero();
    EvidenceRecord record = recordsOf(sent).get(0);
    assertThat(record.signerId()).as("no device signs what an unauthenticated sender claims").isNull();
    assertThat(record.acquisitionSignature()).isNull();
    assertThat(record.statement().submittedBy()).isNull();
    assertThat(record.statement().description()).contains("plain TCP").contains(aeTitle)
        .contains("not authenticated");
  }

  @Test
  void tls_with_device_a_certificate_but_device_b_ae_title_is_rejected_and_nothing_is_stored() throws Exception {
    String aeA = aeTitle();
    String aeB = aeTitle();
    DeviceTls a = DeviceTls.issue(device(aeA), dir);
    DeviceTls.issue(device(aeB), dir);
    byte[] sent = instance();

    Dcmtk.Result r = storeOverTls(a.dcmtkArgs(), aeB, sent);

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).containsIgnoringCase("Calling AE Title Not Recognized");
    assertThat(recordsOf(sent)).isEmpty();
  }

  @Test
  void tls_with_a_certificate_from_an_untrusted_ca_fails_the_handshake_and_nothing_is_stored() throws Exception {
    String aeTitle = aeTitle();
    DeviceTls registered = DeviceTls.issue(device(aeTitle), dir);
    ForeignCa.Client foreign = ForeignCa.client(dir, "CT room " + aeTitle);
    byte[] sent = instance();

    Dcmtk.Result r = storeOverTls(List.of("+tls", foreign.key().toString(), foreign.certificate().toString(), "+cf",
        registered.ca().toString()), aeTitle, sent);

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).as("the key loads; the notary ends the handshake").doesNotContain("Unable to load")
        .contains("Association Request Failed");
    assertThat(recordsOf(sent)).isEmpty();
  }

  @Test
  void tls_without_a_client_certificate_fails_the_handshake() throws Exception {
    String aeTitle = aeTitle();
    DeviceTls registered = DeviceTls.issue(device(aeTitle), dir);
    SSLContext noClientKey = SSLContext.getInstance("TLS");
    noClientKey.init(null, trusting(registered.ca()).getTrustManagers(), null);

    assertThatThrownBy(() -> {
      SSLSocket socket = (SSLSocket) noClientKey.getSocketFactory().createSocket("127.0.0.1", scp.tlsPort());
      try (DimseTestClient client = new DimseTestClient(socket, aeTitle, "NOTARY", "1.2.840.10008.5.1.4.1.1.2")) {
        client.release();
      }
    }).as("no association without a client certificate").isInstanceOf(IOException.class);
  }

  @Test
  void a_revoked_devices_certificate_is_rejected_and_nothing_is_stored() throws Exception {
    String aeTitle = aeTitle();
    String device = device(aeTitle);
    DeviceTls tls = DeviceTls.issue(device, dir);
    RestAssured.given().header(Fixtures.admin()).contentType("application/json").body("{\"reason\":\"stolen\"}")
        .post("/api/v1/identities/" + device + "/revoke").then().statusCode(200);
    byte[] sent = instance();

    Dcmtk.Result r = storeOverTls(tls.dcmtkArgs(), aeTitle, sent);

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).containsIgnoringCase("Calling AE Title Not Recognized");
    assertThat(recordsOf(sent)).isEmpty();
  }

  @Test
  void a_replaced_certificate_no_longer_authenticates_its_device() throws Exception {
    String aeTitle = aeTitle();
    String device = device(aeTitle);
    DeviceTls old = DeviceTls.issue(device, dir);
    DeviceTls.issue(device, dir);
    byte[] sent = instance();

    Dcmtk.Result r = storeOverTls(old.dcmtkArgs(), aeTitle, sent);

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).containsIgnoringCase("Calling AE Title Not Recognized");
    assertThat(recordsOf(sent)).isEmpty();
  }

  @Test
  void the_tls_port_speaks_tls_1_3_with_an_aead_suite_by_default() throws Exception {
    DeviceTls tls = DeviceTls.issue(device(aeTitle()), dir);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(keys(tls).getKeyManagers(), trusting(tls.ca()).getTrustManagers(), null);

    try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", scp.tlsPort())) {
      socket.startHandshake();

      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(socket.getSession().getCipherSuite()).matches("TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20.*)");
    }
  }

  @Test
  void tls_1_2_with_a_cbc_suite_is_refused_even_with_a_registered_certificate() throws Exception {
    DeviceTls tls = DeviceTls.issue(device(aeTitle()), dir);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(keys(tls).getKeyManagers(), trusting(tls.ca()).getTrustManagers(), null);

    try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", scp.tlsPort())) {
      socket.setEnabledProtocols(new String[] {"TLSv1.2"});
      socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});

      assertThatThrownBy(socket::startHandshake).as("BCP 195: AEAD suites only").isInstanceOf(SSLException.class);
    }
  }

  /** The device's key and certificate from {@code tls}'s PEM files, as a key manager factory. */
  private static KeyManagerFactory keys(DeviceTls tls) throws Exception {
    String pem = Files.readString(tls.key()).replaceAll("-----(BEGIN|END) PRIVATE KEY-----|\\s", "");
    PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
        .decode(pem)));
    X509Certificate certificate;
    try (var in = Files.newInputStream(tls.certificate())) {
      certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("device", key, new char[0], new Certificate[] {certificate});
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, new char[0]);
    return factory;
  }

  private static TrustManagerFactory trusting(Path caPem) throws Exception {
    KeyStore roots = KeyStore.getInstance("PKCS12");
    roots.load(null, null);
    int i = 0;
    try (var in = Files.newInputStream(caPem)) {
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        roots.setCertificateEntry("ca" + i++, (X509Certificate) c);
      }
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(roots);
    return factory;
  }
}
