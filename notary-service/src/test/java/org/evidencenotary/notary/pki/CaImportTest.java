package org.evidencenotary.notary.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.evidencenotary.notary.testing.OpenSsl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing a hospital's existing CA, made by openssl: what is accepted, and the startup errors. */
class CaImportTest {
  private static final char[] NONE = new char[0];

  @TempDir Path dir;

  @Test
  void an_ec_ca_in_pem_files_is_accepted() throws Exception {
    Path[] ca = OpenSsl.selfSignedCa(dir.resolve("ec"), "Test Hospital CA", "ec", OpenSsl.CA_EXTENSIONS);

    CaImport.Material material = CaImport.pem(ca[0], ca[1], NONE);

    assertThat(material.certificate().getSubjectX500Principal().getName()).contains("CN=Test Hospital CA");
    assertThat(material.key().getAlgorithm()).isEqualTo("EC");
    assertThat(material.chain()).hasSize(1);
  }

  @Test
  void an_rsa_ca_is_accepted_and_signs_with_rsa() throws Exception {
    Path[] ca = OpenSsl.selfSignedCa(dir.resolve("rsa"), "Test RSA CA", "rsa:2048", OpenSsl.CA_EXTENSIONS);

    CaImport.Material material = CaImport.pem(ca[0], ca[1], NONE);

    assertThat(NotaryIdentity.signatureAlgorithm(material.key())).isEqualTo("SHA256withRSA");
  }

  @Test
  void a_ca_in_a_pkcs12_file_made_by_openssl_is_accepted_with_its_password() throws Exception {
    Path[] ca = OpenSsl.selfSignedCa(dir.resolve("p12"), "Test P12 CA", "ec", OpenSsl.CA_EXTENSIONS);
    Path p12 = dir.resolve("ca.p12");
    OpenSsl.ok("pkcs12", "-export", "-inkey", ca[1].toString(), "-in", ca[0].toString(), "-name", "hospital-ca",
        "-out", p12.toString(), "-passout", "pass:s3cret");

    CaImport.Material material = CaImport.pkcs12(p12, "s3cret".toCharArray(), null);

    assertThat(material.certificate().getSubjectX500Principal().getName()).contains("CN=Test P12 CA");
  }

  @Test
  void a_pkcs12_file_with_the_wrong_password_stops_the_start_with_a_clear_error() throws Exception {
    Path[] ca = OpenSsl.selfSignedCa(dir.resolve("p12"), "Test P12 CA", "ec", OpenSsl.CA_EXTENSIONS);
    Path p12 = dir.resolve("ca.p12");
    OpenSsl.ok("pkcs12", "-export", "-inkey", ca[1].toString(), "-in", ca[0].toString(), "-out", p12.toString(),
        "-passout", "pass:s3cret");

    assertThatThrownBy(() -> CaImport.pkcs12(p12, "wrong".toCharArray(), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("notary.identity.ca.pkcs12").hasMessageContaining("cannot be opened")
        .hasMessageContaining("notary.identity.ca.password");
  }

  @Test
  void a_key_that_belongs_to_another_certificate_is_refused() throws Exception {
    Path[] ca = OpenSsl.selfSignedCa(dir.resolve("a"), "Test CA A", "ec", OpenSsl.CA_EXTENSIONS);
    Path[] other = OpenSsl.selfSignedCa(dir.resolve("b"), "Test CA B", "ec", OpenSsl.CA_EXTENSIONS);

    assertThatThrownBy(() -> CaImport.pem(ca[0], other[1], NONE)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the private key does not belong to the certificate")
        .hasMessageContaining("CN=Test CA A");
  }

  @Test
  void a_certificate_that_is_not_a_ca_is_refused() throws Exception {
    Path[] leaf = OpenSsl.selfSignedCa(dir.resolve("leaf"), "Not A CA", "ec",
        "basicConstraints = critical,CA:FALSE\nkeyUsage = critical,keyCertSign,cRLSign");

    assertThatThrownBy(() -> CaImport.pem(leaf[0], leaf[1], NONE)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not a CA certificate").hasMessageContaining("basicConstraints cA=true");
  }

  @Test
  void a_ca_without_keycertsign_and_crlsign_is_refused() throws Exception {
    Path[] ca = OpenSsl.selfSignedCa(dir.resolve("usage"), "Signing Only CA", "ec",
        "basicConstraints = critical,CA:TRUE\nkeyUsage = critical,digitalSignature");

    assertThatThrownBy(() -> CaImport.pem(ca[0], ca[1], NONE)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("keyCertSign and cRLSign").hasMessageContaining("allows only digitalSignature");
  }

  @Test
  void a_ca_without_key_usage_is_refused() throws Exception {
    Path[] ca = OpenSsl.selfSignedCa(dir.resolve("nousage"), "Bare CA", "ec", "basicConstraints = critical,CA:TRUE");

    assertThatThrownBy(() -> CaImport.pem(ca[0], ca[1], NONE)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no keyUsage");
  }

  @Test
  void an_encrypted_pem_key_needs_its_password() throws Exception {
    Path[] ca = OpenSsl.selfSignedCa(dir.resolve("enc"), "Encrypted Key CA", "ec", OpenSsl.CA_EXTENSIONS);
    Path encrypted = dir.resolve("enc/ca-encrypted.key");
    OpenSsl.ok("pkcs8", "-topk8", "-in", ca[1].toString(), "-out", encrypted.toString(), "-passout", "pass:k3y");

    assertThatThrownBy(() -> CaImport.pem(ca[0], encrypted, NONE)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is encrypted");
    assertThat(CaImport.pem(ca[0], encrypted, "k3y".toCharArray()).key().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void a_certificate_file_followed_by_a_certificate_that_did_not_issue_it_is_refused() throws Exception {
    Path[] ca = OpenSsl.selfSignedCa(dir.resolve("a"), "Test CA A", "ec", OpenSsl.CA_EXTENSIONS);
    Path[] other = OpenSsl.selfSignedCa(dir.resolve("b"), "Test CA B", "ec", OpenSsl.CA_EXTENSIONS);
    Path both = dir.resolve("both.pem");
    java.nio.file.Files.writeString(both, java.nio.file.Files.readString(ca[0]) + java.nio.file.Files.readString(other[0]));

    assertThatThrownBy(() -> CaImport.pem(both, ca[1], NONE)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must be its issuers in order");
  }
}
