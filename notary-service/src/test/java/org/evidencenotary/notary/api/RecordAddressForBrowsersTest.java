package org.evidencenotary.notary.api;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Certificates issued before the portal put the JSON record's address in their QR code: a browser
 * opening it lands on the public evidence page; programs still get the record, with a token.
 */
@QuarkusTest
class RecordAddressForBrowsersTest {
  private static final String BROWSER_ACCEPT =
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

  @Test
  void a_browser_is_sent_to_the_public_page_and_a_program_gets_the_record_or_401() throws Exception {
    String id = Api.given().body(Fixtures.png(4242)).contentType("image/png").post("/api/v1/evidence")
        .then().statusCode(201).extract().path("id");

    Api.anonymous().header("Accept", BROWSER_ACCEPT).header("Host", "attacker.example").redirects().follow(false)
        .get("/api/v1/evidence/" + id)
        .then().statusCode(303).header("Location", equalTo("/evidence/" + id));
    Api.anonymous().header("Accept", BROWSER_ACCEPT).get("/api/v1/evidence/" + id)
        .then().statusCode(200).contentType("text/html");

    Api.anonymous().get("/api/v1/evidence/" + id).then().statusCode(401);
    Api.anonymous().accept("application/json").get("/api/v1/evidence/" + id).then().statusCode(401);
    Api.anonymous().header(Api.as(Roles.VERIFIER)).accept("application/json").get("/api/v1/evidence/" + id)
        .then().statusCode(200).body("id", equalTo(id));
    Api.anonymous().header(Api.as(Roles.VERIFIER)).get("/api/v1/evidence/" + id)
        .then().statusCode(200).contentType("application/json");
    // Signed in with a role that reads records: the record, whatever the client accepts.
    Api.anonymous().header(Api.as(Roles.AUDITOR)).header("Accept", BROWSER_ACCEPT).redirects().follow(false)
        .get("/api/v1/evidence/" + id).then().statusCode(200).contentType("application/json")
        .body("id", equalTo(id));

    // A malformed id is a 404 for browsers too, never a redirect to wherever it points.
    Api.anonymous().header("Accept", BROWSER_ACCEPT).redirects().follow(false)
        .get("/api/v1/evidence/..%2F..%2Fq%2Fhealth").then().statusCode(404);
  }
}
