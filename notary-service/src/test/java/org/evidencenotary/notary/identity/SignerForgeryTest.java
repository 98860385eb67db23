package org.evidencenotary.notary.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.evidence.EvidenceRepository;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * A key signs only for the person or device it belongs to, in a request made with their own
 * token: naming an enrolled identity as {@code signer} proves nothing (issue 15's forgery).
 */
@QuarkusTest
class SignerForgeryTest {
  @Inject EvidenceRepository repository;

  private static String enrol(String name) {
    return Fixtures.enrol("{\"kind\":\"TECHNOLOGIST\",\"name\":\"" + name + " " + UUID.randomUUID() + "\"}")
        .getString("id");
  }

  private static byte[] exhibit(String what) {
    return (what + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void another_acquirer_naming_a_technologist_as_signer_is_403_and_nothing_is_kept() {
    String technologist = enrol("RT Forged");
    byte[] bytes = exhibit("forged signature");

    Api.anonymous().header(Api.as(Roles.ACQUIRER)).body(bytes).contentType("application/octet-stream")
        .queryParam("signer", technologist).post("/api/v1/evidence")
        .then().statusCode(403).contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:not-the-signer"));
    Api.anonymous().header(Api.as(Roles.ACQUIRER)).multiPart("file", "x.bin", bytes, "application/octet-stream")
        .multiPart("metadata", "{\"signer\":\"" + technologist + "\"}", "application/json").post("/api/v1/evidence")
        .then().statusCode(403);

    assertThat(repository.findByDigest(Sha256.digest(bytes).hex())).isEmpty();
  }

  @Test
  void a_technologists_token_cannot_sign_as_another_technologist() {
    String alice = enrol("RT Alice");
    String bob = enrol("RT Bob");
    byte[] bytes = exhibit("signed as someone else");

    Api.anonymous().header(Api.signer(alice)).body(bytes).contentType("application/octet-stream")
        .queryParam("signer", bob).post("/api/v1/evidence").then().statusCode(403);

    assertThat(repository.findByDigest(Sha256.digest(bytes).hex())).isEmpty();
  }

  @Test
  void a_technologists_own_token_signs_her_acquisitions_without_naming_herself() {
    String technologist = enrol("RT Own Token");
    byte[] bytes = exhibit("signed by its technologist");

    String id = Api.anonymous().header(Api.signer(technologist)).body(bytes).contentType("application/octet-stream")
        .post("/api/v1/evidence").then().statusCode(201).extract().path("id");

    assertThat(repository.findById(id).orElseThrow().signerId()).isEqualTo(technologist);
  }

  @Test
  void an_acquirer_token_without_an_identity_notarizes_unsigned() {
    byte[] bytes = exhibit("unsigned");

    String id = Api.anonymous().header(Api.as(Roles.ACQUIRER)).body(bytes).contentType("application/octet-stream")
        .post("/api/v1/evidence").then().statusCode(201).extract().path("id");

    assertThat(repository.findById(id).orElseThrow().signerId()).isNull();
  }
}
