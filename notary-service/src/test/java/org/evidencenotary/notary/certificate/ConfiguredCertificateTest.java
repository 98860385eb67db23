package org.evidencenotary.notary.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencenotary.notary.testing.Api.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** A certificate of an installation that names its institution and chose the US statement. */
@QuarkusTest
@TestProfile(ConfiguredCertificateTest.FictionalClinic.class)
class ConfiguredCertificateTest {

  /** An invented institution: no real hospital is named. */
  public static class FictionalClinic implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "notary.certificate.institution", "Example Clinic (fictional), Department of Radiology",
          "notary.certificate.institution-address", "1 Example Street, Exampletown",
          "notary.certificate.contact", "records@clinic.example, +1 555 0100",
          "notary.certificate.responsible", "Dr A. Example, head of imaging records",
          "notary.certificate.public-url", "https://notary.clinic.example",
          "notary.certificate.jurisdiction", "us");
    }
  }

  @Test
  void certificate_names_the_configured_institution_and_carries_the_us_statement_only() throws Exception {
    byte[] evidence = Fixtures.dicomFromScanner(78);
    String id = given().body(evidence).contentType("application/dicom").post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");
    byte[] pdf = given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200)
        .extract().asByteArray();
    Path samples = Files.createDirectories(Path.of("target", "certificate-samples"));
    Files.write(samples.resolve("dicom-us-configured.pdf"), pdf);

    try (PDDocument document = Loader.loadPDF(pdf)) {
      // One line: the statement wraps wherever the page width puts it.
      String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
      assertThat(text).contains("by Example Clinic (fictional), Department of Radiology")
          .contains("1 Example Street, Exampletown").contains("records@clinic.example, +1 555 0100")
          .contains("Dr A. Example, head of imaging records")
          .contains("https://notary.clinic.example/evidence/")
          .doesNotContain("not configured");
      assertThat(text).contains("Federal Rules of Evidence 902(13) and 902(14)").contains("Rule 902(11)")
          .doesNotContain("eIDAS").doesNotContain("910/2014");
    }
  }
}
