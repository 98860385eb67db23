package org.evidencenotary.notary.offline;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.evidencenotary.notary.testing.Fixtures;
import org.evidencenotary.verifier.VerifierCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline verifier, run as a court's expert would: on files downloaded from the notary
 * (exhibit, proof bundle or certificate PDF, and the trusted roots), with no network.
 */
@QuarkusTest
class OfflineVerifierTest {
  @TempDir Path dir;
  @jakarta.inject.Inject org.evidencenotary.notary.pki.HospitalCa hospitalCa;
  Path trust;
  Path exhibit;
  Path proof;
  Path certificate;
  byte[] bytes;

  @BeforeEach
  void notarize() throws IOException {
    bytes = Fixtures.dicomSecondaryCapture(System.nanoTime());
    String id = given().body(bytes).contentType("application/dicom").post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");
    exhibit = Files.write(dir.resolve("exhibit.dcm"), bytes);
    proof = Files.write(dir.resolve("proof.json"),
        given().get("/api/v1/evidence/" + id + "/proof").then().statusCode(200).extract().asByteArray());
    certificate = Files.write(dir.resolve("certificate.pdf"),
        given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(200).extract().asByteArray());
    trust = Files.createDirectories(dir.resolve("trust"));
    Files.writeString(trust.resolve("notary-root.pem"),
        given().get("/api/v1/trust/roots.pem").then().statusCode(200).extract().asString());
  }

  private record Run(int exit, String out) {}

  private static Run verify(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = VerifierCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void exhibit_with_its_certificate_pdf_is_authentic_offline() {
    Run run = verify(exhibit.toString(), certificate.toString(), "--trust", trust.toString());

    assertThat(run.out()).contains("VERDICT: AUTHENTIC").contains("[PASS] Certificate PDF signature")
        .contains("[PASS] Certificate PDF time-stamp")
        .contains("[PASS] Proof's ledger block").doesNotContain("[FAIL]");
    assertThat(run.exit()).isZero();
  }

  @Test
  void exhibit_with_its_proof_json_is_authentic_offline_and_json_output_says_so() {
    Run run = verify(exhibit.toString(), proof.toString(), "--trust", trust.toString(), "--json");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("\"outcome\" : \"AUTHENTIC\"");
  }

  @Test
  void the_same_data_set_behind_another_file_meta_information_is_authentic_offline() throws IOException {
    Path rewritten = Files.write(dir.resolve("exhibit-modality-file.dcm"),
        org.evidencenotary.notary.dicom.DicomTestFiles.withOtherFileMeta(bytes));
    Path relabelled = Files.write(dir.resolve("exhibit-relabelled.dcm"),
        org.evidencenotary.notary.dicom.DicomTestFiles.withOtherFileMeta(bytes, "1.2.840.10008.1.2.4.50"));

    Run run = verify(rewritten.toString(), certificate.toString(), "--trust", trust.toString());
    Run other = verify(relabelled.toString(), proof.toString(), "--trust", trust.toString());

    assertThat(run.out()).contains("VERDICT: AUTHENTIC").contains("differ only in their File Meta Information")
        .doesNotContain("[FAIL]");
    assertThat(run.exit()).isZero();
    // The same bytes in another transfer syntax are another instance.
    assertThat(other.out()).contains("VERDICT: MODIFIED");
  }

  @Test
  void one_changed_byte_in_the_exhibit_is_modified_with_exit_code_1() throws IOException {
    // A byte of the data set (one in the File Meta Information alone would leave the instance as sent).
    Path changed = Files.write(dir.resolve("exhibit-one-byte-changed.dcm"), Fixtures.withFlippedByte(bytes,
        bytes.length - 10));

    Run run = verify(changed.toString(), certificate.toString(), "--trust", trust.toString());

    assertThat(run.out()).contains("VERDICT: MODIFIED").contains("[FAIL] Exhibit matches the proof");
    assertThat(run.exit()).isEqualTo(1);
  }

  @Test
  void a_forged_statement_in_the_proof_is_unverifiable_with_exit_code_2() throws IOException {
    String forged = Files.readString(proof).replace("\"submitter\":\"anonymous\"", "\"submitter\":\"Dr. Mallory\"");
    Path forgedProof = Files.writeString(dir.resolve("proof-with-forged-submitter.json"), forged);

    Run run = verify(exhibit.toString(), forgedProof.toString(), "--trust", trust.toString());

    assertThat(run.out()).contains("VERDICT: UNVERIFIABLE").contains("[FAIL] Signed evidence statement")
        .contains("[FAIL] Notary signature");
    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void a_tampered_certificate_pdf_is_unverifiable() throws IOException {
    byte[] pdf = Files.readAllBytes(certificate);
    pdf[pdf.length / 8] ^= 0x01;
    Path tampered = Files.write(dir.resolve("certificate-one-byte-changed.pdf"), pdf);

    Run run = verify(exhibit.toString(), tampered.toString(), "--trust", trust.toString());

    assertThat(run.out()).contains("[FAIL] Certificate PDF signature");
    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void a_certificate_pdf_whose_text_was_edited_after_signing_is_unverifiable() throws IOException {
    Path edited = dir.resolve("certificate-text-added-after-signing.pdf");
    try (PDDocument document = Loader.loadPDF(certificate.toFile())) {
      try (PDPageContentStream text = new PDPageContentStream(document, document.getPage(0),
          PDPageContentStream.AppendMode.APPEND, true)) {
        text.beginText();
        text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), 14);
        text.newLineAtOffset(60, 60);
        text.showText("Amended: the exhibit was received a day earlier");
        text.endText();
      }
      try (var out = Files.newOutputStream(edited)) {
        document.saveIncremental(out);
      }
    }

    Run run = verify(exhibit.toString(), edited.toString(), "--trust", trust.toString());

    assertThat(run.out()).contains("[FAIL] Certificate PDF signature").contains("changed after signing");
    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void a_certificate_pdf_whose_added_validation_data_was_damaged_is_unverifiable() throws IOException {
    byte[] pdf = Files.readAllBytes(certificate);
    int firstCertificate;
    try (PDDocument document = Loader.loadPDF(pdf)) {
      var dss = (org.apache.pdfbox.cos.COSDictionary) document.getDocumentCatalog().getCOSObject()
          .getDictionaryObject(org.apache.pdfbox.cos.COSName.getPDFName("DSS"));
      var certs = (org.apache.pdfbox.cos.COSArray) dss.getDictionaryObject(org.apache.pdfbox.cos.COSName.getPDFName("Certs"));
      firstCertificate = (int) ((org.apache.pdfbox.cos.COSObject) certs.get(0)).getKey().getNumber();
    }
    String text = new String(pdf, StandardCharsets.ISO_8859_1);
    int object = text.lastIndexOf("\n" + firstCertificate + " 0 obj");
    int stream = text.indexOf("stream", object) + "stream\r\n".length();
    pdf[stream + 60] ^= 0x01; // inside the certificate's compressed bytes, after the signed revision
    Path damaged = Files.write(dir.resolve("certificate-validation-data-damaged.pdf"), pdf);

    Run run = verify(exhibit.toString(), damaged.toString(), "--trust", trust.toString());

    assertThat(run.out()).contains("[FAIL] Certificate PDF signature")
        .contains("validation data added after signing");
    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void a_certificate_pdf_whose_validation_data_lists_its_signer_as_revoked_before_signing_is_refused()
      throws Exception {
    java.security.cert.X509Certificate signer;
    try (var in = new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(proof.toFile()).path("certificateChain").get(0)
            .asText()))) {
      signer = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in);
    }
    java.security.cert.X509CRL crl = hospitalCa.crl(List.of(new org.evidencenotary.notary.pki.HospitalCa
        .Revocation(signer.getSerialNumber(), java.time.Instant.now().minusSeconds(3600))), 99);
    Path revoked = dir.resolve("certificate-signer-revoked.pdf");
    try (PDDocument document = Loader.loadPDF(certificate.toFile())) {
      var catalog = document.getDocumentCatalog().getCOSObject();
      var dss = (org.apache.pdfbox.cos.COSDictionary) catalog.getDictionaryObject(
          org.apache.pdfbox.cos.COSName.getPDFName("DSS"));
      var crls = (org.apache.pdfbox.cos.COSArray) dss.getDictionaryObject(org.apache.pdfbox.cos.COSName.getPDFName("CRLs"));
      org.apache.pdfbox.cos.COSStream stream = document.getDocument().createCOSStream();
      try (var out = stream.createOutputStream()) {
        out.write(crl.getEncoded());
      }
      crls.add(stream);
      crls.setNeedToBeUpdated(true);
      dss.setNeedToBeUpdated(true);
      try (var out = Files.newOutputStream(revoked)) {
        document.saveIncremental(out);
      }
    }

    Run run = verify(exhibit.toString(), revoked.toString(), "--trust", trust.toString());

    assertThat(run.out()).contains("[FAIL] Certificate PDF signature").contains("was revoked")
        .contains("before the signature");
    assertThat(run.exit()).isNotZero();
  }

  @Test
  void a_certificate_pdf_whose_attached_proof_was_swapped_after_signing_is_unverifiable() throws IOException {
    // Another evidence's genuine proof, attached in an incremental update after the signature: on
    // its own it would verify, so only the PDF signature's coverage can catch the swap.
    byte[] other = Fixtures.dicomSecondaryCapture(System.nanoTime());
    String otherId = given().body(other).contentType("application/dicom").post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");
    byte[] otherProof = given().get("/api/v1/evidence/" + otherId + "/proof").then().statusCode(200)
        .extract().asByteArray();
    Path swapped = dir.resolve("certificate-with-swapped-proof.pdf");
    try (PDDocument document = Loader.loadPDF(certificate.toFile())) {
      PDComplexFileSpecification spec = new PDComplexFileSpecification();
      spec.setFile("proof-bundle.json");
      spec.setEmbeddedFile(new PDEmbeddedFile(document, new java.io.ByteArrayInputStream(otherProof)));
      PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
      tree.setNames(java.util.Map.of("proof-bundle.json", spec));
      PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
      names.setEmbeddedFiles(tree);
      document.getDocumentCatalog().setNames(names);
      try (var out = Files.newOutputStream(swapped)) {
        document.saveIncremental(out);
      }
    }

    Run run = verify(exhibit.toString(), swapped.toString(), "--trust", trust.toString());

    assertThat(run.out()).contains("[FAIL] Certificate PDF signature").contains("changed after signing");
    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void proof_checked_against_another_root_is_untrusted_with_exit_code_3() throws Exception {
    Path otherTrust = Files.createDirectories(dir.resolve("other-trust"));
    Files.writeString(otherTrust.resolve("someone-else.pem"), OtherRoot.pem());

    Run run = verify(exhibit.toString(), proof.toString(), "--trust", otherTrust.toString());

    assertThat(run.out()).contains("VERDICT: UNTRUSTED").contains("[FAIL] Notary certificate chain");
    assertThat(run.exit()).isEqualTo(3);
  }

  @Test
  void a_proof_whose_anchor_was_swapped_for_another_evidences_transaction_is_unverifiable() throws IOException {
    byte[] other = Fixtures.dicomSecondaryCapture(System.nanoTime() + 1);
    String otherId = given().body(other).contentType("application/dicom").post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");
    var json = com.fasterxml.jackson.databind.json.JsonMapper.builder().build();
    var doctored = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(proof.toFile());
    doctored.set("anchor", json.readTree(given().get("/api/v1/evidence/" + otherId + "/proof").then()
        .statusCode(200).extract().asByteArray()).get("anchor"));
    Path swapped = Files.write(dir.resolve("proof-with-swapped-anchor.json"), json.writeValueAsBytes(doctored));

    Run run = verify(exhibit.toString(), swapped.toString(), "--trust", trust.toString());

    assertThat(run.out()).contains("VERDICT: UNVERIFIABLE").contains("[FAIL] Proof's ledger block")
        .contains("does not anchor SHA-256");
    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void a_proof_forged_and_re_signed_with_an_untrusted_key_is_untrusted() throws Exception {
    // The forger changes the statement, re-hashes it, signs it with a key of their own, and makes
    // the carried block agree: everything inside the proof holds together, and only the chain to
    // the trusted root can tell.
    var json = com.fasterxml.jackson.databind.json.JsonMapper.builder().build();
    var forged = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(proof.toFile());
    var statement = (com.fasterxml.jackson.databind.node.ObjectNode) forged.get("statement");
    statement.put("submitter", "Dr. Mallory");
    byte[] canonical = new org.erdtman.jcs.JsonCanonicalizer(json.writeValueAsString(statement)).getEncodedUTF8();
    String statementSha256 = java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(canonical));
    forged.put("statementSha256", statementSha256);
    OtherRoot forger = OtherRoot.create();
    var signer = java.security.Signature.getInstance("SHA256withECDSA");
    signer.initSign(forger.key());
    signer.update(canonical);
    ((com.fasterxml.jackson.databind.node.ObjectNode) forged.get("signature"))
        .put("value", java.util.Base64.getEncoder().encodeToString(signer.sign()));
    forged.putArray("certificateChain").add(java.util.Base64.getEncoder().encodeToString(forger.certificate().getEncoded()));
    var anchor = (com.fasterxml.jackson.databind.node.ObjectNode) forged.get("anchor");
    var block = (com.fasterxml.jackson.databind.node.ObjectNode) anchor.get("block");
    for (var tx : block.get("transactions")) {
      for (var write : tx.get("writes")) {
        if (write.get("key").asText().startsWith("evidence/")) {
          var value = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
              java.util.Base64.getDecoder().decode(write.get("value").asText()));
          value.put("statementSha256", statementSha256);
          ((com.fasterxml.jackson.databind.node.ObjectNode) write).put("value",
              java.util.Base64.getEncoder().encodeToString(json.writeValueAsBytes(value)));
        }
      }
    }
    String blockHash = org.evidencenotary.verifier.ProofChecks.blockHash(block);
    block.put("hash", blockHash);
    anchor.put("blockHash", blockHash);
    Path forgedProof = Files.write(dir.resolve("proof-re-signed-by-an-untrusted-key.json"), json.writeValueAsBytes(forged));

    Run run = verify(exhibit.toString(), forgedProof.toString(), "--trust", trust.toString());

    assertThat(run.out()).contains("VERDICT: UNTRUSTED").contains("[PASS] Notary signature")
        .contains("[PASS] Proof's ledger block").contains("[FAIL] Notary certificate chain");
    assertThat(run.exit()).isEqualTo(3);
  }

  @Test
  void missing_arguments_are_a_usage_error_with_exit_code_64() {
    assertThat(verify(exhibit.toString()).exit()).isEqualTo(64);
    assertThat(verify(exhibit.toString(), proof.toString()).exit()).isEqualTo(64);
  }

  /** A self-signed root that has nothing to do with the notary, with its key. */
  record OtherRoot(java.security.PrivateKey key, java.security.cert.X509Certificate certificate) {
    static OtherRoot create() throws Exception {
      var generator = java.security.KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      var keys = generator.generateKeyPair();
      var name = new org.bouncycastle.asn1.x500.X500Name("CN=Some Other Root");
      var cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
          new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.TEN,
              new java.util.Date(0), new java.util.Date(4102444800000L), name, keys.getPublic())
              .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                  .build(keys.getPrivate())));
      return new OtherRoot(keys.getPrivate(), cert);
    }

    static String pem() throws Exception {
      var text = new java.io.StringWriter();
      try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(text)) {
        writer.writeObject(create().certificate());
      }
      return text.toString();
    }
  }
}
