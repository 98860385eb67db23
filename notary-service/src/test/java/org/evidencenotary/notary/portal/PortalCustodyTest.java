package org.evidencenotary.notary.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencenotary.notary.testing.Api.anonymous;
import static org.evidencenotary.notary.testing.Api.given;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.testing.Api;
import org.junit.jupiter.api.Test;

/**
 * The public evidence page and the portal's custody answer list the chain of custody in its public
 * form, to anonymous visitors: what, in which role, when, where on the ledger; never who or why.
 */
@QuarkusTest
class PortalCustodyTest {

  private static String notarized() {
    byte[] bytes = ("custody on the portal " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    return given().body(bytes).contentType("application/octet-stream").post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");
  }

  private static JsonPath custodyListing(String id) {
    return given().get("/api/v1/evidence/" + id + "/custody").then().statusCode(200).extract().jsonPath();
  }

  @Test
  void the_evidence_page_lists_each_release_in_a_table_for_anonymous_visitors() {
    String id = notarized();
    Api.anonymous().header(Api.as(Roles.VERIFIER)).queryParam("purpose", "court order 99/2026")
        .get("/api/v1/evidence/" + id + "/original").then().statusCode(200);
    given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200);
    JsonPath listing = custodyListing(id);

    String page = anonymous().accept("text/html").get("/evidence/" + id).then().statusCode(200).extract().asString();

    assertThat(page).contains("<h2 id=\"custody-title\">Chain of custody</h2>")
        .contains("<caption>Releases of evidence " + id + ", oldest first</caption>")
        .contains("<th scope=\"col\">What was released</th>")
        .contains("<th scope=\"row\">1</th><td>Original exported</td><td>verifier</td>")
        .contains("<th scope=\"row\">2</th><td>Certificate issued</td>")
        .contains(listing.getString("events[0].ledger.txId"))
        .contains(listing.getString("events[1].ledger.txId"))
        .contains("datetime=\"" + listing.getString("events[0].ledger.recordedAt") + "\"");
    assertThat(page).as("no names, purposes or addresses on the public page")
        .doesNotContain("test verifier").doesNotContain("court order 99/2026").doesNotContain("127.0.0.1");
  }

  @Test
  void the_evidence_page_of_evidence_never_released_says_so() {
    String page = anonymous().accept("text/html").get("/evidence/" + notarized()).then().statusCode(200).extract()
        .asString();

    assertThat(page).contains("Nothing of this evidence has been released yet.").doesNotContain("<table class=\"custody\"");
  }

  @Test
  void the_portal_custody_answer_is_public_and_holds_no_names() {
    String id = notarized();
    given().queryParam("purpose", "claim 5").get("/api/v1/evidence/" + id + "/original").then().statusCode(200);

    var answer = anonymous().accept("application/json").get("/portal/evidence/" + id + "/custody")
        .then().statusCode(200).extract();

    assertThat(answer.jsonPath().getList("events.actionText")).containsExactly("Original exported");
    assertThat(answer.jsonPath().getString("events[0].roleText")).isEqualTo("acquirer, verifier, insurer, auditor, admin");
    assertThat(answer.jsonPath().getBoolean("available")).isTrue();
    assertThat(answer.asString()).doesNotContain("test suite").doesNotContain("claim 5").doesNotContain("127.0.0.1");
  }

  @Test
  void reading_the_public_custody_records_no_custody_event() {
    String id = notarized();
    anonymous().get("/portal/evidence/" + id + "/custody").then().statusCode(200);
    anonymous().accept("text/html").get("/evidence/" + id).then().statusCode(200);

    assertThat(custodyListing(id).getList("events")).isEmpty();
  }

  @Test
  void the_portal_custody_answer_for_unknown_evidence_is_not_found() {
    anonymous().get("/portal/evidence/" + UUID.randomUUID() + "/custody").then().statusCode(404);
  }
}
