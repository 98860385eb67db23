package org.evidencenotary.notary.certificate;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.text.PDFTextStripper;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.tsp.TimeStampToken;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.pki.NotaryIdentity;
import org.evidencenotary.notary.testing.Fixtures;
import org.evidencenotary.notary.timestamping.BuiltInTsa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
class CertificateTest {
  @Inject NotaryIdentity identity;
  @Inject BuiltInTsa tsa;
  @TempDir Path dir;

  private byte[] certificateOf(byte[] evidence, String type) {
    String id = given().body(evidence).contentType(type).post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");
    return given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200)
        .contentType("application/pdf").extract().asByteArray();
  }

  /** The CMS in /Contents, without the zero padding that fills the reserved space. */
  private static CMSSignedData cms(PDSignature signature, byte[] pdf) throws Exception {
    byte[] der;
    try (ASN1InputStream in = new ASN1InputStream(signature.getContents())) {
      der = in.readObject().getEncoded("DER");
    }
    return new CMSSignedData(new CMSProcessableByteArray(signature.getSignedContent(pdf)), der);
  }

  @Test
  void certificate_is_a_pades_b_t_signature_over_everything_but_the_validation_data() throws Exception {
    byte[] pdf = certificateOf(Fixtures.png(70), "image/png");

    try (PDDocument document = Loader.loadPDF(pdf)) {
      List<PDSignature> signatures = document.getSignatureDictionaries();
      assertThat(signatures).hasSize(1);
      PDSignature signature = signatures.get(0);
      assertThat(signature.getSubFilter()).isEqualTo("ETSI.CAdES.detached");
      int[] range = signature.getByteRange();
      assertThat(range[0]).isZero();
      int signedLength = range[2] + range[3];
      assertThat(new String(pdf, signedLength - 7, 7, StandardCharsets.US_ASCII))
          .as("the signed ranges end with the signed revision").contains("%%EOF");
      assertThat(signedLength).as("the B-LT validation data is a later revision").isLessThan(pdf.length);

      SignerInformation signer = cms(signature, pdf).getSignerInfos().getSigners().iterator().next();
      X509Certificate notary = identity.serviceCertificate();
      assertThat(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(notary))).isTrue();
      assertThat(signer.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2)).isNotNull();
      assertThat(signer.getSignedAttributes().get(CMSAttributes.signingTime))
          .as("PAdES forbids the CMS signing-time attribute").isNull();
      assertThat(signer.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken))
          .as("B-T: a signature time-stamp").isNotNull();
    }
  }

  @Test
  void certificate_carries_both_chains_and_their_current_crls_for_pades_b_lt() throws Exception {
    byte[] pdf = certificateOf(Fixtures.png(74), "image/png");

    try (PDDocument document = Loader.loadPDF(pdf)) {
      COSDictionary dss = (COSDictionary) document.getDocumentCatalog().getCOSObject().getDictionaryObject("DSS");
      assertThat(dss).as("document security store").isNotNull();
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> certs = new ArrayList<>();
      for (COSBase item : (COSArray) dss.getDictionaryObject("Certs")) {
        certs.add((X509Certificate) factory.generateCertificate(streamBytes(item)));
      }
      assertThat(certs).containsExactlyInAnyOrder(identity.serviceCertificate(), identity.rootCertificate(),
          tsa.chain().get(0), tsa.root());

      List<X509CRL> crls = new ArrayList<>();
      for (COSBase item : (COSArray) dss.getDictionaryObject("CRLs")) {
        crls.add((X509CRL) factory.generateCRL(streamBytes(item)));
      }
      assertThat(crls).extracting(c -> c.getIssuerX500Principal())
          .containsExactlyInAnyOrder(identity.rootCertificate().getSubjectX500Principal(),
              tsa.root().getSubjectX500Principal());
      Date signedAt = timestampTime(document.getSignatureDictionaries().get(0), pdf);
      for (X509CRL crl : crls) {
        X509Certificate issuer = crl.getIssuerX500Principal().equals(tsa.root().getSubjectX500Principal())
            ? tsa.root() : identity.rootCertificate();
        crl.verify(issuer.getPublicKey());
        assertThat(crl.getThisUpdate()).as("issued no earlier than the time-stamp (to the second)")
            .isAfterOrEqualTo(new Date(signedAt.getTime() / 1000 * 1000));
        assertThat(crl.getNextUpdate()).isAfter(new Date());
        assertThat(crl.isRevoked(identity.serviceCertificate())).isFalse();
        assertThat(crl.isRevoked(tsa.chain().get(0))).isFalse();
      }
    }
  }

  @Test
  void certificate_names_the_digest_and_anchor_and_carries_the_proof_bundle() throws Exception {
    byte[] evidence = Fixtures.dicomSecondaryCapture(71);
    String sha = Sha256.digest(evidence).hex();
    byte[] pdf = certificateOf(evidence, "application/dicom");

    try (PDDocument document = Loader.loadPDF(pdf)) {
      String text = new PDFTextStripper().getText(document);
      assertThat(text).contains("Certificate of Authenticity").contains(sha).contains("Certification")
          .contains("Verified at issuance: AUTHENTIC");
      PDDocumentNameDictionary names = document.getDocumentCatalog().getNames();
      var spec = names.getEmbeddedFiles().getNames().get(CertificateService.PROOF_ATTACHMENT);
      assertThat(spec).as("attached proof bundle").isNotNull();
      JsonNode proof = JsonMapper.builder().build().readTree(spec.getEmbeddedFile().toByteArray());
      assertThat(proof.path("format").asText()).isEqualTo("evidence-notary-proof/v1");
      assertThat(proof.path("statement").path("sha256").asText()).isEqualTo(sha);
      assertThat(text).contains(proof.path("anchor").path("transactionId").asText());
      // Three pages since the checks are printed legibly (they were 7 pt, two pages).
      assertThat(document.getNumberOfPages()).as("one to three A4 pages").isBetween(1, 3);
    }
  }

  @Test
  void certificate_reads_like_a_document_a_registry_files() throws Exception {
    byte[] evidence = Fixtures.dicomFromScanner(77);
    byte[] pdf = certificateOf(evidence, "application/dicom");
    // Left for a look (docs/certificate/ holds its pages rendered with pdftoppm).
    Path samples = Files.createDirectories(Path.of("target", "certificate-samples"));
    Files.write(samples.resolve("dicom.pdf"), pdf);

    try (PDDocument document = Loader.loadPDF(pdf)) {
      String text = new PDFTextStripper().getText(document);
      String id = text.replaceAll("(?s).*Evidence id\\s+([0-9a-f-]{36}).*", "$1");
      assertThat(text).contains("Issued by").contains("Institution").contains("Evidence notary (embedded demonstration)")
          .contains("Responsible person").contains("Evidence Notary Service, Evidence Notary (embedded)")
          .contains("Submitted by (as declared)").doesNotContain("no login yet")
          .as("no raw X.500 names").doesNotContain("CN=").doesNotContain("O=")
          .contains("Acquired").contains("25 November 2026, 10:15:00")
          .contains("/evidence/" + id);
      assertThat(text).as("issuance and anchoring in words, the ISO value beside them")
          .containsPattern("Issued \\d{1,2} [A-Z][a-z]+ 20\\d\\d, \\d\\d:\\d\\d:\\d\\d UTC")
          .containsPattern("20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
      assertThat(text).as("one legal statement, the default EU one")
          .contains("Regulation (EU) No 910/2014").contains("advanced electronic seal").doesNotContain("902(13)");
      int pages = document.getNumberOfPages();
      for (int i = 1; i <= pages; i++) {
        PDFTextStripper page = new PDFTextStripper();
        page.setStartPage(i);
        page.setEndPage(i);
        assertThat(page.getText(document)).contains("Page " + i + " of " + pages);
      }
      // Text a reader copies or searches is plain text: no ligature characters (poppler's view).
      Path file = Files.write(dir.resolve("certificate.pdf"), pdf);
      assertThat(run("pdftotext", file, "-")).contains("Certificate of Authenticity").contains("Verified at issuance")
          .doesNotContain("\uFB01").doesNotContain("\uFB02");
      for (var page : document.getPages()) {
        for (var name : page.getResources().getFontNames()) {
          assertThat(page.getResources().getFont(name).isEmbedded()).as("font %s embedded", name).isTrue();
        }
      }
    }
  }

  @Test
  void one_changed_byte_in_the_signed_range_breaks_the_signature() throws Exception {
    byte[] pdf = certificateOf(Fixtures.png(72), "image/png");
    byte[] tampered = pdf.clone();
    // Inside the first signed range, in the middle of the document body.
    tampered[tampered.length / 8] ^= 0x01;

    try (PDDocument original = Loader.loadPDF(pdf)) {
      PDSignature signature = original.getSignatureDictionaries().get(0);
      SignerInformation signer = cms(signature, tampered).getSignerInfos().getSigners().iterator().next();
      boolean valid;
      try {
        valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(identity.serviceCertificate()));
      } catch (org.bouncycastle.cms.CMSException e) {
        valid = false;
      }
      assertThat(valid).isFalse();
    }
  }

  @Test
  void poppler_pdfsig_independently_finds_the_signature_valid_and_trusts_the_notary_roots() throws Exception {
    Path pdf = dir.resolve("certificate.pdf");
    Files.write(pdf, certificateOf(Fixtures.png(73), "image/png"));
    String output = run("pdfsig", pdf);

    // pdfsig (poppler 22.12) says "Not total document signed" for any later revision, including
    // the B-LT validation data it does not interpret; the signature itself stays valid. See
    // docs/decisions.md.
    assertThat(output).contains("Signature Type: ETSI.CAdES.detached")
        .contains("Not total document signed")
        .contains("Signature Validation: Signature is Valid.");

    // With the notary's published roots in an NSS database, pdfsig also trusts the signer.
    Path nss = Files.createDirectories(dir.resolve("nss"));
    run("certutil", "-N", "-d", "sql:" + nss, "--empty-password");
    String pem = given().get("/api/v1/trust/roots.pem").then().statusCode(200).extract().asString();
    int n = 0;
    for (String block : pem.split("(?=-----BEGIN CERTIFICATE-----)")) {
      if (block.isBlank()) {
        continue;
      }
      Path root = Files.writeString(dir.resolve("root-" + n + ".pem"), block);
      run("certutil", "-A", "-d", "sql:" + nss, "-n", "notary-root-" + n++, "-t", "CT,C,C", "-i", root);
    }
    assertThat(run("pdfsig", "-nssdir", "sql:" + nss, pdf)).contains("Signature Validation: Signature is Valid.")
        .contains("Certificate Validation: Certificate is Trusted.");

    byte[] tampered = Files.readAllBytes(pdf);
    tampered[tampered.length / 8] ^= 0x01;
    Path broken = dir.resolve("certificate-one-byte-changed.pdf");
    Files.write(broken, tampered);
    assertThat(run("pdfsig", broken)).doesNotContain("Signature is Valid.");
  }

  @Test
  void qpdf_finds_no_syntax_or_stream_errors() throws Exception {
    Path pdf = Files.write(dir.resolve("certificate.pdf"), certificateOf(Fixtures.png(75), "image/png"));

    assertThat(run("qpdf", "--check", pdf)).contains("No syntax or stream encoding errors found")
        .doesNotContain("WARNING");
  }

  /**
   * Leaves a certificate, its exhibit and the trust roots in target/pades-sample for the
   * pades-validation module, which validates them with EU DSS (Bouncy Castle 1.84, see
   * docs/decisions.md) after this module in the same build.
   */
  @Test
  void writes_a_sample_certificate_for_the_independent_dss_validation() throws Exception {
    byte[] exhibit = Fixtures.png(76);
    byte[] pdf = certificateOf(exhibit, "image/png");
    Path sample = Files.createDirectories(Path.of("target", "pades-sample"));
    Files.write(sample.resolve("exhibit.png"), exhibit);
    Files.write(sample.resolve("hospital-root.pem"), pem(identity.rootCertificate()));
    Files.write(sample.resolve("tsa-root.pem"), pem(tsa.root()));
    try (PDDocument document = Loader.loadPDF(pdf)) {
      Files.writeString(sample.resolve("timestamp-time.txt"),
          timestampTime(document.getSignatureDictionaries().get(0), pdf).toInstant().toString());
    }
    // Last, so a half-written sample is never taken for a whole one.
    Files.write(sample.resolve("certificate.pdf"), pdf);

    assertThat(sample.resolve("certificate.pdf")).hasBinaryContent(pdf);
  }

  @Test
  void certificate_of_unknown_evidence_is_a_404_problem() {
    given().get("/api/v1/evidence/00000000-0000-4000-8000-000000000000/certificate.pdf")
        .then().statusCode(404).contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:evidence-not-found"));
  }

  private static String run(String tool, Object... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(tool);
    for (Object arg : args) {
      command.add(arg.toString());
    }
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      String pkg = "pdfsig".equals(tool) ? "poppler-utils" : "certutil".equals(tool) ? "libnss3-tools" : tool;
      fail(tool + " is needed as an independent PDF checker: apt-get install " + pkg + " (./notary test installs it)");
      throw e;
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output;
  }

  private static java.io.InputStream streamBytes(COSBase item) throws IOException {
    COSBase object = item instanceof COSObject indirect ? indirect.getObject() : item;
    try (java.io.InputStream in = ((COSStream) object).createInputStream()) {
      return new java.io.ByteArrayInputStream(in.readAllBytes());
    }
  }

  /** The genTime of the signature's RFC 3161 time-stamp token, read with Bouncy Castle. */
  private static Date timestampTime(PDSignature signature, byte[] pdf) throws Exception {
    SignerInformation signer = cms(signature, pdf).getSignerInfos().getSigners().iterator().next();
    var attribute = signer.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
    TimeStampToken token = new TimeStampToken(
        new CMSSignedData(attribute.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded()));
    return token.getTimeStampInfo().getGenTime();
  }

  private static byte[] pem(X509Certificate certificate) throws IOException {
    java.io.StringWriter text = new java.io.StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(certificate);
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
