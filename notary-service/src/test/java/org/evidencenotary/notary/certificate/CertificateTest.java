package org.evidencenotary.notary.certificate;

import static io.restassured.RestAssured.given;
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
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
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
import org.evidencenotary.notary.signing.NotaryIdentity;
import org.evidencenotary.notary.testing.Fixtures;
import org.evidencenotary.storage.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
class CertificateTest {
  @Inject NotaryIdentity identity;
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
  void certificate_is_a_pades_b_t_signed_pdf_over_the_whole_document() throws Exception {
    byte[] pdf = certificateOf(Fixtures.png(70), "image/png");

    try (PDDocument document = Loader.loadPDF(pdf)) {
      List<PDSignature> signatures = document.getSignatureDictionaries();
      assertThat(signatures).hasSize(1);
      PDSignature signature = signatures.get(0);
      assertThat(signature.getSubFilter()).isEqualTo("ETSI.CAdES.detached");
      int[] range = signature.getByteRange();
      assertThat(range[0]).isZero();
      assertThat((long) range[2] + range[3]).as("signed ranges reach the end of the file").isEqualTo(pdf.length);

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
  void poppler_pdfsig_independently_finds_the_signature_valid() throws Exception {
    Path pdf = dir.resolve("certificate.pdf");
    Files.write(pdf, certificateOf(Fixtures.png(73), "image/png"));
    String output = pdfsig(pdf);

    assertThat(output).contains("Signature Type: ETSI.CAdES.detached")
        .contains("Total document signed")
        .contains("Signature Validation: Signature is Valid.");

    byte[] tampered = Files.readAllBytes(pdf);
    tampered[tampered.length / 8] ^= 0x01;
    Path broken = dir.resolve("certificate-one-byte-changed.pdf");
    Files.write(broken, tampered);
    assertThat(pdfsig(broken)).doesNotContain("Signature is Valid.");
  }

  @Test
  void certificate_of_unknown_evidence_is_a_404_problem() {
    given().get("/api/v1/evidence/00000000-0000-4000-8000-000000000000/certificate.pdf")
        .then().statusCode(404).contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:evidence-not-found"));
  }

  private static String pdfsig(Path pdf) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder("pdfsig", pdf.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      fail("pdfsig (poppler) is needed as an independent PDF signature checker: apt-get install poppler-utils"
          + " (./notary test installs it)");
      throw e;
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output;
  }

}
