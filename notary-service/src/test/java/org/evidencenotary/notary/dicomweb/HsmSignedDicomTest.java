package org.evidencenotary.notary.dicomweb;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.evidencenotary.notary.dicom.Dcmtk;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.pki.HsmProfile;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A DICOM signature made with a key that stays in a PKCS#11 token (SoftHSM2), checked by dcmsign. */
@QuarkusTest
@TestProfile(HsmProfile.class)
class HsmSignedDicomTest {
  @TempDir Path dir;

  @Test
  void a_token_held_technologist_key_signs_the_dicom_copy_and_dcmsign_verifies_it() throws Exception {
    String technologist = Fixtures.enrol("{\"kind\":\"TECHNOLOGIST\",\"name\":\"RT Token " + UUID.randomUUID() + "\",\"keyStorage\":\"PKCS11\"}").getString("id");
    String id = given().body(DicomTestFiles.ct(System.nanoTime(), 16, 16, 1, "1.2.3.4.9", 1))
        .contentType("application/dicom")
        .header(Api.signer(technologist)).queryParam("signer", technologist).post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");
    Path signed = Files.write(dir.resolve("signed.dcm"),
        given().get("/api/v1/evidence/" + id + "/signed.dcm").then().statusCode(200).extract().asByteArray());
    Path roots = Files.writeString(dir.resolve("roots.pem"), given().get("/api/v1/trust/roots.pem").asString());

    Dcmtk.Result result = Dcmtk.exec("dcmsign", Map.of(), "--verify", "-v", "+cf", roots.toString(),
        signed.toString());

    assertThat(result.output()).contains("Signature Verification      : OK").contains("RT Token");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void a_token_held_rsa_key_signs_a_copy_that_meets_the_authorization_profile() throws Exception {
    String technologist = Fixtures.enrol("{\"kind\":\"TECHNOLOGIST\",\"name\":\"RT Token Rsa " + UUID.randomUUID()
            + "\",\"keyStorage\":\"PKCS11\",\"keyAlgorithm\":\"RSA\"}").getString("id");
    String id = given().body(DicomTestFiles.ct(System.nanoTime(), 16, 16, 1, "1.2.3.4.19", 1))
        .contentType("application/dicom")
        .header(Api.signer(technologist)).queryParam("signer", technologist).post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");
    Path signed = Files.write(dir.resolve("rsa-signed.dcm"),
        given().get("/api/v1/evidence/" + id + "/signed.dcm").then().statusCode(200).extract().asByteArray());
    Path roots = Files.writeString(dir.resolve("roots.pem"), given().get("/api/v1/trust/roots.pem").asString());

    Dcmtk.Result result = Dcmtk.exec("dcmsign", Map.of(), "--verify", "-v", "+ru", "+cf", roots.toString(),
        signed.toString());

    assertThat(result.output()).contains("Signature Verification      : OK").contains("RT Token Rsa");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }
}
