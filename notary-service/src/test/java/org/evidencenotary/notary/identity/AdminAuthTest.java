package org.evidencenotary.notary.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Changing identities needs the admin role (the admin token, or a token with that role); reading
 * them needs admin or auditor; a signer's certificate, the CRL and the roots are public.
 */
@QuarkusTest
class AdminAuthTest {
  private static final String UNAUTHORIZED = "urn:evidence-notary:problem:unauthorized";

  @Inject IdentityRegistry registry;

  private static String body(String name) {
    return "{\"kind\":\"TECHNOLOGIST\",\"name\":\"" + name + " " + UUID.randomUUID() + "\"}";
  }

  @Test
  void enrolment_without_a_token_is_401_with_a_bearer_challenge_and_enrols_nothing() {
    int before = registry.list().size();

    given().contentType("application/json").body(body("RT No Token")).post("/api/v1/identities")
        .then().statusCode(401).contentType("application/problem+json")
        .header("WWW-Authenticate", equalTo("Bearer realm=\"evidence-notary\""))
        .body("type", equalTo(UNAUTHORIZED)).body("detail", containsString("Authorization: Bearer"));

    assertThat(registry.list()).hasSize(before);
  }

  @Test
  void enrolment_with_a_wrong_token_is_401_invalid_token() {
    int before = registry.list().size();

    given().header("Authorization", "Bearer " + "x".repeat(43)).contentType("application/json")
        .body(body("RT Wrong Token")).post("/api/v1/identities")
        .then().statusCode(401).contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
        .body("type", equalTo(UNAUTHORIZED));
    given().header("Authorization", Fixtures.admin().getValue().replace("Bearer ", "Basic "))
        .contentType("application/json").body(body("RT Basic")).post("/api/v1/identities")
        .then().statusCode(401);

    assertThat(registry.list()).hasSize(before);
  }

  @Test
  void revocation_without_the_token_is_401_and_the_identity_stays_active() {
    String id = Fixtures.enrol(body("RT Stays")).getString("id");

    given().contentType("application/json").body("{\"reason\":\"not allowed\"}")
        .post("/api/v1/identities/" + id + "/revoke").then().statusCode(401).contentType("application/problem+json");

    assertThat(registry.get(id).status()).isEqualTo(SignerIdentity.Status.ACTIVE);
    given().header("Authorization", Fixtures.admin().getValue().replace("Bearer ", "bearer "))
        .contentType("application/json").body("{}").post("/api/v1/identities/" + id + "/revoke")
        .then().statusCode(200).body("status", equalTo("REVOKED"));
  }

  @Test
  void certificates_the_crl_and_the_trust_roots_are_public_and_identities_need_admin_or_auditor() {
    String id = Fixtures.enrol(body("RT Public")).getString("id");

    given().get("/api/v1/identities").then().statusCode(401);
    given().get("/api/v1/identities/" + id).then().statusCode(401);
    given().header(Api.as(Roles.VERIFIER)).get("/api/v1/identities/" + id).then().statusCode(403);
    given().header(Api.as(Roles.AUDITOR)).get("/api/v1/identities").then().statusCode(200);
    given().header(Api.as(Roles.AUDITOR)).get("/api/v1/identities/" + id).then().statusCode(200).body("id", equalTo(id));
    given().get("/api/v1/identities/" + id + "/certificate.pem").then().statusCode(200);
    given().get("/api/v1/identities/crl").then().statusCode(200).contentType("application/pkix-crl");
    given().get("/api/v1/trust/roots.pem").then().statusCode(200);
  }
}
