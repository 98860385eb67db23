package org.evidencenotary.notary.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Who issued which token, and who enrolled or revoked which identity: written before the answer,
 * readable by auditors, and a changed or removed entry shows.
 */
@QuarkusTest
class AdminAuditTest {
  @Inject NotaryConfig config;
  @Inject AdminAudit audit;

  private static JsonPath listing() {
    return Api.anonymous().header(Api.as(Roles.AUDITOR)).get("/api/v1/audit/admin-actions?limit=1000")
        .then().statusCode(200).extract().jsonPath();
  }

  @Test
  void every_token_and_identity_action_is_recorded_with_who_did_it_and_never_the_token() throws Exception {
    JsonPath issued = Api.anonymous().header(Fixtures.admin()).contentType("application/json")
        .body("{\"role\":\"verifier\",\"name\":\"Clerk of court B\",\"lifetime\":\"PT1H\"}")
        .post("/api/v1/auth/tokens").then().statusCode(200).extract().jsonPath();
    String tokenId = issued.getString("id");
    Api.anonymous().header(Fixtures.admin()).contentType("application/json").post("/api/v1/auth/tokens/" + tokenId
        + "/revoke").then().statusCode(200);
    String identity = Api.anonymous().header(Fixtures.admin()).contentType("application/json")
        .body("{\"kind\":\"TECHNOLOGIST\",\"name\":\"Audit Tech\"}").post("/api/v1/identities")
        .then().statusCode(201).extract().path("id");

    JsonPath list = listing();
    assertThat(list.getBoolean("intact")).isTrue();
    List<Map<String, Object>> entries = list.getList("entries");
    Map<String, Object> enrolled = entries.get(0);
    assertThat(enrolled).containsEntry("action", "IDENTITY_ENROLLED").containsEntry("subject", identity)
        .containsEntry("actor", "admin token");
    Map<String, Object> revoked = entries.get(1);
    assertThat(revoked).containsEntry("action", "TOKEN_REVOKED").containsEntry("subject", tokenId);
    Map<String, Object> issuedEntry = entries.get(2);
    assertThat(issuedEntry).containsEntry("action", "TOKEN_ISSUED").containsEntry("subject", tokenId);
    @SuppressWarnings("unchecked")
    Map<String, Object> facts = (Map<String, Object>) issuedEntry.get("facts");
    assertThat(facts).containsEntry("roles", "verifier")
        .containsEntry("name", "Clerk of court B").containsKey("expiresAt");
    assertThat((long) (int) revoked.get("sequence")).isEqualTo((int) issuedEntry.get("sequence") + 1);

    Path file = config.dataDir().resolve("audit").resolve(AdminAudit.FILE);
    String text = Files.readString(file);
    assertThat(text).doesNotContain(issued.getString("token")).doesNotContain(issued.getString("token")
        .substring(issued.getString("token").lastIndexOf('.') + 1));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void a_changed_entry_breaks_the_chain_and_the_listing_says_which() throws Exception {
    audit.record("someone", List.of("admin"), AdminAudit.Action.TOKEN_ISSUED, "first", Map.of("name", "A"));
    audit.record("someone", List.of("admin"), AdminAudit.Action.TOKEN_REVOKED, "second", Map.of());
    Path file = config.dataDir().resolve("audit").resolve(AdminAudit.FILE);
    String before = Files.readString(file);
    try {
      Files.writeString(file, before.replace("\"subject\":\"first\"", "\"subject\":\"other\""));
      JsonPath list = listing();
      assertThat(list.getBoolean("intact")).isFalse();
      assertThat(list.getString("problem")).contains("was changed after it was written");

      // Removing a line breaks the sequence.
      List<String> lines = before.lines().toList();
      Files.writeString(file, String.join("\n", lines.subList(0, lines.size() - 2)) + "\n"
          + lines.get(lines.size() - 1) + "\n");
      assertThat(listing().getString("problem")).contains("an entry was removed or moved");
    } finally {
      Files.writeString(file, before);
    }
    assertThat(listing().getBoolean("intact")).isTrue();
  }

  @Test
  void a_line_cut_off_by_a_crash_is_dropped_and_the_chain_goes_on() throws Exception {
    audit.record("someone", List.of("admin"), AdminAudit.Action.IDENTITY_REVOKED, "before-crash", Map.of());
    Path file = config.dataDir().resolve("audit").resolve(AdminAudit.FILE);
    Files.writeString(file, "{\"sequence\":99,\"at\":\"20", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    AdminAudit fresh = new AdminAudit(); // as after a restart: the file is read again
    fresh.config = config;
    fresh.init();
    fresh.record("someone", List.of("admin"), AdminAudit.Action.TOKEN_REVOKED, "after-crash", Map.of());
    JsonPath list = listing();
    assertThat(list.getBoolean("intact")).isTrue();
    assertThat(list.getString("entries[0].subject")).isEqualTo("after-crash");
    assertThat(list.getString("entries[1].subject")).isEqualTo("before-crash");
  }

  @Test
  void the_limit_is_checked() {
    Api.anonymous().header(Api.as(Roles.AUDITOR)).get("/api/v1/audit/admin-actions?limit=0")
        .then().statusCode(400).contentType("application/problem+json");
    Api.anonymous().header(Api.as(Roles.AUDITOR)).get("/api/v1/audit/admin-actions?limit=abc")
        .then().statusCode(400).contentType("application/problem+json");
    Api.anonymous().header(Api.as(Roles.VERIFIER)).get("/api/v1/audit/admin-actions")
        .then().statusCode(403);
    Api.anonymous().get("/api/v1/audit/admin-actions").then().statusCode(401)
        .body("status", equalTo(401));
  }
}
