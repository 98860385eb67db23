package org.evidencenotary.notary.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.evidencenotary.notary.config.AuthConfig;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Sign-in: only tokens the configured issuer signed, unexpired, for this issuer, get in; the
 * embedded issuer signs only what an administrator may ask for.
 */
@QuarkusTest
class SignInTest {
  private static final String INVALID = "error=\"invalid_token\"";

  @Inject TokenKeys keys;
  @Inject AuthConfig config;

  private String token(PrivateKey key, String issuer, Instant expires) {
    return Jwt.issuer(issuer).upn("Mallory").groups(Set.of(Roles.ADMIN)).issuedAt(expires.minusSeconds(3600))
        .expiresAt(expires).jws().algorithm(SignatureAlgorithm.ES256).keyId(keys.keyId()).sign(key);
  }

  private static void refused(String token) {
    Api.anonymous().header("Authorization", "Bearer " + token).get("/api/v1/auth/me")
        .then().statusCode(401).contentType("application/problem+json")
        .header("WWW-Authenticate", containsString(INVALID));
  }

  @Test
  void a_token_of_the_embedded_issuer_signs_in_with_its_name_and_role() {
    Api.anonymous().header(Api.as(Roles.INSURER)).get("/api/v1/auth/me")
        .then().statusCode(200).body("name", equalTo("test insurer")).body("roles[0]", equalTo("insurer"));
    Api.anonymous().header(Fixtures.admin()).get("/api/v1/auth/me")
        .then().statusCode(200).body("name", equalTo(NotaryAuthMechanism.ADMIN_TOKEN_NAME))
        .body("roles[0]", equalTo("admin"));
  }

  @Test
  void expired_foreign_wrongly_issued_and_malformed_tokens_are_401_invalid_token() throws Exception {
    Instant inAnHour = Instant.now().plusSeconds(3600);
    refused(token(keys.signingKey(), config.issuer(), Instant.now().minusSeconds(120)));
    refused(token(keys.signingKey(), "https://somebody-else.example", inAnHour));
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    refused(token(generator.generateKeyPair().getPrivate(), config.issuer(), inAnHour));
    refused("not.a.token");
    // A valid token with its signature cut off.
    String valid = Api.as(Roles.ADMIN).getValue().substring("Bearer ".length());
    refused(valid.substring(0, valid.lastIndexOf('.') + 1));
  }

  @Test
  void two_authorization_headers_are_refused_not_guessed_between() {
    Api.anonymous().header(Api.as(Roles.VERIFIER)).get("/api/v1/auth/me").then().statusCode(200);
    io.restassured.RestAssured.given().header(Api.as(Roles.VERIFIER)).header(Fixtures.admin())
        .get("/api/v1/auth/me").then().statusCode(401);
  }

  @Test
  void the_admin_issues_tokens_and_refuses_what_is_not_a_role_a_name_or_an_active_identity() {
    String token = Api.anonymous().header(Fixtures.admin()).contentType("application/json")
        .body("{\"role\":\"verifier\",\"name\":\"Clerk A\",\"lifetime\":\"PT1H\"}").post("/api/v1/auth/tokens")
        .then().statusCode(200).body("roles[0]", equalTo("verifier")).body("name", equalTo("Clerk A"))
        .extract().path("token");
    Api.anonymous().header("Authorization", "Bearer " + token).get("/api/v1/auth/me")
        .then().statusCode(200).body("name", equalTo("Clerk A"));

    for (String body : new String[] {
        "{\"role\":\"judge\",\"name\":\"X\"}",
        "{\"role\":\"verifier\",\"name\":\"  \"}",
        "{\"role\":\"verifier\",\"name\":\"X\",\"lifetime\":\"P365D\"}",
        "{\"role\":\"verifier\",\"name\":\"X\",\"lifetime\":\"soon\"}",
        "{\"role\":\"verifier\",\"name\":\"X\",\"identity\":\"" + enrol() + "\"}"}) {
      Api.anonymous().header(Fixtures.admin()).contentType("application/json").body(body).post("/api/v1/auth/tokens")
          .then().statusCode(400).contentType("application/problem+json");
    }
    Api.anonymous().header(Fixtures.admin()).contentType("application/json")
        .body("{\"role\":\"acquirer\",\"name\":\"X\",\"identity\":\"" + UUID.randomUUID() + "\"}")
        .post("/api/v1/auth/tokens").then().statusCode(404);
    String revoked = enrol();
    Api.anonymous().header(Fixtures.admin()).contentType("application/json").body("{}")
        .post("/api/v1/identities/" + revoked + "/revoke").then().statusCode(200);
    Api.anonymous().header(Fixtures.admin()).contentType("application/json")
        .body("{\"role\":\"acquirer\",\"name\":\"X\",\"identity\":\"" + revoked + "\"}")
        .post("/api/v1/auth/tokens").then().statusCode(400);
  }

  @Test
  void a_revoked_token_no_longer_signs_in_and_revoking_again_changes_nothing() {
    var issued = Api.anonymous().header(Fixtures.admin()).contentType("application/json")
        .body("{\"role\":\"verifier\",\"name\":\"Clerk Lost Laptop\"}").post("/api/v1/auth/tokens")
        .then().statusCode(200).extract().jsonPath();
    String token = issued.getString("token");
    String id = issued.getString("id");
    Api.anonymous().header("Authorization", "Bearer " + token).get("/api/v1/auth/me").then().statusCode(200);

    String revokedAt = Api.anonymous().header(Fixtures.admin()).post("/api/v1/auth/tokens/" + id + "/revoke")
        .then().statusCode(200).body("id", equalTo(id)).extract().path("revokedAt");

    refused(token);
    Api.anonymous().header(Fixtures.admin()).post("/api/v1/auth/tokens/" + id + "/revoke")
        .then().statusCode(200).body("revokedAt", equalTo(revokedAt));
    Api.anonymous().header(Fixtures.admin()).post("/api/v1/auth/tokens/not-a-token-id/revoke")
        .then().statusCode(400).contentType("application/problem+json");
    Api.anonymous().header(Api.as(Roles.VERIFIER)).get("/api/v1/auth/me").then().statusCode(200);
  }

  @Test
  void only_the_admin_role_issues_tokens() {
    Api.anonymous().header(Api.as(Roles.VERIFIER)).contentType("application/json")
        .body("{\"role\":\"admin\",\"name\":\"Me\"}").post("/api/v1/auth/tokens").then().statusCode(403);
    assertThat(Roles.ALL).contains(Roles.ADMIN);
  }

  private static String enrol() {
    return Fixtures.enrol("{\"kind\":\"TECHNOLOGIST\",\"name\":\"RT Tokens " + UUID.randomUUID() + "\"}").getString("id");
  }
}
