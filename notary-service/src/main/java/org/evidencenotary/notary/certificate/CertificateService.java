package org.evidencenotary.notary.certificate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.pixelmed.dicom.SOPClassDescriptions;
import io.quarkus.arc.ClientProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.util.Selector;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.ProofBundle;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.format.Verdict;
import org.evidencenotary.notary.dicom.DicomAttributes;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.identity.AcquisitionSigner;
import org.evidencenotary.notary.identity.IdentityRegistry;
import org.evidencenotary.notary.pki.NotaryIdentity;
import org.evidencenotary.notary.proof.ProofService;
import org.evidencenotary.notary.timestamping.TimeStamping;
import org.evidencenotary.notary.verify.Exhibit;
import org.evidencenotary.notary.verify.VerificationReport;
import org.evidencenotary.notary.verify.VerificationService;
import org.evidencenotary.storage.EvidenceStore;
import org.evidencenotary.storage.ObjectRetention;
import org.evidencenotary.storage.WormStore;

/**
 * Issues the court-ready certificate: a signed PDF (PAdES B-LT) that states what was notarized,
 * who signed it, where it is anchored and kept, what was checked at issuance, and a certification
 * statement; with a QR code to the evidence, a thumbnail for images, and the proof bundle
 * attached, and the certificates and CRLs of the signature's and time-stamp's chains in its
 * document security store, so the PDF alone carries everything an offline check needs.
 *
 * <p>Only for anchored evidence whose stored original verifies at the moment of issuance: the
 * certificate is never more confident than the checks behind it.
 */
@ApplicationScoped
public class CertificateService {
  static final String PROOF_ATTACHMENT = "proof-bundle.json";
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final long THUMBNAIL_MAX_BYTES = 20L << 20;
  /** A SHA-256 value in hex (64 digits, not part of a longer run): its first 16 digits as group 1. */
  private static final Pattern SHA256_HEX =
      Pattern.compile("(?<![0-9a-f])([0-9a-f]{16})[0-9a-f]{48}(?![0-9a-f])");

  @Inject ProofService proofs;
  @Inject VerificationService verifier;
  @Inject NotaryIdentity identity;
  @Inject EvidenceStore store;
  @Inject CertificateConfig config;
  @Inject TimeStamping tsa;
  @Inject IdentityRegistry identities;

  public byte[] certificateOf(EvidenceRecord record) throws IOException {
    ProofBundle proof = proofs.proofOf(record);
    VerificationReport report = verifier.verify(new Exhibit(Sha256.fromHex(record.sha256()), record.size()), proof);
    if (report.verdict() != Verdict.AUTHENTIC) {
      String failed = report.checks().stream().filter(c -> c.result() != Check.Result.PASSED)
          .map(Check::name).reduce((a, b) -> a + ", " + b).orElse("unknown");
      throw new CertificateRefusedException(record.id(), "the evidence does not verify now (" + failed + ")");
    }
    byte[] proofJson = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(proof);
    byte[] unsigned = render(record, proof, report, proofJson);
    byte[] signed = PadesSigner.sign(unsigned, identity, tsa,
        "Certificate of authenticity for evidence " + record.id(), "Evidence notary");
    return LongTermValidation.append(signed, validationCertificates(), revocationLists());
  }

  /** Every certificate of the signature's chain and of the time-stamp's chain, roots included. */
  private List<X509Certificate> validationCertificates() {
    List<X509Certificate> certificates = new ArrayList<>(identity.chain());
    certificates.addAll(tsa.chain());
    return certificates;
  }

  /**
   * Revocation status for both chains, as CRLs issued now (after the signature's time-stamp): the
   * hospital CA's, which issued the notary's certificate, and the TSA root's, which issued the TSA
   * certificate. Roots are trust anchors and need none.
   */
  private List<X509CRL> revocationLists() {
    List<X509CRL> crls = new ArrayList<>();
    crls.add(identities.crl());
    tsa.crl().ifPresent(crls::add);
    return crls;
  }

  private byte[] render(EvidenceRecord r, ProofBundle proof, VerificationReport report, byte[] proofJson)
      throws IOException {
    // The QR code opens the evidence's public page (the portal's /evidence/{id}).
    String verifyUrl = config.publicUrl() + "/evidence/" + r.id();
    try (PDDocument document = new PDDocument()) {
      PDDocumentInformation info = document.getDocumentInformation();
      info.setTitle("Certificate of authenticity - evidence " + r.id());
      info.setAuthor(identity.serviceSubject());
      info.setSubject("SHA-256 " + r.sha256());
      info.setCreationDate(calendar(Instant.now()));
      try (PageWriter w = new PageWriter(document, "Certificate of authenticity, evidence " + r.id())) {
        w.title("Certificate of Authenticity of Electronic Evidence",
            "Issued " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + " by " + identity.serviceSubject());
        // A band under the title: the QR code on the right, a thumbnail of the image beside it.
        float top = w.y - 6;
        drawQr(document, w, verifyUrl, top);
        boolean pictured = thumbnail(document, w, r, top);
        w.text(w.regular, 7.5f, PageWriter.MARGIN + PageWriter.WIDTH - 96, top - 108, "Scan: this evidence's record");
        if (pictured) {
          w.text(w.regular, 7.5f, PageWriter.MARGIN + PageWriter.WIDTH - 96 - 8 - 96, top - 108, "Notarized image");
        }
        w.text(w.bold, 10, PageWriter.MARGIN, top - 14, "SHA-256 of the notarized file");
        w.text(w.mono, 9, PageWriter.MARGIN, top - 30, r.sha256().substring(0, 32));
        w.text(w.mono, 9, PageWriter.MARGIN, top - 42, r.sha256().substring(32));
        // Two lines, so the text stays clear of the thumbnail beside it.
        w.text(w.regular, 9, PageWriter.MARGIN, top - 60, "Anchored " + proof.anchor().timestamp());
        w.text(w.regular, 9, PageWriter.MARGIN, top - 72, "in block " + proof.anchor().blockNumber() + " of the "
            + proof.anchor().ledger() + " ledger");
        w.text(w.regular, 9, PageWriter.MARGIN, top - 88, "Verified at issuance: " + report.verdict());
        w.y = top - 112;

        w.heading("What was notarized");
        w.field("Evidence id", r.id(), true);
        optionalField(w, "File name", r.statement().fileName());
        w.field("Media type", r.mediaType());
        w.field("Size", String.format("%,d bytes", r.size()));
        w.field("SHA-256", r.sha256(), true);
        w.field("Received", r.statement().receivedAt() + " (notary clock)");
        optionalField(w, "Case reference", r.statement().caseReference());
        optionalField(w, "Description", r.statement().description());
        w.field("Submitted by", r.statement().submitter() + " (as declared; no login yet)");

        if (r.dicom() != null) {
          dicomSection(w, r, proof);
        }

        w.heading("Signed by");
        w.field("SHA-256 of statement", r.statementSha256(), true);
        w.field("Notary", identity.serviceSubject());
        w.field("Certificate SHA-256", identity.serviceCertificateSha256(), true);
        w.field("Signature", "ECDSA P-256 with SHA-256 over the RFC 8785 canonical statement");
        w.field("This PDF", "signed PAdES baseline B-LT, time-stamped by " + commonName(tsa.chain().get(0)));
        w.field("Acquired by", acquisitionSigner(r));

        w.heading("Anchored on the ledger");
        ProofBundle.Anchor a = proof.anchor();
        w.field("Ledger", a.chaincode() == null ? a.ledger() + " ledger '" + a.ledgerId() + "'"
            : "Hyperledger Fabric channel '" + a.ledgerId() + "', chaincode '" + a.chaincode() + "'");
        w.field("Block", a.blockNumber() + ", hash " + a.blockHash(), true);
        w.field("Transaction", a.transactionId(), true);
        w.field("Anchored at", a.timestamp() + " by " + a.anchoredBy());
        if (a.endorsingOrganisations() != null) {
          w.field("Endorsed by", String.join(", ", a.endorsingOrganisations()));
        }

        w.heading("Where the original is kept");
        w.field("Store", proof.storage().store() + ", address " + proof.storage().address());
        w.field("Retention", retention(r));

        w.heading("Checked when this certificate was issued");
        w.paragraph("Hash values are shortened here to their first 16 digits; the full values are above and in"
            + " the attached proof bundle.", 7.5f);
        for (Check c : report.checks()) {
          w.check(c.result() + "  " + c.name() + ":", SHA256_HEX.matcher(c.detail()).replaceAll("$1...").replace("....", "..."));
        }

        w.heading("Certification");
        w.paragraph("The notary service named above certifies that the electronic file identified by the SHA-256 "
            + "hash value above was received at the time stated; that this hash value was computed from the "
            + "exact bytes received, by a process that produces an accurate result; that the file has been kept "
            + "since then in the store named above, where it was re-read and found unchanged when this "
            + "certificate was issued; and that the hash value was recorded on the ledger named above at the "
            + "time stated. Any file whose SHA-256 hash value equals the value above is bit-for-bit identical "
            + "to the file received. (Compare US Federal Rules of Evidence 902(13) and 902(14): records "
            + "generated by an electronic process or system, and data copied from an electronic device, "
            + "identified by a process of digital identification.)", 9);
        w.paragraph("This document carries an advanced electronic signature of the notary service (PAdES "
            + "baseline B-LT, ETSI EN 319 142) in the sense of the EU eIDAS Regulation (EU) No 910/2014, "
            + "time-stamped and with the certificates and revocation lists needed to check it; the "
            + "machine-readable proof bundle is attached to it as '" + PROOF_ATTACHMENT + "'.", 9);

        w.heading("How to check this certificate");
        w.paragraph("1. Compute the SHA-256 of the exhibit (for example: sha256sum FILE) and compare it with the "
            + "value above. 2. Check this PDF's signature with any PDF reader that validates signatures, against "
            + "the notary's root certificate (a reader may say it does not cover the whole document: the "
            + "certificates and revocation lists are added after signing, and nothing else). 3. Open "
            + config.publicUrl() + "/ in a browser and give it the exhibit and this PDF, or upload the exhibit with "
            + "the attached proof bundle to " + config.publicUrl() + "/api/v1/verify (multipart parts 'file' and "
            + "'proof'), or scan the QR code to reach this evidence's page: " + verifyUrl, 9);
      }
      attach(document, proofJson);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    }
  }

  /**
   * What the hospital's record says about a DICOM instance: its kind, acquisition and device, and
   * its place in its series; identifiers of the acquisition and the device only, no patient data.
   */
  private static void dicomSection(PageWriter w, EvidenceRecord r, ProofBundle proof) throws IOException {
    DicomAttributes a = r.dicom();
    w.heading("DICOM instance (no patient data)");
    String kind = a.sopClassUid() == null ? null : SOPClassDescriptions.getDescriptionFromUID(a.sopClassUid());
    w.field("Modality, object", join(", ", a.modality(),
        kind == null || kind.isBlank() ? a.sopClassUid() : kind + " (" + a.sopClassUid() + ")"));
    w.field("Acquired", a.acquisitionDate() == null && a.acquisitionTime() == null ? null
        : join(" ", a.acquisitionDate(), a.acquisitionTime()) + " (date and time as the modality recorded them)");
    w.field("Device", join(", ", join(" ", a.manufacturer(), a.manufacturerModelName()),
        a.deviceSerialNumber() == null ? null : "serial " + a.deviceSerialNumber(),
        a.stationName() == null ? null : "station " + a.stationName(), a.institutionName()));
    w.field("Image", join(", ", a.rows() == null ? null : a.rows() + " x " + a.columns() + " pixels",
        a.numberOfFrames() == null ? null : a.numberOfFrames() + (a.numberOfFrames() == 1 ? " frame" : " frames"),
        a.transferSyntaxUid() == null ? null : "transfer syntax " + a.transferSyntaxUid()));
    var statement = r.statement().dicom();
    if (statement != null && statement.pixelDataSha256() != null) {
      w.field("Pixel data SHA-256", statement.pixelDataSha256(), true);
    }
    ProofBundle.Series series = proof.series();
    w.field("Series", series == null
        ? "its series manifest is not anchored yet (a series is complete once no instance arrived for a while)"
        : "instance " + (series.leafIndex() + 1) + " of " + series.leafCount() + " in version " + series.version()
            + " of the series manifest, Merkle root " + series.merkleRoot() + ", anchored in block "
            + series.anchor().blockNumber());
  }

  /** A row only when the submitter declared the value (file name, case reference, description). */
  private static void optionalField(PageWriter w, String label, String value) throws IOException {
    if (value != null && !value.isBlank()) {
      w.field(label, value);
    }
  }

  /** The values that are present, joined by {@code separator}; null when none is. */
  private static String join(String separator, String... values) {
    String joined = Arrays.stream(values).filter(v -> v != null && !v.isBlank())
        .collect(Collectors.joining(separator));
    return joined.isEmpty() ? null : joined;
  }

  /** Who signed the acquisition (CMS signer) and the time-stamp's time, or that nobody did. */
  private static String acquisitionSigner(EvidenceRecord r) {
    if (r.acquisitionSignature() == null) {
      return "no technologist or device signature (the notary's alone)";
    }
    try {
      var cms = new CMSSignedData(Base64.getDecoder().decode(r.acquisitionSignature()));
      var signer = cms.getSignerInfos().getSigners().iterator().next();
      @SuppressWarnings("unchecked")
      var matches = cms.getCertificates().getMatches((Selector<X509CertificateHolder>) signer.getSID());
      String who = matches.isEmpty() ? "an unnamed signer" : matches.iterator().next().getSubject().toString();
      Instant when = AcquisitionSigner.timestampOf(cms).getTimeStampInfo().getGenTime().toInstant();
      return who + ", time-stamped " + when + " (CMS signature with the file, checked below)";
    } catch (Exception e) {
      return "a signature that cannot be read: " + e.getMessage();
    }
  }

  /** The original's write-once protection as the store reports it now. */
  private String retention(EvidenceRecord r) {
    if (!(ClientProxy.unwrap(store) instanceof WormStore worm)) {
      return "none enforced by the embedded filesystem store (write-once files, re-checked on every read)";
    }
    try {
      ObjectRetention retention = worm.retention(Sha256.fromHex(r.sha256()));
      return (retention.retainUntil() == null ? "no retention period"
          : (retention.mode() == null ? "" : retention.mode() + " ") + "retention until " + retention.retainUntil()
              + " (not even an administrator can delete or shorten it)")
          + (retention.legalHold() ? "; under legal hold" : "");
    } catch (IOException | RuntimeException e) {
      return "could not be read from the object store: " + e.getMessage();
    }
  }

  private static void drawQr(PDDocument document, PageWriter w, String url, float top) throws IOException {
    try {
      BitMatrix matrix = new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 300, 300,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
      BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
      for (int x = 0; x < matrix.getWidth(); x++) {
        for (int y = 0; y < matrix.getHeight(); y++) {
          image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
        }
      }
      PDImageXObject qr = LosslessFactory.createFromImage(document, image);
      float size = 96;
      w.content().drawImage(qr, PageWriter.MARGIN + PageWriter.WIDTH - size, top - size - 4, size, size);
    } catch (WriterException e) {
      throw new IOException("QR code could not be made: " + e.getMessage(), e);
    }
  }

  private boolean thumbnail(PDDocument document, PageWriter w, EvidenceRecord r, float top) throws IOException {
    if (!List.of("image/png", "image/jpeg", "image/gif", "image/bmp").contains(r.mediaType())
        || r.size() > THUMBNAIL_MAX_BYTES) {
      return false;
    }
    BufferedImage image;
    try (InputStream in = store.open(Sha256.fromHex(r.sha256()))) {
      image = ImageIO.read(new ByteArrayInputStream(in.readAllBytes()));
    }
    if (image == null) {
      return false;
    }
    float max = 96;
    float scale = Math.min(max / image.getWidth(), max / image.getHeight());
    PDImageXObject picture = LosslessFactory.createFromImage(document, image);
    w.content().drawImage(picture, PageWriter.MARGIN + PageWriter.WIDTH - 96 - 8 - image.getWidth() * scale,
        top - image.getHeight() * scale - 4, image.getWidth() * scale, image.getHeight() * scale);
    return true;
  }

  private static void attach(PDDocument document, byte[] proofJson) throws IOException {
    PDEmbeddedFile file = new PDEmbeddedFile(document, new ByteArrayInputStream(proofJson));
    file.setSubtype("application/json");
    file.setSize(proofJson.length);
    file.setCreationDate(calendar(Instant.now()));
    PDComplexFileSpecification spec = new PDComplexFileSpecification();
    spec.setFile(PROOF_ATTACHMENT);
    spec.setFileUnicode(PROOF_ATTACHMENT);
    spec.setEmbeddedFile(file);
    spec.setFileDescription("Proof bundle (evidence-notary-proof/v1) for offline verification");
    spec.getCOSObject().setName(COSName.getPDFName("AFRelationship"), "Data");
    PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
    tree.setNames(Map.of(PROOF_ATTACHMENT, spec));
    PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
    names.setEmbeddedFiles(tree);
    document.getDocumentCatalog().setNames(names);
    COSArray af = new COSArray();
    af.add(spec.getCOSObject());
    document.getDocumentCatalog().getCOSObject().setItem(COSName.getPDFName("AF"), af);
  }

  private static String commonName(X509Certificate certificate) {
    return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded())
        .getRDNs(BCStyle.CN)[0].getFirst().getValue().toString();
  }

  private static Calendar calendar(Instant instant) {
    GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
    c.setTimeInMillis(instant.toEpochMilli());
    return c;
  }
}
