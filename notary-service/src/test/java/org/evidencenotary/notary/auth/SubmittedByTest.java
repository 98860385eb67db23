package org.evidencenotary.notary.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.evidencenotary.format.EvidenceStatement;
import org.evidencenotary.notary.evidence.EvidenceRepository;
import org.evidencenotary.notary.testing.Api;
import org.junit.jupiter.api.Test;

/**
 * Who submitted, as the notary authenticated them, is signed into the statement beside what the
 * submitter declared, and the certificate prints both.
 */
@QuarkusTest
class SubmittedByTest {
  @Inject EvidenceRepository repository;

  @Test
  void the_signed_in_caller_is_signed_into_the_statement_and_printed_on_the_certificate() throws Exception {
    byte[] bytes = ("submitted by a signed-in acquirer " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    String id = Api.anonymous().header(Api.as(Roles.ACQUIRER)).body(bytes).contentType("application/octet-stream")
        .queryParam("submitter", "Ward 7 desk").post("/api/v1/evidence")
        .then().statusCode(201).extract().path("id");

    EvidenceStatement statement = repository.findById(id).orElseThrow().statement();
    assertThat(statement.submitter()).isEqualTo("Ward 7 desk");
    assertThat(statement.submittedBy()).isEqualTo(new EvidenceStatement.SignedIn("test acquirer", List.of("acquirer")));

    String proof = Api.given().get("/api/v1/evidence/" + id + "/proof").then().statusCode(200).extract().asString();
    assertThat(proof).contains("\"submittedBy\":{\"name\":\"test acquirer\",\"roles\":[\"acquirer\"]}");
    Api.anonymous().multiPart("file", "x.bin", bytes, "application/octet-stream")
        .multiPart("proof", "proof.json", proof.getBytes(StandardCharsets.UTF_8), "application/json")
        .post("/api/v1/verify").then().statusCode(200).body("verdict", equalTo("AUTHENTIC"));
    // Changing who signed in breaks the notary's signature over the statement.
    String forged = proof.replace("\"name\":\"test acquirer\"", "\"name\":\"Dr. Mallory\"");
    Api.anonymous().multiPart("file", "x.bin", bytes, "application/octet-stream")
        .multiPart("proof", "proof.json", forged.getBytes(StandardCharsets.UTF_8), "application/json")
        .post("/api/v1/verify").then().statusCode(200).body("verdict", equalTo("UNVERIFIABLE"));

    byte[] pdf = Api.given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200)
        .extract().asByteArray();
    try (PDDocument document = Loader.loadPDF(pdf)) {
      String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
      assertThat(text).contains("Submitted by (signed in) test acquirer, as acquirer")
          .contains("Submitted by (as declared) Ward 7 desk");
    }
  }
}
