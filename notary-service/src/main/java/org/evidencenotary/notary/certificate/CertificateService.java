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
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
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
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Matcher;
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
import org.evidencenotary.notary.custody.CustodyHistory;
import org.evidencenotary.notary.custody.CustodyService;
import org.evidencenotary.notary.custody.PublicCustodyEvent;
import org.evidencenotary.notary.proof.ProofService;
import org.evidencenotary.notary.timestamping.TimeStamping;
import org.evidencenotary.notary.verify.Exhibit;
import org.evidencenotary.notary.verify.VerificationReport;
import org.evidencenotary.notary.verify.VerificationService;
import org.evidencenotary.storage.EvidenceStore;
import org.evidencenotary.storage.ObjectRetention;
import org.evidencenotary.storage.WormStore;
import org.jboss.logging.Logger;

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
  static final String NOT_CONFIGURED = "not configured for this installation";
  private static final Logger LOG = Logger.getLogger(CertificateService.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final long THUMBNAIL_MAX_BYTES = 20L << 20;
  /** A SHA-256 value in hex (64 digits, not part of a longer run): its first 16 digits as group 1. */
  private static final Pattern SHA256_HEX =
      Pattern.compile("(?<![0-9a-f])([0-9a-f]{16})[0-9a-f]{48}(?![0-9a-f])");

  private static final Pattern ISO_INSTANT =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z");
  /** An X.500 name in quotes, as the verification checks print a certificate's subject. */
  private static final Pattern QUOTED_NAME = Pattern.compile("'((?:CN|O|OU|C|L|ST)=[^']*)'");

  @Inject ProofService proofs;
  @Inject CustodyService custody;
  @Inject VerificationService verifier;
  @Inject NotaryIdentity identity;
  @Inject EvidenceStore store;
  @Inject CertificateConfig config;
  @Inject TimeStamping tsa;
  @Inject IdentityRegistry identities;

  /** Says at start, rather than at the first certificate, that the fonts are missing. */
  void checkFonts(@Observes StartupEvent event) {
    Path missing = CertificateFonts.missing(Path.of(config.fontDirectory()));
    if (missing != null) {
      LOG.warnf("No certificate can be issued: the font %s is missing. Install Debian's fonts-dejavu-core or set"
          + " notary.certificate.font-directory.", missing);
    }
  }

  public byte[] certificateOf(EvidenceRecord record) throws IOException {
    // One reading of the ledger for both the printed history and the attached proof's, so they agree.
    CustodyHistory history = custody.list(record.id());
    List<PublicCustodyEvent> custodyEvents = custody.publicForm(history);
    ProofBundle proof = proofs.proofOf(record)
        .withCustody(proofs.custodyOf(history, ProofService.CustodyForm.PUBLIC));
    VerificationReport report = verifier.verify(new Exhibit(Sha256.fromHex(record.sha256()), record.size()), proof);
    if (report.verdict() != Verdict.AUTHENTIC) {
      String failed = report.checks().stream().filter(c -> c.result() != Check.Result.PASSED)
          .map(Check::name).reduce((a, b) -> a + ", " + b).orElse("unknown");
      throw new CertificateRefusedException(record.id(), "the evidence does not verify now (" + failed + ")");
    }
    byte[] proofJson = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(proof);
    byte[] unsigned = render(record, proof, report, proofJson, custodyEvents);
    byte[] signed = PadesSigner.sign(unsigned, identity, tsa,
        "Certificate of authenticity for evidence " + record.id(), config.institution());
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

  private byte[] render(EvidenceRecord r, ProofBundle proof, VerificationReport report, byte[] proofJson,
      List<PublicCustodyEvent> custodyEvents) throws IOException {
    // The QR code opens the evidence's public page (the portal's /evidence/{id}).
    String verifyUrl = config.publicUrl() + "/evidence/" + r.id();
    Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String notary = HumanText.name(identity.serviceSubject());
    try (PDDocument document = new PDDocument();
        CertificateFonts fonts = CertificateFonts.load(document, Path.of(config.fontDirectory()))) {
      PDDocumentInformation info = document.getDocumentInformation();
      info.setTitle("Certificate of authenticity - evidence " + r.id());
      info.setAuthor(config.institution());
      info.setSubject("SHA-256 " + r.sha256());
      info.setCreationDate(calendar(issued));
      info.setProducer("Evidence Notary");
      PdfA.declare(document, info);
      try (PageWriter w = new PageWriter(document, fonts,
          "Certificate of authenticity, evidence " + r.id())) {
        w.title("Certificate of Authenticity of Electronic Evidence",
            "Issued " + HumanText.moment(issued) + " by " + config.institution());
        // A band under the title: the QR code on the right, a thumbnail of the image beside it.
        float top = w.y - 6;
        float right = PageWriter.MARGIN + PageWriter.WIDTH;
        drawQr(document, w, verifyUrl, top);
        boolean pictured = thumbnail(document, w, r, top);
        w.grey(w.regular, 7.5f, right - 96, top - 110, "Scan to open this");
        w.grey(w.regular, 7.5f, right - 96, top - 119, "evidence's public page");
        if (pictured) {
          w.grey(w.regular, 7.5f, right - 96 - 8 - 96, top - 110, "Notarized image");
        }
        float left = PageWriter.MARGIN;
        w.text(w.bold, 10, left, top - 14, "SHA-256 of the notarized file");
        w.text(w.mono, 9.5f, left, top - 30, r.sha256().substring(0, 32));
        w.text(w.mono, 9.5f, left, top - 43, r.sha256().substring(32));
        // Short lines, so the text stays clear of the thumbnail beside it.
        w.text(w.regular, 9.5f, left, top - 62, "Anchored " + HumanText.moment(proof.anchor().timestamp()));
        w.text(w.regular, 9.5f, left, top - 75, "in block " + proof.anchor().blockNumber() + " of the "
            + proof.anchor().ledger() + " ledger");
        w.text(w.bold, 9.5f, left, top - 94, "Verified at issuance: " + report.verdict());
        w.y = top - 124;

        w.heading("Issued by");
        w.field("Institution", config.institution());
        w.field("Address", config.institutionAddress().orElse(NOT_CONFIGURED));
        w.field("Contact", config.contact().orElse(NOT_CONFIGURED));
        w.field("Responsible person", config.responsible().orElse(NOT_CONFIGURED));
        w.field("Notary service", notary, false, "its seal certificate was issued by "
            + HumanText.name(X500Name.getInstance(identity.serviceCertificate().getIssuerX500Principal().getEncoded())));
        w.field("Issued", HumanText.moment(issued), false, issued.toString());

        w.heading("What was notarized");
        w.field("Evidence id", r.id(), true);
        w.field("Public page", verifyUrl);
        optionalField(w, "File name", r.statement().fileName());
        w.field("Media type", r.mediaType());
        w.field("Size", String.format(Locale.ENGLISH, "%,d bytes", r.size()));
        w.field("SHA-256", r.sha256(), true);
        w.field("Received", HumanText.moment(r.statement().receivedAt()) + " (the notary's clock)", false,
            r.statement().receivedAt());
        optionalField(w, "Case reference", r.statement().caseReference());
        // Digests in a description (a C-STORE's client certificate) shortened as in the checks; the
        // statement and the proof bundle hold them whole.
        String description = r.statement().description();
        optionalField(w, "Description", description == null ? null
            : shortenedDigests(description));
        var signedIn = r.statement().submittedBy();
        if (signedIn != null) {
          w.field("Submitted by (signed in)", signedIn.name() + ", as " + String.join(", ", signedIn.roles()), false,
              "the account the notary authenticated for this submission, signed into the statement");
        }
        w.field("Submitted by (as declared)", r.statement().submitter(), false,
            "the name given with the submission, signed into the statement as given; not an account the notary"
                + " authenticated");

        if (r.dicom() != null) {
          dicomSection(w, r, proof);
        }

        w.heading("Signed by");
        w.field("SHA-256 of statement", r.statementSha256(), true);
        w.field("Certificate SHA-256", identity.serviceCertificateSha256(), true);
        w.field("Statement signature", "ECDSA P-256 with SHA-256 over the RFC 8785 canonical statement");
        w.field("This PDF", "signed PAdES baseline B-LT, time-stamped by " + commonName(tsa.chain().get(0)));
        w.field("Acquired by", acquisitionSigner(r));

        w.heading("Anchored on the ledger");
        ProofBundle.Anchor a = proof.anchor();
        w.field("Ledger", a.chaincode() == null ? a.ledger() + " ledger '" + a.ledgerId() + "'"
            : "Hyperledger Fabric channel '" + a.ledgerId() + "', chaincode '" + a.chaincode() + "'");
        w.field("Block", a.blockNumber() + ", hash " + a.blockHash(), true);
        w.field("Transaction", a.transactionId(), true);
        w.field("Anchored", HumanText.moment(a.timestamp()) + " by " + a.anchoredBy(), false, a.timestamp());
        if (a.endorsingOrganisations() != null) {
          w.field("Endorsed by", String.join(", ", a.endorsingOrganisations()));
        }
        if (custodyEvents.isEmpty()) {
          // One line here rather than a section, so that the fullest certificate keeps to three pages.
          w.field("Chain of custody", NO_RELEASE);
        }

        w.heading("Where the original is kept");
        w.field("Store", proof.storage().store() + ", address " + proof.storage().address());
        retention(w, r);

        if (!custodyEvents.isEmpty()) {
          custodySection(w, custodyEvents, verifyUrl);
        }

        w.heading("Checked when this certificate was issued");
        w.paragraph("Each check below was made by the notary service when it issued this certificate. Hash "
            + "values are shortened to their first 16 digits; the full values are above and in the attached "
            + "proof bundle.", 8, true);
        for (Check c : report.checks()) {
          w.check(c.result().name().replace('_', ' '), c.name(), readable(c.detail()));
        }

        w.heading("Certification");
        w.paragraph(LegalStatement.facts(), 9.5f);
        for (String paragraph : LegalStatement.of(config, notary, PROOF_ATTACHMENT)) {
          w.paragraph(paragraph, 9.5f);
        }

        // The instructions stay together: on this page, or all of them on the next.
        List<String> steps = List.of(
            "1. Compute the SHA-256 of the exhibit (for example: sha256sum FILE) and compare it with the value above.",
            "2. Check this PDF's signature with a PDF reader that validates signatures, against the notary's root "
                + "certificate. A reader may say the signature does not cover the whole document: the certificates "
                + "and revocation lists needed to check it years from now are added after signing, and nothing else.",
            "3. Open this evidence's public page, " + verifyUrl + " (the QR code leads there), to see its record "
                + "and check an exhibit against it; or give the exhibit and this PDF to " + config.publicUrl()
                + "/ in a browser.");
        String programs = "Programs can upload the exhibit with the attached proof bundle to " + config.publicUrl()
            + "/api/v1/verify (multipart parts 'file' and 'proof'), or run the offline verifier on the exhibit "
            + "and this PDF.";
        float height = PageWriter.headingHeight() + w.paragraphHeight(programs, 8);
        for (String step : steps) {
          height += w.paragraphHeight(step, 9.5f);
        }
        w.ensure(height);
        w.heading("How to check this certificate");
        for (String step : steps) {
          w.paragraph(step, 9.5f);
        }
        w.paragraph(programs, 8, true);
      }
      attach(document, proofJson, issued);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    }
  }

  /**
   * The custody events recorded before this certificate, in their public form: what, in which
   * role, when, and where on the ledger; no names (docs/privacy.md). The certificate's own issue is
   * recorded only after it is signed, so it cannot list itself; the public page shows it.
   */
  static final String NO_RELEASE = "no release of this evidence was recorded before this certificate; its own"
      + " issue is recorded on the ledger next";

  private static void custodySection(PageWriter w, List<PublicCustodyEvent> events, String verifyUrl)
      throws IOException {
    w.heading("Chain of custody before this certificate");
    w.paragraph("Every release of this evidence (its original, a signed copy, a certificate, a proof) is recorded "
        + "on the ledger before anything is sent. Below are the releases recorded before this certificate was "
        + "issued, oldest first, in the role the person acted in; names are kept by the notary for those entitled "
        + "to them. The issue of this certificate is recorded next, and shows on " + verifyUrl + ". The attached "
        + "proof bundle carries each event with its ledger block, for the offline verifier.", 8, true);
    for (PublicCustodyEvent e : events) {
      w.field(e.number() + ". " + e.actionText(), HumanText.moment(e.recordedAt()) + ", as " + e.roleText(), false,
          "recorded by " + e.recordedBy() + " in block " + e.blockNumber() + ", transaction " + e.transactionId());
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
    String acquired = HumanText.dicomDateTime(a.acquisitionDate(), a.acquisitionTime());
    w.field("Acquired", acquired == null ? null : acquired, false, acquired == null ? null
        : "as the modality recorded it, in its local time (DICOM "
            + join(" ", a.acquisitionDate(), a.acquisitionTime()) + ")");
    w.field("Device", join(", ", join(" ", a.manufacturer(), a.manufacturerModelName()),
        a.deviceSerialNumber() == null ? null : "serial " + a.deviceSerialNumber(),
        a.stationName() == null ? null : "station " + a.stationName(), a.institutionName()));
    w.field("Image", join(", ", a.rows() == null ? null : a.rows() + " x " + a.columns() + " pixels",
        a.numberOfFrames() == null ? null : a.numberOfFrames() + (a.numberOfFrames() == 1 ? " frame" : " frames"),
        a.transferSyntaxUid() == null ? null : "transfer syntax " + a.transferSyntaxUid()));
    var statement = r.statement().dicom();
    if (statement != null && statement.pixelDataSha256() != null) {
      w.field("Pixel data SHA-256", statement.pixelDataSha256(), true);
    } else if (statement != null) {
      w.field("Pixel data", "no pixel digest: the file's SHA-256 alone binds this instance");
    }
    if (statement != null && statement.warnings() != null) {
      // Fixed texts naming tags and VRs, never a value: the scanner's, signed into the statement.
      w.field("Warnings", String.join("; ", statement.warnings()), false,
          "read and notarized, though it departs from the DICOM standard (signed into the statement)");
    }
    ProofBundle.Series series = proof.series();
    w.field("Series", series == null
        ? "its series manifest is not anchored yet (a series is complete once no instance arrived for a while)"
        : "instance " + (series.leafIndex() + 1) + " of " + series.leafCount() + " in version " + series.version()
            + " of the series manifest, Merkle root " + series.merkleRoot() + ", anchored in block "
            + series.anchor().blockNumber());
  }

  /** {@code text} with every SHA-256 value shortened to its first 16 digits and "...". */
  private static String shortenedDigests(String text) {
    return SHA256_HEX.matcher(text).replaceAll("$1...").replace("....", "...");
  }

  /**
   * A check's detail as the certificate prints it: hash values shortened, instants in words, names
   * of certificate subjects without X.500 syntax. The attached proof bundle keeps the exact values.
   */
  static String readable(String detail) {
    String dated = ISO_INSTANT.matcher(shortenedDigests(detail))
        .replaceAll(m -> Matcher.quoteReplacement(HumanText.moment(m.group())));
    return QUOTED_NAME.matcher(dated)
        .replaceAll(m -> Matcher.quoteReplacement("'" + HumanText.name(m.group(1)) + "'"));
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
      String who = matches.isEmpty() ? "an unnamed signer" : HumanText.name(matches.iterator().next().getSubject());
      Instant when = AcquisitionSigner.timestampOf(cms).getTimeStampInfo().getGenTime().toInstant();
      return who + ", time-stamped " + HumanText.moment(when) + " (CMS signature with the file, checked below)";
    } catch (Exception e) {
      return "a signature that cannot be read: " + e.getMessage();
    }
  }

  /**
   * The original's write-once protection as the store reports it now, with the exact end of the
   * retention period (ISO-8601) as a note when there is one.
   */
  private void retention(PageWriter w, EvidenceRecord r) throws IOException {
    if (!(ClientProxy.unwrap(store) instanceof WormStore worm)) {
      w.field("Retention", "none enforced by the embedded filesystem store (write-once files, re-checked on every read)");
      return;
    }
    ObjectRetention retention;
    try {
      retention = worm.retention(Sha256.fromHex(r.sha256()));
    } catch (IOException | RuntimeException e) {
      w.field("Retention", "could not be read from the object store: " + e.getMessage());
      return;
    }
    Instant until = retention.retainUntil();
    w.field("Retention", (until == null ? "no retention period"
        : (retention.mode() == null ? "" : retention.mode() + " ") + "retention until " + HumanText.moment(until)
            + " (not even an administrator can delete or shorten it)")
        + (retention.legalHold() ? "; under legal hold" : ""), false, until == null ? null : until.toString());
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

  private static void attach(PDDocument document, byte[] proofJson, Instant issued) throws IOException {
    PDEmbeddedFile file = new PDEmbeddedFile(document, new ByteArrayInputStream(proofJson));
    file.setSubtype("application/json");
    file.setSize(proofJson.length);
    file.setCreationDate(calendar(issued));
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
