package org.evidencenotary.notary.pki;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.identity.AcquisitionSigner;
import org.evidencenotary.notary.identity.IdentityRegistry;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Technologist keys made and used inside a PKCS#11 token (SoftHSM2), checked with OpenSC and OpenSSL. */
@QuarkusTest
@TestProfile(HsmProfile.class)
class HsmSigningTest {
  @Inject IdentityRegistry identities;
  @Inject AcquisitionSigner signer;
  @TempDir Path dir;

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output;
  }

  @Test
  void a_technologist_key_generated_in_the_token_never_leaves_it_and_signs_acquisitions() throws Exception {
    String id = Fixtures.enrol("{\"kind\":\"TECHNOLOGIST\",\"name\":\"RT Hsm " + UUID.randomUUID() + "\",\"keyStorage\":\"PKCS11\"}").getString("id");
    IdentityRegistry.SigningKey key = identities.signingKey(id);
    assertThat(key.key().getEncoded()).as("the private key cannot be read out of the token").isNull();

    byte[] exhibit = Fixtures.dicomSecondaryCapture(95);
    Path file = Files.write(dir.resolve("exhibit.dcm"), exhibit);
    Path p7s = Files.write(dir.resolve("exhibit.p7s"), signer.sign(Sha256.digest(exhibit),
        Sha256.digest("statement".getBytes(StandardCharsets.UTF_8)), key.key(), key.chain()));
    Path roots = Files.writeString(dir.resolve("roots.pem"),
        given().get("/api/v1/trust/roots.pem").then().extract().asString());

    assertThat(run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", p7s.toString(), "-content",
        file.toString(), "-CAfile", roots.toString(), "-out", "/dev/null")).contains("Verification successful");
    String objects = run("pkcs11-tool", "--module", SoftHsmResource.LIBRARY, "--token-label", SoftHsmResource.LABEL,
        "--login", "--pin", SoftHsmResource.PIN, "--list-objects");
    assertThat(objects).contains("Private Key Object").contains("never extractable").contains("sensitive");
  }

  @Test
  void an_rsa_key_generated_in_the_token_signs_acquisitions_that_openssl_verifies() throws Exception {
    JsonPath enrolled = Fixtures.enrol(
        "{\"kind\":\"TECHNOLOGIST\",\"name\":\"RT Hsm Rsa " + UUID.randomUUID()
        + "\",\"keyStorage\":\"PKCS11\",\"keyAlgorithm\":\"RSA\"}");
    assertThat(enrolled.getString("keyAlgorithm")).isEqualTo("RSA");
    assertThat(enrolled.getString("keyStorage")).isEqualTo("PKCS11");
    String id = enrolled.getString("id");
    IdentityRegistry.SigningKey key = identities.signingKey(id);
    assertThat(key.key().getAlgorithm()).isEqualTo("RSA");
    assertThat(key.key().getEncoded()).as("the private key cannot be read out of the token").isNull();

    byte[] exhibit = Fixtures.dicomSecondaryCapture(96);
    Path file = Files.write(dir.resolve("rsa-exhibit.dcm"), exhibit);
    Path p7s = Files.write(dir.resolve("rsa-exhibit.p7s"), signer.sign(Sha256.digest(exhibit),
        Sha256.digest("statement".getBytes(StandardCharsets.UTF_8)), key.key(), key.chain()));
    Path roots = Files.writeString(dir.resolve("roots.pem"),
        given().get("/api/v1/trust/roots.pem").then().extract().asString());

    assertThat(run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", p7s.toString(), "-content",
        file.toString(), "-CAfile", roots.toString(), "-out", "/dev/null")).contains("Verification successful");
    String objects = run("pkcs11-tool", "--module", SoftHsmResource.LIBRARY, "--token-label", SoftHsmResource.LABEL,
        "--login", "--pin", SoftHsmResource.PIN, "--list-objects", "--type", "privkey");
    // SunPKCS11 gives the key its alias, the identity's id, as CKA_ID (pkcs11-tool shows it in hex).
    String ckaId = java.util.HexFormat.of().formatHex(id.getBytes(StandardCharsets.US_ASCII));
    assertThat(objects.split("Private Key Object")).filteredOn(o -> o.contains(ckaId)).singleElement()
        .satisfies(o -> assertThat(o).startsWith("; RSA").contains("never extractable").contains("sensitive")
            .containsPattern("Usage: +sign\\s").doesNotContain("decrypt").doesNotContain("unwrap"));
  }
}
