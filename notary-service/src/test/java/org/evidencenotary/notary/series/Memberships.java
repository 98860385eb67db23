package org.evidencenotary.notary.series;

import static org.evidencenotary.notary.testing.Api.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Waits, in tests, for an instance's series membership once its series has been quiet. */
final class Memberships {
  private Memberships() {}

  /**
   * Polls {@code GET /api/v1/evidence/{id}/series} for up to 30 s until the membership satisfies
   * {@code wanted} ({@code what} says what was awaited, for the failure message).
   */
  static JsonNode await(String evidenceId, Predicate<JsonNode> wanted, String what) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      Response r = given().get("/api/v1/evidence/" + evidenceId + "/series");
      last = r.asString();
      if (r.statusCode() == 200) {
        JsonNode node = JsonMapper.builder().build().readTree(r.asByteArray());
        if (wanted.test(node)) {
          return node;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no anchored series manifest with " + what + " for evidence " + evidenceId
        + " in 30 s: " + last);
  }
}
