package org.evidencenotary.notary.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencenotary.notary.testing.Api.given;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.testing.Api;
import org.junit.jupiter.api.Test;

/**
 * The certificate prints the chain of custody recorded before its issue, in its public form: what,
 * in which role, when, and the ledger transaction; no names, addresses or purposes.
 */
@QuarkusTest
class CertificateCustodyTest {

  private static String notarized() {
    byte[] bytes = ("custody on the certificate " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    return given().body(bytes).contentType("application/octet-stream").post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");
  }

  private static byte[] certificate(String id) {
    return given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200).extract().asByteArray();
  }

  private static String certificateText(String id) throws IOException {
    return textOf(certificate(id));
  }

  private static String textOf(byte[] pdf) throws IOException {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
    }
  }

  @Test
  void a_certificate_issued_after_a_read_of_the_original_lists_that_export_in_its_public_form() throws IOException {
    String id = notarized();
    Api.anonymous().header(Api.as(Roles.VERIFIER)).queryParam("purpose", "court order 4711")
        .get("/api/v1/evidence/" + id + "/original").then().statusCode(200);
    String exportTx = given().get("/api/v1/evidence/" + id + "/custody").then().statusCode(200).extract()
        .jsonPath().getString("events[0].ledger.txId");

    String text = certificateText(id);

    assertThat(text).contains("Chain of custody before this certificate")
        .contains("1. Original exported")
        .contains("as verifier")
        .contains(exportTx.substring(0, 24));
    assertThat(text).as("no names, purposes or addresses on the certificate")
        .doesNotContain("test verifier").doesNotContain("court order 4711").doesNotContain("127.0.0.1");
    assertThat(text).as("its own issue is recorded after it is signed").doesNotContain("Certificate issued");
  }

  @Test
  void a_certificate_lists_every_earlier_release_oldest_first() throws IOException {
    String id = notarized();
    Api.anonymous().header(Api.as(Roles.VERIFIER)).get("/api/v1/evidence/" + id + "/original").then().statusCode(200);
    Api.anonymous().header(Api.as(Roles.INSURER)).get("/api/v1/evidence/" + id + "/proof").then().statusCode(200);
    Api.anonymous().header(Api.as(Roles.ACQUIRER)).get("/api/v1/evidence/" + id + "/original").then().statusCode(200);

    byte[] pdf = certificate(id);
    // Left for a look (docs/certificate/custody-page-2.png is its custody section, rendered with pdftoppm).
    Files.write(Files.createDirectories(Path.of("target", "certificate-samples")).resolve("custody.pdf"), pdf);
    String text = textOf(pdf);

    assertThat(text).containsSubsequence("1. Original exported", "as verifier", "2. Proof bundle issued",
        "as insurer", "3. Original exported", "as acquirer");
  }

  @Test
  void a_second_certificate_lists_the_first_one_issued() throws IOException {
    String id = notarized();
    certificateText(id);

    String text = certificateText(id);

    assertThat(text).contains("1. Certificate issued").doesNotContain("2. Certificate issued");
  }

  @Test
  void a_certificate_of_evidence_never_released_says_so() throws IOException {
    String text = certificateText(notarized());

    assertThat(text).contains("Chain of custody " + CertificateService.NO_RELEASE)
        .doesNotContain("Chain of custody before this certificate");
  }
}
