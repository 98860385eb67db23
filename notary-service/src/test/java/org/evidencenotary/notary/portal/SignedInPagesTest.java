package org.evidencenotary.notary.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.evidencenotary.notary.auth.RevokedTokens;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.auth.SignInCookie;
import org.evidencenotary.notary.auth.TokenIssuer;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * The browser's sign-in (cookie, origin checks, sign-out) and the signed-in pages: the hospital
 * view and its search, the audit view, and how they refuse, as pages.
 */
@QuarkusTest
class SignedInPagesTest {
  private static final String SAME_ORIGIN = "same-origin";

  private static String token(String role) {
    return Api.as(role).getValue().substring("Bearer ".length());
  }

  private static Response signIn(String token, String next) {
    var request = RestAssured.given().redirects().follow(false).header("Sec-Fetch-Site", SAME_ORIGIN)
        .contentType("application/x-www-form-urlencoded").formParam("token", token);
    if (next != null) {
      request = request.formParam("next", next);
    }
    return request.post("/portal/sign-in");
  }

  private static String notarize(byte[] bytes, String fileName, String caseReference) {
    Response created = Api.anonymous().header(Api.as(Roles.ACQUIRER))
        .multiPart("file", fileName, bytes, "application/dicom")
        .multiPart("metadata", "{\"caseReference\":\"" + caseReference + "\"}", "application/json")
        .post("/api/v1/evidence");
    assertThat(created.statusCode()).as(created.asString()).isIn(201, 202);
    return created.jsonPath().getString("id");
  }

  @Test
  void sign_in_with_a_valid_token_sets_an_http_only_strict_cookie_for_the_tokens_lifetime() {
    Response answer = signIn(token(Roles.ACQUIRER), null);
    answer.then().statusCode(303).header("Location", equalTo("/hospital"));
    String cookie = answer.getHeader("Set-Cookie");
    assertThat(cookie).startsWith(SignInCookie.NAME + "=ey").contains("; HttpOnly").contains("; SameSite=Strict")
        .contains("; Path=/").doesNotContain("Secure");
    long maxAge = Long.parseLong(cookie.replaceAll(".*Max-Age=(\\d+).*", "$1"));
    assertThat(maxAge).isBetween(Duration.ofHours(7).toSeconds(), Duration.ofHours(24).toSeconds());
  }

  @Test
  void sign_in_behind_https_marks_the_cookie_secure() {
    Response answer = RestAssured.given().redirects().follow(false).header("Sec-Fetch-Site", SAME_ORIGIN)
        .header("X-Forwarded-Proto", "https").contentType("application/x-www-form-urlencoded")
        .formParam("token", token(Roles.AUDITOR)).post("/portal/sign-in");
    answer.then().statusCode(303).header("Location", containsString("/audit"));
    assertThat(answer.getHeader("Set-Cookie")).contains("; Secure");
  }

  @Test
  void sign_in_goes_back_to_a_local_page_but_never_to_another_site() {
    signIn(token(Roles.AUDITOR), "/hospital?modality=CT").then().statusCode(303)
        .header("Location", containsString("/hospital?modality=CT"));
    signIn(token(Roles.AUDITOR), "//attacker.example/x").then().statusCode(303)
        .header("Location", not(containsString("attacker")));
    signIn(token(Roles.AUDITOR), "https://attacker.example/").then().statusCode(303)
        .header("Location", not(containsString("attacker")));
  }

  @Test
  void sign_in_refuses_a_revoked_token_and_says_so() throws Exception {
    var issued = Arc.container().instance(TokenIssuer.class).get()
        .issue(new TokenIssuer.TokenRequest(Set.of(Roles.INSURER), "soon revoked", null, null));
    Arc.container().instance(RevokedTokens.class).get().revoke(issued.id());
    Response answer = signIn(issued.token(), null);
    answer.then().statusCode(400).contentType(startsWith("text/html")).body(containsString("revoked"));
    assertThat(answer.getHeader("Set-Cookie")).isNull();
  }

  @Test
  void sign_in_refuses_what_is_not_a_token_of_this_issuer() {
    signIn("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", null).then().statusCode(400)
        .body(containsString("not accepted here")).header("Set-Cookie", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void sign_in_refuses_the_admin_token() {
    String admin = Fixtures.admin().getValue().substring("Bearer ".length());
    signIn(admin, null).then().statusCode(400).body(containsString("command line"));
  }

  @Test
  void sign_in_started_by_another_site_is_refused() {
    Response answer = RestAssured.given().redirects().follow(false).header("Sec-Fetch-Site", "cross-site")
        .contentType("application/x-www-form-urlencoded").formParam("token", token(Roles.ACQUIRER))
        .post("/portal/sign-in");
    answer.then().statusCode(403).contentType(startsWith("text/html"));
    assertThat(answer.getHeader("Set-Cookie")).isNull();
    RestAssured.given().redirects().follow(false).header("Origin", "https://attacker.example")
        .contentType("application/x-www-form-urlencoded").formParam("token", token(Roles.ACQUIRER))
        .post("/portal/sign-in").then().statusCode(403);
  }

  @Test
  void the_cookie_signs_pages_in_and_the_header_says_who_with_which_roles() {
    RestAssured.given().cookie(SignInCookie.NAME, token(Roles.ACQUIRER)).get("/hospital").then().statusCode(200)
        .contentType(startsWith("text/html"))
        .body(containsString("Signed in as <strong>test acquirer</strong>"))
        .body(containsString("role: acquirer"))
        .body(containsString("action=\"/portal/sign-out\""));
    RestAssured.given().get("/").then().statusCode(200).body(containsString("href=\"/sign-in\""))
        .body(not(containsString("Signed in as")));
  }

  @Test
  void the_cookie_works_for_the_api_when_reading() {
    RestAssured.given().cookie(SignInCookie.NAME, token(Roles.ACQUIRER)).get("/api/v1/auth/me").then()
        .statusCode(200).body(containsString("test acquirer"));
  }

  @Test
  void a_post_another_site_makes_with_the_cookie_is_anonymous_and_one_from_our_pages_is_signed_in() {
    String insurer = token(Roles.INSURER);
    RestAssured.given().cookie(SignInCookie.NAME, insurer).header("Origin", "https://attacker.example")
        .multiPart("file", "a.bin", "x".getBytes(), "application/octet-stream")
        .post("/api/v1/verify/batch").then().statusCode(401);
    RestAssured.given().cookie(SignInCookie.NAME, insurer).header("Sec-Fetch-Site", "same-site")
        .multiPart("file", "a.bin", "x".getBytes(), "application/octet-stream")
        .post("/api/v1/verify/batch").then().statusCode(401);
    RestAssured.given().cookie(SignInCookie.NAME, insurer).header("Sec-Fetch-Site", SAME_ORIGIN)
        .multiPart("file", "a.bin", "x".getBytes(), "application/octet-stream")
        .post("/api/v1/verify/batch").then().statusCode(200);
  }

  @Test
  void an_authorization_header_wins_over_the_cookie() {
    RestAssured.given().cookie(SignInCookie.NAME, token(Roles.INSURER)).header(Api.as(Roles.AUDITOR))
        .get("/api/v1/auth/me").then().statusCode(200).body(containsString("test auditor"));
  }

  @Test
  void sign_out_drops_the_cookie_and_another_site_cannot_sign_you_out() {
    Response out = RestAssured.given().redirects().follow(false).header("Sec-Fetch-Site", SAME_ORIGIN)
        .cookie(SignInCookie.NAME, token(Roles.ACQUIRER)).post("/portal/sign-out");
    out.then().statusCode(303).header("Location", containsString("/sign-in?signed-out"));
    assertThat(out.getHeader("Set-Cookie")).startsWith(SignInCookie.NAME + "=;").contains("Max-Age=0");
    RestAssured.given().redirects().follow(false).header("Sec-Fetch-Site", "cross-site")
        .post("/portal/sign-out").then().statusCode(403).header("Set-Cookie", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void a_role_the_page_is_not_for_gets_a_plain_403_page() {
    RestAssured.given().cookie(SignInCookie.NAME, token(Roles.INSURER)).get("/hospital").then().statusCode(403)
        .contentType(startsWith("text/html")).body(containsString("This page is not for your role"))
        .body(containsString("Signed in as <strong>test insurer</strong>")).body(not(containsString("Exception")));
    RestAssured.given().header(Api.as(Roles.ACQUIRER)).get("/audit").then().statusCode(403)
        .contentType(startsWith("text/html")).body(containsString("This page is not for your role"));
  }

  @Test
  void anonymous_gets_a_401_page_that_signs_in_and_comes_back() {
    RestAssured.given().get("/hospital?modality=CT").then().statusCode(401).contentType(startsWith("text/html"))
        .header("WWW-Authenticate", startsWith("Bearer"))
        .body(containsString("href=\"/sign-in?next=%2Fhospital%3Fmodality%3DCT\""));
    RestAssured.given().get("/audit").then().statusCode(401).body(containsString("Please sign in"));
  }

  @Test
  void a_cookie_that_no_longer_signs_in_gets_the_sign_in_page_and_is_dropped() {
    Response answer = RestAssured.given().cookie(SignInCookie.NAME, "eyJhbGciOiJFUzI1NiJ9.e30.AAAA").get("/audit");
    answer.then().statusCode(401).contentType(startsWith("text/html")).body(containsString("no longer valid"));
    assertThat(answer.getHeader("Set-Cookie")).startsWith(SignInCookie.NAME + "=;");
    // A public page shows to it as to anyone.
    RestAssured.given().cookie(SignInCookie.NAME, "eyJhbGciOiJFUzI1NiJ9.e30.AAAA").get("/").then().statusCode(200)
        .body(containsString("href=\"/sign-in\""));
  }

  @Test
  void the_hospital_view_lists_a_notarization_found_by_its_case_reference_and_not_by_another() {
    String reference = "CASE-" + UUID.randomUUID();
    String id = notarize(Fixtures.dicomFromScanner(8801), "knee-lateral.dcm", reference);
    String acquirer = token(Roles.ACQUIRER);
    RestAssured.given().cookie(SignInCookie.NAME, acquirer).queryParam("caseReference", reference)
        .get("/hospital").then().statusCode(200)
        .body(containsString("data-evidence-id=\"" + id + "\""))
        .body(containsString("href=\"/hospital/" + id + "\">knee-lateral.dcm</a>"))
        .body(containsString("CT ROOM 3 (Example Medical Scanner 64)"))
        .body(containsString("<th scope=\"col\">Status</th>"))
        .body(containsString("1 notarization that matches,"));
    RestAssured.given().cookie(SignInCookie.NAME, acquirer).queryParam("caseReference", reference + "-other")
        .get("/hospital").then().statusCode(200).body(not(containsString(id)))
        .body(containsString("No notarization matches this search"));
    RestAssured.given().cookie(SignInCookie.NAME, acquirer).queryParam("caseReference", reference)
        .queryParam("modality", "ot").queryParam("device", "sn-0042").get("/hospital").then().statusCode(200)
        .body(containsString(id));
    RestAssured.given().cookie(SignInCookie.NAME, acquirer).queryParam("caseReference", reference)
        .queryParam("modality", "MR").get("/hospital").then().statusCode(200).body(not(containsString(id)));
  }

  @Test
  void the_hospital_view_refuses_a_malformed_day_as_a_page() {
    RestAssured.given().cookie(SignInCookie.NAME, token(Roles.ACQUIRER)).queryParam("from", "31/12/2026")
        .get("/hospital").then().statusCode(400).contentType(startsWith("text/html"))
        .body(containsString("year-month-day"));
  }

  @Test
  void a_records_page_shows_its_digest_status_and_certificate() {
    String reference = "CASE-" + UUID.randomUUID();
    byte[] bytes = Fixtures.dicomFromScanner(8802);
    String id = notarize(bytes, "wrist.dcm", reference);
    String sha = org.evidencenotary.format.Sha256.digest(bytes).hex();
    RestAssured.given().cookie(SignInCookie.NAME, token(Roles.ACQUIRER)).get("/hospital/" + id).then()
        .statusCode(200).body(containsString(sha)).body(containsString(reference))
        .body(containsString("ANCHORED"))
        .body(containsString("href=\"/api/v1/evidence/" + id + "/certificate.pdf\""));
    RestAssured.given().cookie(SignInCookie.NAME, token(Roles.ACQUIRER)).get("/hospital/not-an-id").then()
        .statusCode(404).contentType(startsWith("text/html"));
  }

  @Test
  void the_search_api_lists_newest_first_and_says_when_it_cut_the_list() {
    String reference = "CASE-" + UUID.randomUUID();
    String older = notarize(Fixtures.dicomFromScanner(8805), "first.dcm", reference);
    String newer = notarize(Fixtures.dicomFromScanner(8806), "second.dcm", reference);
    Response found = Api.anonymous().header(Api.as(Roles.ACQUIRER)).queryParam("caseReference", reference)
        .queryParam("limit", "1").get("/api/v1/evidence");
    assertThat(found.jsonPath().getList("items.id", String.class)).containsExactly(newer);
    assertThat(found.jsonPath().getInt("matched")).isEqualTo(2);
    assertThat(found.jsonPath().getBoolean("truncated")).isTrue();
    assertThat(Api.anonymous().header(Api.as(Roles.ACQUIRER)).queryParam("caseReference", reference)
        .get("/api/v1/evidence").jsonPath().getList("items.id", String.class)).containsExactly(newer, older);
  }

  @Test
  void the_search_api_answers_machines_with_the_same_list() {
    String reference = "CASE-" + UUID.randomUUID();
    String id = notarize(Fixtures.dicomFromScanner(8803), "hand.dcm", reference);
    Response found = Api.anonymous().header(Api.as(Roles.ACQUIRER)).queryParam("caseReference", reference)
        .get("/api/v1/evidence");
    found.then().statusCode(200);
    assertThat(found.jsonPath().getList("items.id", String.class)).containsExactly(id);
    assertThat(found.jsonPath().getString("items[0].modality")).isEqualTo("OT");
    assertThat(found.jsonPath().getInt("matched")).isEqualTo(1);
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    String tomorrow = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
    String yesterday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();
    assertThat(Api.anonymous().header(Api.as(Roles.ACQUIRER)).queryParam("caseReference", reference)
        .queryParam("from", yesterday).queryParam("to", tomorrow).get("/api/v1/evidence")
        .jsonPath().getList("items.id", String.class)).as("received within the days").containsExactly(id);
    assertThat(Api.anonymous().header(Api.as(Roles.ACQUIRER)).queryParam("caseReference", reference)
        .queryParam("from", tomorrow).get("/api/v1/evidence")
        .jsonPath().getList("items.id", String.class)).as("received before 'from'").isEmpty();
    assertThat(Api.anonymous().header(Api.as(Roles.ACQUIRER)).queryParam("caseReference", reference)
        .queryParam("to", yesterday).get("/api/v1/evidence")
        .jsonPath().getList("items.id", String.class)).as("received after 'to'").isEmpty();
    Api.anonymous().header(Api.as(Roles.ACQUIRER)).queryParam("from", today).queryParam("to", yesterday)
        .get("/api/v1/evidence").then().statusCode(400);
    Api.anonymous().header(Api.as(Roles.ACQUIRER)).queryParam("to", "tomorrow").get("/api/v1/evidence").then()
        .statusCode(400).contentType(startsWith("application/problem+json"));
    Api.anonymous().header(Api.as(Roles.ACQUIRER)).queryParam("limit", "100000").get("/api/v1/evidence").then()
        .statusCode(400);
  }

  @Test
  void the_audit_view_shows_a_custody_event_after_an_original_was_read_and_the_health() {
    String id = notarize(Fixtures.dicomFromScanner(8804), "elbow.dcm", "CASE-" + UUID.randomUUID());
    Api.anonymous().header(Api.as(Roles.VERIFIER)).queryParam("purpose", "audit page test")
        .get("/api/v1/evidence/" + id + "/original").then().statusCode(200);
    RestAssured.given().cookie(SignInCookie.NAME, token(Roles.AUDITOR)).get("/audit").then().statusCode(200)
        .body(containsString("<code>" + id + "</code>"))
        .body(containsString("EXPORTED"))
        .body(containsString("test verifier"))
        .body(containsString("<span class=\"badge ok\">intact</span>"))
        .body(containsString("<strong>Ledger</strong> (embedded)"))
        .body(containsString("<strong>Object store</strong> (filesystem)"))
        .body(containsString("Anchoring backlog"));
  }

  @Test
  void the_audit_view_lists_events_across_evidence_newest_first() {
    String first = notarize(Fixtures.dicomFromScanner(8807), "a.dcm", "CASE-" + UUID.randomUUID());
    String second = notarize(Fixtures.dicomFromScanner(8808), "b.dcm", "CASE-" + UUID.randomUUID());
    Api.anonymous().header(Api.as(Roles.VERIFIER)).get("/api/v1/evidence/" + first + "/original").then()
        .statusCode(200);
    Api.anonymous().header(Api.as(Roles.ACQUIRER)).get("/api/v1/evidence/" + second + "/proof").then()
        .statusCode(200);
    String page = RestAssured.given().cookie(SignInCookie.NAME, token(Roles.AUDITOR)).get("/audit").then()
        .statusCode(200).extract().asString();
    assertThat(page).contains("PROOF_ISSUED");
    assertThat(page.indexOf("<code>" + second + "</code>")).as("the later event, of the second evidence, first")
        .isPositive().isLessThan(page.indexOf("<code>" + first + "</code>"));
  }

  @Test
  void the_batch_page_signed_in_uses_the_sign_in_and_asks_for_no_token() {
    RestAssured.given().cookie(SignInCookie.NAME, token(Roles.INSURER)).get("/batch").then().statusCode(200)
        .body(containsString("id=\"signed-in-note\""))
        .body(not(containsString("id=\"token\"")));
    RestAssured.given().get("/batch").then().statusCode(200).body(containsString("id=\"token\""))
        .body(containsString("href=\"/sign-in?next=%2Fbatch\""));
  }

  @Test
  void a_revoked_sign_in_is_no_sign_in_so_the_public_check_still_works() throws Exception {
    var issued = Arc.container().instance(TokenIssuer.class).get()
        .issue(new TokenIssuer.TokenRequest(Set.of(Roles.VERIFIER), "revoked while signed in", null, null));
    Arc.container().instance(RevokedTokens.class).get().revoke(issued.id());
    RestAssured.given().cookie(SignInCookie.NAME, issued.token()).header("Sec-Fetch-Site", SAME_ORIGIN)
        .multiPart("file", "exhibit.bin", "never notarized".getBytes(), "application/octet-stream")
        .post("/api/v1/verify").then().statusCode(200).body(containsString("UNKNOWN"));
    Response page = RestAssured.given().cookie(SignInCookie.NAME, issued.token()).get("/hospital");
    page.then().statusCode(401).body(containsString("no longer valid"));
    assertThat(page.getHeader("Set-Cookie")).startsWith(SignInCookie.NAME + "=;");
  }
}
