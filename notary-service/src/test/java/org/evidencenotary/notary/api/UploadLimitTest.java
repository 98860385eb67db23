package org.evidencenotary.notary.api;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.ledger.Ledger;
import org.evidencenotary.notary.testing.Api;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SmallLimitProfile.class)
class UploadLimitTest {
  private static final int OVER = (1 << 20) + 1;

  @TestHTTPResource("/") URI base;
  @Inject Ledger ledger;
  @Inject NotaryConfig config;

  @Test
  void declared_length_over_the_limit_is_a_413_problem_before_reading() {
    long height = ledger.height();
    given().body(new byte[OVER]).contentType("application/octet-stream").post("/api/v1/evidence")
        .then().statusCode(413).contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:too-large"));
    assertThat(ledger.height()).isEqualTo(height);
  }

  @Test
  void undeclared_length_over_the_limit_is_a_413_problem_and_keeps_nothing() throws Exception {
    long height = ledger.height();
    // A chunked body: no Content-Length, so the limit is enforced while the bytes stream.
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(base.resolve("api/v1/evidence"))
            .header("Content-Type", "application/octet-stream")
            .header("Authorization", Api.allRoles().getValue())
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[OVER])))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(ledger.height()).isEqualTo(height);
    try (var staged = Files.list(config.dataDir().resolve("tmp/staging"))) {
      assertThat(staged).isEmpty();
    }
    try (var objects = Files.walk(config.dataDir().resolve("objects/sha256"))) {
      assertThat(objects.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void multipart_file_over_the_limit_is_a_413_problem() {
    given().multiPart("file", "big.bin", new byte[OVER], "application/octet-stream")
        .post("/api/v1/evidence").then().statusCode(413).contentType("application/problem+json");
    given().multiPart("file", "big.bin", new byte[OVER], "application/octet-stream")
        .post("/api/v1/verify").then().statusCode(413).contentType("application/problem+json");
  }

  @Test
  void exactly_the_limit_is_accepted() {
    given().body(new byte[1 << 20]).contentType("application/octet-stream").post("/api/v1/evidence")
        .then().statusCode(201);
  }

}
