package org.evidencenotary.verifier;

import java.io.IOException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.util.Selector;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Sha256;

/** Reads a certificate PDF: its attached proof bundle, and the check of its own signature. */
final class PdfChecks {
  static final String PDF_SIGNATURE = "Certificate PDF signature";
  static final String PDF_TIMESTAMP = "Certificate PDF time-stamp";
  static final String ATTACHMENT = "proof-bundle.json";

  private PdfChecks() {}

  /**
   * Why a CRL of the document security store (PAdES B-LT) revokes {@code certificate} at or before
   * {@code signed}, or null when none does. Only CRLs signed by the certificate's issuer count; that
   * every CRL there is signed by a certificate of the store is checked with the revision.
   */
  private static String revokedBy(PDDocument document, X509Certificate certificate, Instant signed) throws IOException {
    if (!(document.getDocumentCatalog().getCOSObject().getDictionaryObject(COSName.getPDFName("DSS"))
        instanceof COSDictionary dss)) {
      return null;
    }
    for (X509CRL crl : RevisionChanges.ValidationData.of(dss).crls()) {
      if (!crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())) {
        continue;
      }
      X509CRLEntry entry = crl.getRevokedCertificate(certificate);
      if (entry != null && !entry.getRevocationDate().toInstant().isAfter(signed)) {
        return "the CRL of '" + crl.getIssuerX500Principal().getName() + "' issued " + crl.getThisUpdate().toInstant()
            + " lists it as revoked on " + entry.getRevocationDate().toInstant() + ", before the signature of "
            + signed;
      }
    }
    return null;
  }

  /** The attached proof bundle's bytes, or null when the PDF has none. */
  static byte[] proofAttachment(byte[] pdf) throws IOException {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      PDDocumentNameDictionary names = document.getDocumentCatalog().getNames();
      if (names == null || names.getEmbeddedFiles() == null || names.getEmbeddedFiles().getNames() == null) {
        return null;
      }
      PDComplexFileSpecification spec = names.getEmbeddedFiles().getNames().get(ATTACHMENT);
      return spec == null || spec.getEmbeddedFile() == null ? null : spec.getEmbeddedFile().toByteArray();
    }
  }

  /**
   * The RFC 3161 signature time-stamp in the PDF signature (PAdES B-T): its imprint is the
   * SHA-256 of the signature value, its TSA signature verifies, and the TSA chains to a trusted
   * root. NOT_CHECKED when the signature carries none (B-B).
   */
  static Check timestamp(byte[] pdf, List<X509Certificate> roots) {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      List<PDSignature> signatures = document.getSignatureDictionaries();
      if (signatures.size() != 1) {
        return Check.failed(PDF_TIMESTAMP, "Expected one signature in the PDF.");
      }
      PDSignature signature = signatures.get(0);
      byte[] der;
      try (ASN1InputStream in = new ASN1InputStream(signature.getContents())) {
        der = in.readObject().getEncoded("DER");
      }
      SignerInformation signer = new CMSSignedData(der).getSignerInfos().getSigners().iterator().next();
      var unsigned = signer.getUnsignedAttributes();
      var attribute = unsigned == null ? null
          : unsigned.get(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
      if (attribute == null) {
        return Check.notChecked(PDF_TIMESTAMP, "The PDF signature carries no time-stamp (PAdES B-B).");
      }
      org.bouncycastle.tsp.TimeStampToken token = new org.bouncycastle.tsp.TimeStampToken(
          new CMSSignedData(attribute.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded()));
      byte[] expected = Sha256.digest(signer.getSignature()).bytes();
      if (!java.util.Arrays.equals(expected, token.getTimeStampInfo().getMessageImprintDigest())) {
        return Check.failed(PDF_TIMESTAMP, "The time-stamp is not over this signature.");
      }
      @SuppressWarnings("unchecked")
      Collection<X509CertificateHolder> tsaCerts = token.getCertificates().getMatches((Selector<X509CertificateHolder>) token.getSID());
      if (tsaCerts.isEmpty()) {
        return Check.failed(PDF_TIMESTAMP, "The time-stamp does not carry its authority's certificate.");
      }
      X509Certificate tsaCert = new JcaX509CertificateConverter().getCertificate(tsaCerts.iterator().next());
      token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsaCert));
      Instant time = token.getTimeStampInfo().getGenTime().toInstant();
      Check trust = ProofChecks.chain(List.of(tsaCert), roots, time);
      if (!trust.passed()) {
        return Check.untrusted(PDF_TIMESTAMP, "The time-stamp is intact but its authority is not trusted: " + trust.detail());
      }
      return Check.passed(PDF_TIMESTAMP, "RFC 3161 time-stamp by '" + ProofChecks.subject(tsaCert) + "' at " + time
          + " over the PDF signature; the authority chains to a trusted root.");
    } catch (Exception e) {
      return Check.failed(PDF_TIMESTAMP, "The PDF's time-stamp could not be checked: " + e.getMessage());
    }
  }

  /**
   * The PDF carries exactly one signature, covering the whole file (or all of it but a later
   * revision that only adds PAdES validation data), whose CMS verifies and whose signer chains to
   * a trusted root.
   */
  static Check signature(byte[] pdf, List<X509Certificate> roots) {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      List<PDSignature> signatures = document.getSignatureDictionaries();
      if (signatures.size() != 1) {
        return Check.failed(PDF_SIGNATURE, "Expected one signature in the PDF, found " + signatures.size() + ".");
      }
      PDSignature signature = signatures.get(0);
      int[] range = signature.getByteRange();
      if (range == null || range.length != 4 || range[0] != 0 || (long) range[2] + range[3] > pdf.length) {
        return Check.failed(PDF_SIGNATURE, "The signature's byte range is malformed.");
      }
      int signedLength = range[2] + range[3];
      String laterChange = signedLength == pdf.length ? null : RevisionChanges.beyondValidationData(pdf, signedLength);
      if (laterChange != null) {
        return Check.failed(PDF_SIGNATURE,
            "The signature does not cover the whole file: it was changed after signing (" + laterChange + ").");
      }
      byte[] der;
      // /Contents is zero-padded to its reserved size: read one DER object and drop the padding.
      try (ASN1InputStream in = new ASN1InputStream(signature.getContents())) {
        der = in.readObject().getEncoded("DER");
      }
      CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(signature.getSignedContent(pdf)), der);
      SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
      @SuppressWarnings("unchecked")
      Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches((Selector<X509CertificateHolder>) signer.getSID());
      if (matches.isEmpty()) {
        return Check.failed(PDF_SIGNATURE, "The PDF signature does not carry its signer's certificate.");
      }
      X509Certificate signerCert = new JcaX509CertificateConverter().getCertificate(matches.iterator().next());
      if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(signerCert))) {
        return Check.failed(PDF_SIGNATURE, "The PDF's signature does not match its content: it was changed.");
      }
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(signerCert);
      Instant signed = signature.getSignDate() == null ? Instant.now() : signature.getSignDate().toInstant();
      Check trust = ProofChecks.chain(chain, roots, signed);
      if (!trust.passed()) {
        return Check.untrusted(PDF_SIGNATURE, "The PDF's signature is intact but its signer is not trusted: " + trust.detail());
      }
      String revoked = revokedBy(document, signerCert, signed);
      if (revoked != null) {
        return Check.failed(PDF_SIGNATURE, "The PDF's signature is intact, but its signer's certificate was revoked: "
            + revoked + ".");
      }
      String coverage = signedLength == pdf.length ? "covers the whole file"
          : "covers the whole file except a later addition of validation data (certificates and CRLs, PAdES B-LT),"
              + " whose CRLs do not list the signer as revoked before signing";
      return Check.passed(PDF_SIGNATURE, "The PDF's PAdES signature by '" + ProofChecks.subject(signerCert)
          + "' " + coverage + ", verifies, and chains to a trusted root.");
    } catch (Exception e) {
      return Check.failed(PDF_SIGNATURE, "The PDF's signature could not be checked: " + e.getMessage());
    }
  }
}
