package org.evidencenotary.notary.portal;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The public portal's pages, and that the API beside them answers as before. */
@QuarkusTest
class PortalPagesTest {
  private static final String CASE_REFERENCE = "CV-2026-PORTAL-77";
  private static final String DESCRIPTION = "chest PA of a named patient";
  private static final String FILE_NAME = "portal-secret-name.png";
  private static final String SUBMITTER = "Dr Portal Submitter";

  private static String notarizeWithMetadata(byte[] bytes) {
    Response created = given()
        .multiPart("file", FILE_NAME, bytes, "image/png")
        .multiPart("metadata", "{\"caseReference\":\"" + CASE_REFERENCE + "\",\"description\":\"" + DESCRIPTION
            + "\",\"submitter\":\"" + SUBMITTER + "\"}", "application/json")
        .when().post("/api/v1/evidence");
    created.then().statusCode(201);
    return created.jsonPath().getString("id");
  }

  @Test
  void root_with_accept_html_is_the_verification_page() throws Exception {
    given().accept("text/html").get("/").then().statusCode(200)
        .contentType(startsWith("text/html"))
        .header("Content-Security-Policy", containsString("default-src 'none'"))
        .body(containsString("<html lang=\"en\">"))
        .body(containsString("<h1>Check a file</h1>"))
        .body(containsString("<label for=\"file\">"))
        .body(containsString("data-verdict=\"PIXELS_AUTHENTIC_HEADER_CHANGED\""))
        .body(containsString("src=\"/portal/portal.js\""));
  }

  @Test
  void root_as_a_browser_asks_for_it_is_the_verification_page() throws Exception {
    given().header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        .get("/").then().statusCode(200).contentType(startsWith("text/html"));
  }

  @Test
  void root_for_a_client_that_takes_only_json_is_not_acceptable() throws Exception {
    given().accept("application/json").get("/").then().statusCode(406)
        .contentType(startsWith("application/problem+json"));
  }

  @Test
  void evidence_page_shows_the_public_facts_and_no_declared_metadata() throws Exception {
    byte[] png = Fixtures.png(41);
    String id = notarizeWithMetadata(png);

    String page = given().accept("text/html").get("/evidence/" + id).then().statusCode(200)
        .contentType(startsWith("text/html")).extract().asString();

    assertThat(page).contains(Sha256.digest(png).hex(), id, "image/png", "Status: anchored",
        "/portal/evidence/" + id + "/check", "data-evidence-id=\"" + id + "\"");
    assertThat(page).doesNotContain(CASE_REFERENCE, DESCRIPTION, FILE_NAME, SUBMITTER);
  }

  @Test
  void the_evidence_pages_check_compares_a_file_with_this_evidence_without_a_sign_in() throws Exception {
    byte[] png = Fixtures.png(45);
    String id = notarizeWithMetadata(png);
    String check = "/portal/evidence/" + id + "/check";

    Api.anonymous().multiPart("file", "copy.png", png, "image/png").post(check)
        .then().statusCode(200).body("verdict", equalTo("AUTHENTIC")).body("evidenceId", equalTo(id));
    Api.anonymous().multiPart("file", "copy.png", Fixtures.withFlippedByte(png, png.length - 20), "image/png")
        .post(check).then().statusCode(200).body("verdict", equalTo("MODIFIED"));
    Api.anonymous().multiPart("file", "copy.png", png, "image/png")
        .post("/portal/evidence/00000000-0000-4000-8000-000000000000/check").then().statusCode(404);
  }

  @Test
  void unknown_and_malformed_evidence_ids_get_the_not_found_page() throws Exception {
    for (String id : new String[] {"00000000-0000-4000-8000-000000000000", "not-an-id", "..%2F..%2Fetc"}) {
      given().accept("text/html").get("/evidence/" + id).then().statusCode(404)
          .contentType(startsWith("text/html"))
          .body(containsString("No evidence with this number"));
    }
  }

  @Test
  void portal_script_and_styles_are_served_by_the_service_itself() throws Exception {
    given().get("/portal/portal.js").then().statusCode(200)
        .header("X-Content-Type-Options", "nosniff")
        .body(containsString("/api/v1/verify"));
    given().get("/portal/portal.css").then().statusCode(200).contentType(startsWith("text/css"));
  }

  @Test
  void the_api_answers_as_before_beside_the_pages() throws Exception {
    String id = notarizeWithMetadata(Fixtures.png(42));
    given().accept("text/html,*/*;q=0.8").get("/api/v1/evidence/" + id).then().statusCode(200)
        .contentType(startsWith("application/json"))
        .body("caseReference", equalTo(CASE_REFERENCE));
    given().get("/api/v1/evidence/00000000-0000-4000-8000-000000000000").then().statusCode(404)
        .contentType(startsWith("application/problem+json")).body("type", containsString("evidence-not-found"));
    given().get("/no-such-page").then().statusCode(404).contentType(startsWith("application/problem+json"));
    given().get("/api/v1/verify").then().statusCode(405).contentType(startsWith("application/problem+json"));
    given().get("/q/health/ready").then().statusCode(200);
    String openapi = given().get("/q/openapi").then().statusCode(200).extract().asString();
    assertThat(openapi).contains("/api/v1/verify").doesNotContain("/portal/", "\n  /evidence/", "\n  /:");
  }

  @Test
  void certificate_proof_gives_the_proof_bundle_attached_to_the_certificate() throws Exception {
    String id = notarizeWithMetadata(Fixtures.png(43));
    byte[] pdf = given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200)
        .extract().asByteArray();

    String proof = given().body(pdf).contentType("application/pdf").post("/portal/certificate-proof")
        .then().statusCode(200).contentType(startsWith("application/json")).extract().asString();

    assertThat(proof).contains(id, "evidence-notary-proof/v1");
  }

  @Test
  void certificate_proof_refuses_a_file_that_is_not_a_certificate() throws Exception {
    given().body("%PDF-1.7 not really".getBytes(StandardCharsets.US_ASCII)).contentType("application/pdf")
        .post("/portal/certificate-proof").then().statusCode(400)
        .contentType(startsWith("application/problem+json"));
    given().body(Fixtures.png(44)).contentType("application/pdf")
        .post("/portal/certificate-proof").then().statusCode(400);
  }
}
