package org.evidencenotary.notary.timestamping;

import static org.evidencenotary.notary.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.evidencenotary.notary.identity.IdentityRegistry;
import org.evidencenotary.notary.identity.SignerIdentity;
import org.evidencenotary.notary.testing.Api;
import org.junit.jupiter.api.Test;

/** The configured outside TSA is down: what needs a time-stamp fails with 503 and keeps nothing. */
@QuarkusTest
@TestProfile(TsaDownProfile.class)
class TsaDownTest {
  private static final String UNAVAILABLE = "urn:evidence-notary:problem:tsa-unavailable";

  @Inject IdentityRegistry identities;

  @Test
  void a_signed_notarization_fails_with_503_and_nothing_is_kept() {
    String technologist = identities.enrol(SignerIdentity.Kind.TECHNOLOGIST, "RT Down " + UUID.randomUUID(), null).id();
    byte[] exhibit = ("no time today " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

    given().body(exhibit).contentType("application/octet-stream")
        .header(Api.signer(technologist)).queryParam("signer", technologist)
        .post("/api/v1/evidence").then().statusCode(503).contentType("application/problem+json")
        .body("type", equalTo(UNAVAILABLE))
        .body("detail", containsString("cannot be reached"));

    given().body(exhibit).contentType("application/octet-stream").post("/api/v1/verify")
        .then().statusCode(200).body("verdict", equalTo("UNKNOWN"));
  }

  @Test
  void no_certificate_is_issued_without_a_time_stamp() {
    String id = given().body(("unsigned, needs no stamp " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))
        .contentType("application/octet-stream").post("/api/v1/evidence").then().statusCode(201)
        .extract().jsonPath().getString("id");

    given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(503)
        .contentType("application/problem+json").body("type", equalTo(UNAVAILABLE));
  }
}
