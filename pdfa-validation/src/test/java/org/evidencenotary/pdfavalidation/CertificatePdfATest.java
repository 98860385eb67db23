package org.evidencenotary.pdfavalidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/**
 * The signed certificate PDF that notary-service's CertificateTest left in target/pades-sample,
 * checked by veraPDF against PDF/A-3b (ISO 19005-3, level B): what a registry that files PDF/A
 * would run. The signature and the long-term validation data are incremental updates; the whole
 * file, as a court receives it, is what is validated.
 */
class CertificatePdfATest {
  static byte[] pdf;

  @BeforeAll
  static void readSample() throws IOException {
    Path sample = Path.of(System.getProperty("pades.sample.dir", "../notary-service/target/pades-sample"));
    Path certificate = sample.resolve("certificate.pdf");
    if (!Files.isRegularFile(certificate)) {
      fail("No sample certificate PDF at " + certificate.toAbsolutePath().normalize() + ". It is written by "
          + "notary-service's CertificateTest: run `mvn verify` from the root (notary-service's tests run before "
          + "this module), or first `mvn -pl notary-service test -Dtest=CertificateTest`.");
    }
    pdf = Files.readAllBytes(certificate);
    VeraGreenfieldFoundryProvider.initialise();
  }

  private static ValidationResult validate(byte[] document) throws Exception {
    try (PDFAParser parser = Foundries.defaultInstance().createParser(new ByteArrayInputStream(document),
            PDFAFlavour.PDFA_3_B);
        PDFAValidator validator = Foundries.defaultInstance().createValidator(PDFAFlavour.PDFA_3_B, false)) {
      return validator.validate(parser);
    }
  }

  private static String failures(ValidationResult result) {
    return result.getTestAssertions().stream().filter(a -> a.getStatus() == TestAssertion.Status.FAILED)
        .map(a -> a.getRuleId().getClause() + "-" + a.getRuleId().getTestNumber() + ": " + a.getMessage()
            + " (" + a.getLocation().getContext() + ")")
        .distinct().collect(Collectors.joining("\n"));
  }

  @Test
  void the_signed_certificate_is_pdf_a_3b() throws Exception {
    ValidationResult result = validate(pdf);
    assertThat(result.isCompliant()).as("veraPDF PDF/A-3B failures:\n%s", failures(result)).isTrue();
    assertThat(result.getTotalAssertions()).as("checks veraPDF ran").isGreaterThan(100);
  }

  @Test
  void the_validator_fails_a_certificate_whose_pdf_a_declaration_is_gone() throws Exception {
    // The same bytes with the XMP part number changed: veraPDF must notice, or the test above
    // proves nothing.
    String text = new String(pdf, StandardCharsets.ISO_8859_1);
    String declared = "<pdfaid:part>3</pdfaid:part>";
    assertThat(text).as("the certificate's XMP declares PDF/A part 3").contains(declared);
    byte[] altered = text.replace(declared, "<pdfaid:part>9</pdfaid:part>").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(validate(altered).isCompliant()).isFalse();
  }
}
