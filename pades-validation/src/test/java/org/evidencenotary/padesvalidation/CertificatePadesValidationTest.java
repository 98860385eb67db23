package org.evidencenotary.padesvalidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The certificate PDF that notary-service's CertificateTest left in target/pades-sample, validated
 * by the EU DSS validator (ETSI EN 319 102-1): an implementation that shares no code with the
 * service's signer or with our offline verifier.
 *
 * <p>Offline: the verifier has no CRL, OCSP or AIA source, so every certificate and CRL it uses
 * comes from the PDF itself; trust comes only from the two roots written beside the sample.
 */
class CertificatePadesValidationTest {
  private static final Pattern BYTE_RANGE = Pattern.compile("/ByteRange\\s*\\[\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*\\]");

  static Path sample;
  static byte[] pdf;

  @BeforeAll
  static void readSample() throws IOException {
    sample = Path.of(System.getProperty("pades.sample.dir", "../notary-service/target/pades-sample"));
    Path certificate = sample.resolve("certificate.pdf");
    if (!Files.isRegularFile(certificate)) {
      fail("No sample certificate PDF at " + certificate.toAbsolutePath().normalize() + ". It is written by "
          + "notary-service's CertificateTest: run `mvn verify` from the root (notary-service's tests run before "
          + "this module), or first `mvn -pl notary-service test -Dtest=CertificateTest`.");
    }
    pdf = Files.readAllBytes(certificate);
  }

  /** Both roots trusted, no online source of any kind. */
  private static CommonCertificateVerifier offlineVerifier(boolean trustRoots) {
    CommonCertificateVerifier verifier = new CommonCertificateVerifier();
    verifier.setAIASource(null);
    verifier.setCrlSource(null);
    verifier.setOcspSource(null);
    if (trustRoots) {
      CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
      trusted.addCertificate(DSSUtils.loadCertificate(sample.resolve("hospital-root.pem").toFile()));
      trusted.addCertificate(DSSUtils.loadCertificate(sample.resolve("tsa-root.pem").toFile()));
      verifier.setTrustedCertSources(trusted);
    }
    return verifier;
  }

  private static SimpleReport validate(byte[] bytes, boolean trustRoots) {
    DSSDocument document = new InMemoryDocument(bytes, "certificate.pdf");
    SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(document);
    validator.setCertificateVerifier(offlineVerifier(trustRoots));
    return validator.validateDocument().getSimpleReport();
  }

  /** DSS's own account of a signature, for assertion messages. */
  private static String explain(SimpleReport report) {
    if (report.getSignaturesCount() == 0) {
      return "DSS found no signature in the PDF (with Bouncy Castle >= 1.85 it silently sees none; this module "
          + "must stay on 1.84)";
    }
    String id = report.getFirstSignatureId();
    return report.getSignatureFormat(id) + " " + report.getIndication(id) + "/" + report.getSubIndication(id)
        + "; errors: " + report.getAdESValidationErrors(id).stream().map(m -> m.getValue())
            .collect(Collectors.joining(" | "))
        + "; warnings: " + report.getAdESValidationWarnings(id).stream().map(m -> m.getValue())
            .collect(Collectors.joining(" | "));
  }

  @Test
  void certificate_pdf_is_pades_baseline_lt_and_total_passed() {
    SimpleReport report = validate(pdf, true);

    assertThat(report.getSignaturesCount()).as(explain(report)).isEqualTo(1);
    String id = report.getFirstSignatureId();
    assertThat(report.getIndication(id)).as(explain(report)).isEqualTo(Indication.TOTAL_PASSED);
    assertThat(report.getSignatureFormat(id)).as(explain(report)).isEqualTo(SignatureLevel.PAdES_BASELINE_LT);
  }

  @Test
  void best_signature_time_is_the_time_stamp_time() throws IOException {
    Instant tokenTime = Instant.parse(Files.readString(sample.resolve("timestamp-time.txt"), StandardCharsets.US_ASCII).trim());

    SimpleReport report = validate(pdf, true);

    String id = report.getFirstSignatureId();
    assertThat(report.getSignatureTimestamps(id)).as(explain(report)).hasSize(1);
    assertThat(report.getSignatureTimestamps(id).get(0).getIndication()).isEqualTo(Indication.PASSED);
    assertThat(report.getBestSignatureTime(id).toInstant()).isEqualTo(tokenTime);
  }

  @Test
  void one_flipped_byte_in_the_signed_range_is_total_failed() {
    Matcher range = BYTE_RANGE.matcher(new String(pdf, StandardCharsets.ISO_8859_1));
    assertThat(range.find()).as("the PDF names its signed byte range").isTrue();
    byte[] tampered = pdf.clone();
    // Half-way into the first signed range: the document body, before the signature's /Contents.
    tampered[Integer.parseInt(range.group(2)) / 2] ^= 0x01;

    SimpleReport report = validate(tampered, true);

    String id = report.getFirstSignatureId();
    assertThat(report.getIndication(id)).as(explain(report)).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(report.getSubIndication(id)).isEqualTo(SubIndication.HASH_FAILURE);
  }

  @Test
  void the_signed_revision_alone_is_only_b_t_and_lacks_revocation_data() {
    Matcher range = BYTE_RANGE.matcher(new String(pdf, StandardCharsets.ISO_8859_1));
    assertThat(range.find()).isTrue();
    int signedLength = Integer.parseInt(range.group(3)) + Integer.parseInt(range.group(4));
    assertThat(signedLength).as("a later revision holds the validation data").isLessThan(pdf.length);

    SimpleReport report = validate(Arrays.copyOf(pdf, signedLength), true);

    String id = report.getFirstSignatureId();
    assertThat(report.getSignatureFormat(id)).as(explain(report)).isEqualTo(SignatureLevel.PAdES_BASELINE_T);
    assertThat(report.getIndication(id)).as(explain(report)).isEqualTo(Indication.INDETERMINATE);
  }

  @Test
  void without_the_trusted_roots_the_signature_is_not_passed() {
    SimpleReport report = validate(pdf, false);

    String id = report.getFirstSignatureId();
    assertThat(report.getIndication(id)).as(explain(report)).isEqualTo(Indication.INDETERMINATE);
    assertThat(report.getSubIndication(id)).isEqualTo(SubIndication.NO_CERTIFICATE_CHAIN_FOUND);
  }
}
