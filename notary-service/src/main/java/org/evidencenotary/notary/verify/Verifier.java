package org.evidencenotary.notary.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.evidencenotary.notary.dicom.AttributeChange;
import org.evidencenotary.notary.dicom.DicomScan;
import org.evidencenotary.notary.dicom.PixelDigests;
import org.evidencenotary.notary.evidence.DicomService;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceRepository;
import org.evidencenotary.notary.identity.IdentityRegistry;
import org.evidencenotary.notary.ledger.Ledger;
import org.evidencenotary.notary.ledger.LedgerEntry;
import org.evidencenotary.notary.ledger.LedgerUnavailableException;
import org.evidencenotary.notary.proof.ProofBundle;
import org.evidencenotary.notary.proof.ProofService;
import org.evidencenotary.notary.pki.NotaryIdentity;
import org.evidencenotary.notary.timestamping.TimeStamping;
import org.evidencenotary.notary.statement.EvidenceStatement;
import org.evidencenotary.storage.EvidenceStore;
import org.evidencenotary.verifier.ProofChecks;

/**
 * Decides whether an exhibit is authentic, and says exactly what it checked.
 *
 * <p>Security: every check fails closed. A check that throws anything is recorded as FAILED, and
 * AUTHENTIC is given only when every check passed: the digest is anchored, the anchor's block
 * re-verifies in the chain, the signed statement names this digest and hashes to the anchored
 * value, the signature verifies with a certificate that chains to the notary root, and the
 * stored original still has this digest.
 */
@ApplicationScoped
public class Verifier {
  private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Verifier.class);
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      com.fasterxml.jackson.databind.json.JsonMapper.builder().build();
  static final String FINGERPRINT = "Exhibit fingerprint";
  static final String PROOF_MATCH = "Exhibit matches the proof";
  static final String PROOF_ANCHOR = "Proof's ledger block";
  static final String ANCHOR = "Ledger anchor";
  static final String CHAIN = "Ledger block chain";
  static final String STATEMENT = "Signed evidence statement";
  static final String SIGNATURE = "Notary signature";
  static final String CERTIFICATES = "Notary certificate chain";
  static final String ORIGINAL = "Stored original";

  @Inject Ledger ledger;
  @Inject EvidenceRepository repository;
  @Inject EvidenceStore store;
  @Inject NotaryIdentity identity;
  @Inject TimeStamping tsa;
  @Inject IdentityRegistry identities;
  @Inject ProofService proofs;

  /** Verifies {@code exhibit}, against {@code proof} when one is given (may be null). */
  public VerificationReport verify(Exhibit exhibit, ProofBundle proof) {
    List<Check> checks = new ArrayList<>();
    String hex = exhibit.sha256().hex();
    checks.add(Check.passed(FINGERPRINT, "The exhibit's " + exhibit.size() + " bytes have SHA-256 " + hex + "."));
    return proof == null ? verifyByDigest(exhibit, checks) : verifyWithProof(exhibit, proof, checks);
  }

  private VerificationReport verifyByDigest(Exhibit exhibit, List<Check> checks) {
    String hex = exhibit.sha256().hex();
    Optional<LedgerEntry> entry = guarded(() -> ledger.find(hex), checks, ANCHOR);
    if (entry == null) {
      return report(Verdict.UNVERIFIABLE, "The ledger could not be read.", null, exhibit, checks);
    }
    if (entry.isEmpty() && exhibit.isDicom()) {
      VerificationReport byPicture = verifyDicomPicture(exhibit, checks); // DICOM hook
      if (byPicture != null) {
        return byPicture;
      }
    }
    if (entry.isEmpty()) {
      checks.add(Check.failed(ANCHOR, "No anchor for SHA-256 " + hex + " on the " + ledger.kind()
          + " ledger: these exact bytes were never notarized here."));
      return report(Verdict.UNKNOWN, "These exact bytes were never notarized here.", null, exhibit, checks);
    }
    Optional<EvidenceRecord> record = repository.findByDigest(hex);
    if (record.isEmpty()) {
      checks.add(anchorCheck(entry.get()));
      checks.add(Check.failed(STATEMENT, "The digest is anchored as evidence " + entry.get().anchor().evidenceId()
          + " but this notary holds no statement for it; verify with its proof bundle."));
      return report(Verdict.UNVERIFIABLE, "Anchored, but the signed statement is not available here.",
          entry.get().anchor().evidenceId(), exhibit, checks);
    }
    EvidenceRecord r = record.get();
    return checkNotarization(exhibit, entry.get(), r.statement(), r.signature(), identity.chain(), checks);
  }

  private VerificationReport verifyWithProof(Exhibit exhibit, ProofBundle proof, List<Check> checks) {
    String hex = exhibit.sha256().hex();
    EvidenceStatement statement = proof.statement();
    if (statement == null || proof.signature() == null || proof.certificateChain() == null) {
      checks.add(Check.failed(PROOF_MATCH, "The proof bundle lacks its statement, signature or certificates."));
      return report(Verdict.UNVERIFIABLE, "The proof bundle is incomplete.", proof.evidenceId(), exhibit, checks);
    }
    List<X509Certificate> chain;
    try {
      chain = decodeChain(proof.certificateChain());
    } catch (CertificateException | IllegalArgumentException e) {
      checks.add(Check.failed(CERTIFICATES, "The proof's certificates cannot be read: " + e.getMessage()));
      return report(Verdict.UNVERIFIABLE, "The proof bundle's certificates are unreadable.", proof.evidenceId(),
          exhibit, checks);
    }
    if (!hex.equals(statement.sha256())) {
      checks.add(Check.failed(PROOF_MATCH, "The proof is for evidence " + statement.evidenceId() + " with SHA-256 "
          + statement.sha256() + " (" + statement.size() + " bytes); the exhibit has SHA-256 " + hex + " ("
          + exhibit.size() + " bytes). The exhibit is not the notarized original."));
      // Say whether the proof itself is genuine: MODIFIED only against a proof that checks out.
      boolean genuine = signatureChecks(statement, proof.signature().value(), chain, checks);
      Optional<LedgerEntry> original = guarded(() -> ledger.find(statement.sha256()), checks, ANCHOR);
      if (original != null && original.isPresent()) {
        checks.add(anchorCheck(original.get()));
      } else if (original != null) {
        checks.add(Check.failed(ANCHOR, "The proof's digest " + statement.sha256() + " is not anchored on the "
            + ledger.kind() + " ledger."));
      }
      if (genuine && original != null && original.isPresent() && samePicture(exhibit, statement)) {
        checks.add(Check.passed(PIXELS, pictureMatches(exhibit, statement)));
        return report(Verdict.PIXELS_AUTHENTIC_HEADER_CHANGED, "The exhibit's picture (DICOM Pixel Data) is bit-exact"
            + " to the original named by the proof; its header differs.", statement.evidenceId(), exhibit, checks);
      }
      if (genuine && original != null && original.isPresent()) {
        return report(Verdict.MODIFIED, "The exhibit differs from the notarized original named by the proof.",
            statement.evidenceId(), exhibit, checks);
      }
      return report(Verdict.UNVERIFIABLE,
          "The exhibit does not match the proof, and the proof itself does not check out.",
          statement.evidenceId(), exhibit, checks);
    }
    checks.add(Check.passed(PROOF_MATCH, "The proof's statement names SHA-256 " + hex + ", the exhibit's digest."));
    checks.addAll(proofBlockChecks(proof));
    Optional<LedgerEntry> entry = guarded(() -> ledger.find(hex), checks, ANCHOR);
    if (entry == null || entry.isEmpty()) {
      if (entry != null) {
        checks.add(Check.failed(ANCHOR, "No anchor for SHA-256 " + hex + " on the " + ledger.kind() + " ledger."));
      }
      return report(Verdict.UNVERIFIABLE, "The proof's digest is not anchored on this ledger.", statement.evidenceId(),
          exhibit, checks);
    }
    return checkNotarization(exhibit, entry.get(), statement, proof.signature().value(), chain, checks);
  }

  private VerificationReport checkNotarization(
      Exhibit exhibit, LedgerEntry entry, EvidenceStatement statement, String signature,
      List<X509Certificate> chain, List<Check> checks) {
    notarizationChecks(exhibit.sha256(), entry, statement, signature, chain, checks);
    boolean all = checks.stream().allMatch(c -> c.result() == Check.Result.PASSED);
    String evidenceId = entry.anchor().evidenceId();
    return all
        ? report(Verdict.AUTHENTIC, "The exhibit is bit-exact to evidence " + evidenceId + ", anchored at "
            + entry.location().timestamp() + " by " + entry.anchor().anchoredBy() + ".", evidenceId, exhibit, checks)
        : report(Verdict.UNVERIFIABLE, "The exhibit's digest is notarized, but not every check passed; see checks.",
            evidenceId, exhibit, checks);
  }

  /** Anchor, block chain, statement, signature, certificates and stored original of {@code digest}. */
  private void notarizationChecks(
      org.evidencenotary.storage.Sha256 digest, LedgerEntry entry, EvidenceStatement statement, String signature,
      List<X509Certificate> chain, List<Check> checks) {
    String hex = digest.hex();
    checks.add(anchorCheck(entry));
    try {
      checks.add(Check.passed(CHAIN, "The " + entry.location().ledger() + " ledger's " + ledger.verify(entry) + "."));
    } catch (RuntimeException e) {
      checks.add(Check.failed(CHAIN, e.getMessage()));
    }
    checks.add(statementCheck(hex, statement, entry));
    signatureChecks(statement, signature, chain, checks);
    acquisitionChecks(hex, entry, checks);
    seriesChecks(hex, checks);
    try {
      store.verify(digest);
      checks.add(Check.passed(ORIGINAL, "The original kept in the " + store.kind() + " store at "
          + store.address(digest) + " was re-read and still has SHA-256 " + hex + "."));
    } catch (Exception e) {
      checks.add(Check.failed(ORIGINAL, "The stored original failed its check: " + e.getMessage()));
    }
  }

  /** The technologist's or device's own signature and its time-stamp, when one signed. */
  private void acquisitionChecks(String hex, LedgerEntry entry, List<Check> checks) {
    repository.findByDigest(hex).map(EvidenceRecord::acquisitionSignature).ifPresent(encoded -> {
      ObjectNode proof = JSON.createObjectNode()
          .put("acquisitionSignature", encoded)
          .put("statementSha256", entry.anchor().statementSha256())
          .put("signerCrl", identities.crlBase64());
      for (org.evidencenotary.verifier.Check c
          : ProofChecks.acquisition(proof, hex, acquisitionRoots())) {
        checks.add(from(c));
      }
    });
  }

  /**
   * For a DICOM instance in an anchored series manifest: the offline check of its inclusion path
   * and of the block, and that the ledger still holds the root at that transaction.
   */
  private void seriesChecks(String hex, List<Check> checks) {
    repository.findByDigest(hex).ifPresent(record -> proofs.seriesOf(record).ifPresent(series -> {
      ObjectNode proof = JSON.createObjectNode();
      proof.set("statement", JSON.valueToTree(record.statement()));
      proof.set("series", JSON.valueToTree(series));
      List<org.evidencenotary.verifier.Check> offline = ProofChecks.series(proof, ledger.fabricTrust().orElse(null));
      boolean onLedger;
      try {
        onLedger = ledger.findBatch(series.merkleRoot())
            .map(b -> b.location().transactionId().equals(series.anchor().transactionId()))
            .orElse(false);
      } catch (RuntimeException e) {
        onLedger = false;
      }
      for (org.evidencenotary.verifier.Check c : offline) {
        checks.add(onLedger || c.result() != org.evidencenotary.verifier.Check.Result.PASSED
            ? from(c)
            : Check.failed(c.name(), "The ledger no longer holds the series manifest root " + series.merkleRoot()
                + " at transaction " + series.anchor().transactionId() + "."));
      }
    }));
  }

  /** What an acquisition signature is checked against: the hospital CA and the time-stamp roots. */
  private List<X509Certificate> acquisitionRoots() {
    List<X509Certificate> roots = new ArrayList<>(identity.caChain());
    roots.addAll(tsa.trustedRoots());
    return roots;
  }

  private Check anchorCheck(LedgerEntry entry) {
    var l = entry.location();
    return Check.passed(ANCHOR, "SHA-256 " + entry.anchor().digest() + " is anchored on the " + l.ledger()
        + " ledger '" + l.ledgerId() + "' in block " + l.blockNumber() + ", transaction " + l.transactionId()
        + ", at " + l.timestamp() + " by " + entry.anchor().anchoredBy() + ".");
  }

  // The checks of the signed statement, its signature, its certificates and a proof's block are
  // the offline verifier's own (ProofChecks): one verification logic for the service and for
  // anyone checking a proof without us.

  private static Check statementCheck(String hex, EvidenceStatement statement, LedgerEntry entry) {
    if (!hex.equals(statement.sha256())) {
      return Check.failed(STATEMENT, "The statement names SHA-256 " + statement.sha256() + ", not " + hex + ".");
    }
    return from(ProofChecks.statementHash(JSON.valueToTree(statement), entry.anchor().statementSha256(), "the ledger"));
  }

  /** Adds the signature and certificate-chain checks; true when both passed. */
  private boolean signatureChecks(
      EvidenceStatement statement, String signature, List<X509Certificate> chain, List<Check> checks) {
    ObjectNode value = JSON.createObjectNode()
        .put("algorithm", NotaryIdentity.SIGNATURE_ALGORITHM)
        .put("value", signature == null ? "" : signature);
    Check signed = from(ProofChecks.signature(JSON.valueToTree(statement), value, chain));
    Instant at;
    try {
      at = Instant.parse(statement.receivedAt());
    } catch (RuntimeException e) {
      at = Instant.EPOCH;
    }
    Check trusted = from(ProofChecks.chain(chain, identity.caChain(), at));
    checks.add(signed);
    checks.add(trusted);
    return signed.result() == Check.Result.PASSED && trusted.result() == Check.Result.PASSED;
  }

  /**
   * The proof's block, checked offline; a Fabric block also for its signatures and organisations,
   * against the network's trust when this service runs on Fabric.
   */
  private List<Check> proofBlockChecks(ProofBundle proof) {
    try {
      return ProofChecks.ledger(JSON.valueToTree(proof), ledger.fabricTrust().orElse(null)).stream()
          .map(Verifier::from).toList();
    } catch (RuntimeException e) {
      return List.of(Check.failed(PROOF_ANCHOR, "The proof's block could not be checked: " + e.getMessage()));
    }
  }

  private static Check from(org.evidencenotary.verifier.Check check) {
    return new Check(check.name(), Check.Result.valueOf(check.result().name()), check.detail());
  }

  private static <T> T guarded(java.util.function.Supplier<T> action, List<Check> checks, String name) {
    try {
      return action.get();
    } catch (LedgerUnavailableException e) {
      // The details (peers, addresses, gRPC codes) are for the operators' log, not the answer.
      LOG.warnf("verification could not read the ledger: %s", e.getMessage());
      checks.add(Check.failed(name, "The ledger could not be read now; try again later."));
      return null;
    } catch (RuntimeException e) {
      checks.add(Check.failed(name, "The ledger could not be read: " + e.getMessage()));
      return null;
    }
  }

  private static List<X509Certificate> decodeChain(List<String> chain) throws CertificateException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (String der : chain) {
      out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(der))));
    }
    return out;
  }

  private static String subject(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
  }

  private static VerificationReport report(
      Verdict verdict, String summary, String evidenceId, Exhibit exhibit, List<Check> checks) {
    return new VerificationReport(
        verdict, summary, evidenceId, exhibit.sha256().hex(), exhibit.size(), List.copyOf(checks));
  }

  // ---------------------------------------------------------------------------------------------
  // DICOM: an exhibit whose exact bytes are unknown is compared with notarized instances by its
  // picture (the Pixel Data digest) and by its identity (the SOP Instance UID).

  static final String EXACT_BYTES = "Exact bytes";
  static final String PIXELS = "DICOM pixel data";
  static final String HEADER = "DICOM header changes";

  @Inject DicomService dicom;

  /** A verdict by picture and identity, or null when no notarized instance is related. */
  private VerificationReport verifyDicomPicture(Exhibit exhibit, List<Check> checks) {
    DicomScan scan = exhibit.dicom();
    PixelDigests pixels = scan.pixels();
    String sopInstance = scan.header().value(0x00080018);
    EvidenceRecord byPixels = pixels == null ? null : latestAnchored(dicom.byPixelDigest(pixels.sha256()));
    boolean samePixels = byPixels != null;
    EvidenceRecord original = samePixels ? byPixels : latestAnchored(dicom.bySopInstanceUid(sopInstance));
    if (original == null) {
      return null;
    }
    EvidenceStatement statement = original.statement();
    checks.add(Check.failed(EXACT_BYTES, "No anchor for SHA-256 " + exhibit.sha256().hex() + " on the "
        + ledger.kind() + " ledger: these exact bytes were never notarized here. The exhibit is a DICOM instance,"
        + " so its picture and identity were compared with notarized evidence " + original.id() + "."));
    int firstCheck = checks.size();
    if (samePixels && samePicture(exhibit, statement)) {
      checks.add(Check.passed(PIXELS, pictureMatches(exhibit, statement)));
    } else {
      checks.add(Check.failed(PIXELS, pictureDiffers(exhibit, statement, original.id())));
    }
    int pixelCheck = checks.size() - 1;
    Optional<LedgerEntry> entry = guarded(() -> ledger.find(original.sha256()), checks, ANCHOR);
    if (entry != null && entry.isPresent()) {
      notarizationChecks(org.evidencenotary.storage.Sha256.fromHex(original.sha256()), entry.get(), statement,
          original.signature(), identity.chain(), checks);
      if (samePixels) {
        checks.add(pixelAnchorCheck(entry.get(), pixels.sha256()));
      }
    } else if (entry != null) {
      checks.add(Check.failed(ANCHOR, "The original's SHA-256 " + original.sha256() + " is not anchored on the "
          + ledger.kind() + " ledger."));
    }
    List<AttributeChange> changes = headerChanges(original, scan, checks);
    boolean originalChecksOut = true;
    for (int k = firstCheck; k < checks.size(); k++) {
      Check c = checks.get(k);
      if (k != pixelCheck && c.result() == Check.Result.FAILED) {
        originalChecksOut = false;
      }
    }
    boolean picturePassed = checks.get(pixelCheck).result() == Check.Result.PASSED;
    String id = original.id();
    VerificationReport r;
    if (!originalChecksOut) {
      r = report(Verdict.UNVERIFIABLE, "The exhibit is related to notarized evidence " + id + ", but that evidence's"
          + " own checks did not all pass; see checks.", id, exhibit, checks);
    } else if (picturePassed) {
      r = report(Verdict.PIXELS_AUTHENTIC_HEADER_CHANGED, "The picture is bit-exact to evidence " + id + " (its Pixel"
          + " Data digest matches), but the file differs from the original"
          + (changes == null ? "." : ": " + changes.size() + " header attribute(s) changed."), id, exhibit, checks);
    } else {
      r = report(Verdict.MODIFIED, "The exhibit carries the identity (SOP Instance UID) of evidence " + id
          + ", but its picture differs from the notarized original.", id, exhibit, checks);
    }
    return new VerificationReport(r.verdict(), r.summary(), r.evidenceId(), r.exhibitSha256(), r.exhibitSize(),
        r.checks(), changes);
  }

  static final String PIXEL_ANCHOR = "Pixel digest on the ledger";

  /** The original's ledger anchor itself names the exhibit's Pixel Data digest. */
  private static Check pixelAnchorCheck(LedgerEntry entry, String exhibitPixels) {
    String anchored = entry.anchor().pixelSha256();
    if (anchored == null) {
      return Check.notChecked(PIXEL_ANCHOR, "The original's anchor predates pixel digests on the ledger; its pixel"
          + " digest is bound to the ledger through the anchored statement hash only.");
    }
    if (!anchored.equals(exhibitPixels)) {
      return Check.failed(PIXEL_ANCHOR, "The original's anchor names Pixel Data SHA-256 " + anchored
          + ", not the exhibit's " + exhibitPixels + ".");
    }
    return Check.passed(PIXEL_ANCHOR, "The original's anchor in transaction " + entry.location().transactionId()
        + " names Pixel Data SHA-256 " + anchored + ", the exhibit's.");
  }

  private static EvidenceRecord latestAnchored(List<EvidenceRecord> records) {
    EvidenceRecord found = null;
    for (EvidenceRecord r : records) {
      if (r.status() == org.evidencenotary.notary.evidence.EvidenceStatus.ANCHORED) {
        found = r;
      }
    }
    return found;
  }

  private static boolean samePicture(Exhibit exhibit, EvidenceStatement statement) {
    return exhibit.isDicom() && exhibit.dicom().pixels() != null && statement.dicom() != null
        && exhibit.dicom().pixels().sha256().equals(statement.dicom().pixelDataSha256());
  }

  private static String pictureMatches(Exhibit exhibit, EvidenceStatement statement) {
    PixelDigests p = exhibit.dicom().pixels();
    List<String> frames = statement.dicom().frameSha256();
    return "The exhibit is a DICOM instance (SOP Class " + statement.dicom().sopClassUid() + "). Its Pixel Data ("
        + p.length() + " bytes, " + p.encoding() + ", transfer syntax " + exhibit.dicom().header().value(0x00020010)
        + ") has SHA-256 " + p.sha256() + ", the pixel digest signed into the statement of evidence "
        + statement.evidenceId() + " (received " + statement.receivedAt() + ")"
        + (frames == null ? "." : "; all " + frames.size() + " frame digest(s) match.");
  }

  private static String pictureDiffers(Exhibit exhibit, EvidenceStatement statement, String id) {
    PixelDigests p = exhibit.dicom().pixels();
    String notarized = statement.dicom() == null ? null : statement.dicom().pixelDataSha256();
    String mine = p == null ? "no Pixel Data" : "Pixel Data with SHA-256 " + p.sha256() + " (" + p.length() + " bytes)";
    StringBuilder text = new StringBuilder("The exhibit carries the SOP Instance UID of evidence " + id + " but has "
        + mine + "; the notarized picture has " + (notarized == null ? "no Pixel Data" : "SHA-256 " + notarized
        + " (" + statement.dicom().pixelDataLength() + " bytes)") + ". The picture was changed.");
    List<String> before = statement.dicom() == null ? null : statement.dicom().frameSha256();
    if (p != null && before != null && before.size() == p.frames().size()) {
      List<Integer> changed = new ArrayList<>();
      for (int k = 0; k < before.size(); k++) {
        if (!before.get(k).equals(p.frames().get(k))) {
          changed.add(k + 1);
        }
      }
      text.append(" Frames that differ: ").append(changed.size()).append(" of ").append(before.size())
          .append(changed.size() <= 20 ? " " + changed : "").append('.');
    }
    return text.toString();
  }

  /** The changed header attributes, from the stored original; null when it cannot be read. */
  private List<AttributeChange> headerChanges(EvidenceRecord original, DicomScan exhibit, List<Check> checks) {
    try {
      DicomScan stored = dicom.scanOriginal(original);
      if (!stored.isDicom()) {
        checks.add(Check.notChecked(HEADER, "The stored original could not be read as DICOM: " + stored.reason()));
        return null;
      }
      List<AttributeChange> changes = DicomService.changes(stored.header(), exhibit.header());
      String list = changes.stream().map(AttributeChange::describe).limit(50)
          .collect(java.util.stream.Collectors.joining("; "));
      checks.add(Check.passed(HEADER, changes.isEmpty()
          ? "The header attributes equal the original's; the files differ only in their encoding."
          : changes.size() + " header attribute(s) differ from the stored original: " + list
              + (changes.size() > 50 ? "; ..." : "") + "."));
      return changes;
    } catch (Exception e) {
      checks.add(Check.notChecked(HEADER, "The stored original could not be read, so the changed attributes"
          + " cannot be listed: " + e.getMessage()));
      return null;
    }
  }
}
