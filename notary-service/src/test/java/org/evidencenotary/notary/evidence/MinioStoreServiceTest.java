package org.evidencenotary.notary.evidence;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.UUID;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.testing.MinioProfile;
import org.evidencenotary.notary.testing.MinioTestResource;
import org.evidencenotary.storage.EvidenceStore;
import org.evidencenotary.storage.ObjectRetention;
import org.evidencenotary.storage.WormStore;
import org.junit.jupiter.api.Test;

/** The service with {@code notary.storage.kind=minio} against a real MinIO, including an outage. */
@QuarkusTest
@TestProfile(MinioProfile.class)
class MinioStoreServiceTest {
  @Inject EvidenceStore store;
  @Inject EvidenceRepository repository;
  @Inject NotaryConfig config;

  private static byte[] unique(String label) {
    return (label + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
  }

  private static Response ingest(byte[] bytes) {
    return given().body(bytes).contentType("application/octet-stream").post("/api/v1/evidence");
  }

  @Test
  void ingest_stores_the_original_in_minio_under_compliance_retention() throws IOException {
    byte[] bytes = unique("to minio");
    Response created = ingest(bytes);
    created.then().statusCode(201).body("sha256", equalTo(Sha256.digest(bytes).hex()));
    String id = created.path("id");

    WormStore worm = (WormStore) ClientProxy.unwrap(store);
    assertThat(worm.kind()).hasToString("minio");
    ObjectRetention retention = worm.retention(Sha256.digest(bytes));
    assertThat(retention.mode()).isEqualTo("COMPLIANCE");
    assertThat(retention.retainUntil()).isAfter(Instant.now());
    byte[] original =
        given().get("/api/v1/evidence/" + id + "/original").then().statusCode(200)
            .extract().asByteArray();
    assertThat(original).isEqualTo(bytes);

    // The certificate states the retention the store itself reports.
    byte[] pdf = given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200)
        .extract().asByteArray();
    try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
      String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("\\s+", " ");
      // In words, as the certificate prints dates, with the exact instant in small type under it.
      String inWords = java.time.format.DateTimeFormatter.ofPattern("d MMMM uuuu, HH:mm:ss 'UTC'", java.util.Locale.ENGLISH)
          .withZone(java.time.ZoneOffset.UTC).format(retention.retainUntil());
      assertThat(text).contains("COMPLIANCE retention until " + inWords).contains(retention.retainUntil().toString());
    }
  }

  @Test
  void a_failed_record_write_leaves_the_retained_original_as_an_orphan_and_no_record()
      throws IOException {
    QuarkusMock.installMockForType(
        new FailedRequestsLeaveNothingTest.RepositoryThatFailsOnCreate(
            ClientProxy.unwrap(repository)),
        EvidenceRepository.class);
    byte[] bytes = unique("record fails under retention");

    // The rollback cannot delete under COMPLIANCE retention: the request still fails cleanly.
    ingest(bytes).then()
        .statusCode(500)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:internal"));

    assertThat(repository.findByDigest(Sha256.digest(bytes).hex())).as("record").isEmpty();
    assertThat(store.contains(Sha256.digest(bytes))).as("orphan under retention").isTrue();
  }

  @Test
  void minio_stopped_gives_503_with_nothing_recorded_and_the_service_recovers_when_it_is_back()
      throws IOException {
    byte[] bytes = unique("during the outage");
    String hex = Sha256.digest(bytes).hex();

    MinioTestResource.stopServer();
    try {
      ingest(bytes).then()
          .statusCode(503)
          .contentType("application/problem+json")
          .body("type", equalTo("urn:evidence-notary:problem:storage-unavailable"));
      assertThat(repository.findByDigest(hex)).as("record").isEmpty();
      try (var staged = Files.list(config.dataDir().resolve("tmp/staging"))) {
        assertThat(staged).as("staging area").isEmpty();
      }
      given().get("/q/health/ready").then().statusCode(503);
    } finally {
      MinioTestResource.startServer();
    }

    ingest(bytes).then().statusCode(201).body("sha256", equalTo(hex));
    assertThat(repository.findByDigest(hex)).as("record").isPresent();
    assertThat(store.contains(Sha256.digest(bytes))).isTrue();
    given().get("/q/health/ready").then().statusCode(200);
  }
}
