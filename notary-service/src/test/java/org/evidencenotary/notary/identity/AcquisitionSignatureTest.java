package org.evidencenotary.notary.identity;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cms.CMSSignedData;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Technologist signatures and RFC 3161 time-stamps, checked with OpenSSL, which knows nothing of
 * our code: the CMS against the exhibit file, the token against the signature value, and the
 * built-in TSA over HTTP against an OpenSSL-made query.
 */
@QuarkusTest
class AcquisitionSignatureTest {
  @Inject AcquisitionSigner signer;
  @Inject IdentityRegistry identities;
  @TempDir Path dir;
  Path roots;

  @BeforeEach
  void trust() throws IOException {
    roots = Files.writeString(dir.resolve("roots.pem"),
        given().get("/api/v1/trust/roots.pem").then().statusCode(200).extract().asString());
  }

  private static String openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output;
  }

  private byte[] signAsNewTechnologist(byte[] exhibit) {
    return signAsNewTechnologist(exhibit, SignerIdentity.KeyAlgorithm.EC);
  }

  private byte[] signAsNewTechnologist(byte[] exhibit, SignerIdentity.KeyAlgorithm algorithm) {
    SignerIdentity tech = identities.enrol(SignerIdentity.Kind.TECHNOLOGIST, "RT Test " + UUID.randomUUID(), null,
        SignerIdentity.KeyStorage.PKCS12, algorithm);
    IdentityRegistry.SigningKey key = identities.signingKey(tech.id());
    return signer.sign(Sha256.digest(exhibit), Sha256.digest("statement".getBytes(StandardCharsets.UTF_8)),
        key.key(), key.chain());
  }

  @Test
  void openssl_verifies_the_technologist_signature_against_the_exhibit_file() throws Exception {
    byte[] exhibit = Fixtures.dicomSecondaryCapture(90);
    Path file = Files.write(dir.resolve("exhibit.dcm"), exhibit);
    Path p7s = Files.write(dir.resolve("exhibit.p7s"), signAsNewTechnologist(exhibit));

    String ok = openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s.toString(),
        "-content", file.toString(), "-CAfile", roots.toString(), "-out", "/dev/null");
    assertThat(ok).contains("Verification successful");

    Path changed = Files.write(dir.resolve("exhibit-one-byte-changed.dcm"), Fixtures.withFlippedByte(exhibit, 300));
    String bad = openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s.toString(),
        "-content", changed.toString(), "-CAfile", roots.toString(), "-out", "/dev/null");
    assertThat(bad).doesNotContain("Verification successful");
  }

  @Test
  void openssl_verifies_an_rsa_technologists_pkcs1_signature_against_the_exhibit_file() throws Exception {
    byte[] exhibit = Fixtures.dicomSecondaryCapture(93);
    Path file = Files.write(dir.resolve("exhibit.dcm"), exhibit);
    Path p7s = Files.write(dir.resolve("exhibit.p7s"), signAsNewTechnologist(exhibit, SignerIdentity.KeyAlgorithm.RSA));

    String ok = openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s.toString(),
        "-content", file.toString(), "-CAfile", roots.toString(), "-out", "/dev/null");
    String printed = openssl("cms", "-cmsout", "-print", "-inform", "DER", "-in", p7s.toString());

    assertThat(ok).contains("Verification successful");
    assertThat(printed).containsPattern("signatureAlgorithm:\\s+algorithm: sha256WithRSAEncryption")
        .contains("digestAlgorithm:").contains("algorithm: sha256");
    Path changed = Files.write(dir.resolve("exhibit-one-byte-changed.dcm"), Fixtures.withFlippedByte(exhibit, 300));
    assertThat(openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s.toString(), "-content",
        changed.toString(), "-CAfile", roots.toString(), "-out", "/dev/null")).doesNotContain("Verification successful");
  }

  @Test
  void openssl_verifies_the_signature_timestamp_over_the_signature_value() throws Exception {
    CMSSignedData cms = new CMSSignedData(signAsNewTechnologist(Fixtures.png(91)));
    byte[] signatureValue = cms.getSignerInfos().getSigners().iterator().next().getSignature();
    Path token = Files.write(dir.resolve("signature.tst"), AcquisitionSigner.timestampOf(cms).getEncoded());

    String output = openssl("ts", "-verify", "-token_in", "-in", token.toString(),
        "-digest", HexFormat.of().formatHex(Sha256.digest(signatureValue).bytes()), "-CAfile", roots.toString());

    assertThat(output).contains("Verification: OK");
  }

  @Test
  void the_built_in_tsa_answers_an_openssl_query_over_http() throws Exception {
    Path data = Files.write(dir.resolve("data.bin"), Fixtures.png(92));
    Path query = dir.resolve("request.tsq");
    openssl("ts", "-query", "-data", data.toString(), "-sha256", "-cert", "-out", query.toString());

    byte[] reply = given().contentType("application/timestamp-query").body(Files.readAllBytes(query))
        .post("/api/v1/tsa").then().statusCode(200).contentType("application/timestamp-reply").extract().asByteArray();
    Path response = Files.write(dir.resolve("reply.tsr"), reply);

    assertThat(openssl("ts", "-verify", "-in", response.toString(), "-queryfile", query.toString(),
        "-CAfile", roots.toString())).contains("Verification: OK");
    assertThat(openssl("ts", "-reply", "-in", response.toString(), "-text")).contains("Status: Granted");
    given().contentType("application/timestamp-query").body("garbage".getBytes(StandardCharsets.US_ASCII))
        .post("/api/v1/tsa").then().statusCode(400).contentType("application/problem+json")
        .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("java.")));
  }

  @Test
  void a_revoked_technologist_can_no_longer_sign() {
    SignerIdentity tech = identities.enrol(SignerIdentity.Kind.TECHNOLOGIST, "RT Gone " + UUID.randomUUID(), null);
    identities.revoke(tech.id(), "left");

    assertThatThrownBy(() -> identities.signingKey(tech.id()))
        .isInstanceOf(InvalidSubmissionException.class)
        .hasMessageContaining("can no longer sign");
  }
}
