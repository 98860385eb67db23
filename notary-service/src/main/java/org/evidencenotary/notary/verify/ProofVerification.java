package org.evidencenotary.notary.verify;

import static org.evidencenotary.notary.verify.NotarizationChecks.ANCHOR;
import static org.evidencenotary.notary.verify.NotarizationChecks.anchorCheck;
import static org.evidencenotary.notary.verify.NotarizationChecks.guarded;
import static org.evidencenotary.notary.verify.NotarizationChecks.report;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.EvidenceStatement;
import org.evidencenotary.format.ProofBundle;
import org.evidencenotary.format.Verdict;
import org.evidencenotary.notary.ledger.Ledger;
import org.evidencenotary.notary.ledger.LedgerEntry;

/**
 * Verification against a proof bundle: does the exhibit match the statement the proof carries,
 * is the proof itself genuine (signature, certificates, its block), and is its digest anchored on
 * this ledger? An exhibit that differs from a genuine proof is MODIFIED, or
 * PIXELS_AUTHENTIC_HEADER_CHANGED when it is a DICOM instance with the same picture.
 */
@ApplicationScoped
public class ProofVerification {
  static final String PROOF_MATCH = "Exhibit matches the proof";
  static final String PROOF_ANCHOR = "Proof's ledger block";
  static final String CERTIFICATES = "Notary certificate chain";

  @Inject Ledger ledger;
  @Inject NotarizationChecks notarization;

  VerificationReport verify(Exhibit exhibit, ProofBundle proof, List<Check> checks) {
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
      return differs(exhibit, proof, chain, checks);
    }
    checks.add(Check.passed(PROOF_MATCH, "The proof's statement names SHA-256 " + hex + ", the exhibit's digest."));
    checks.addAll(notarization.proofBlockChecks(proof, PROOF_ANCHOR));
    Optional<LedgerEntry> entry = guarded(() -> ledger.find(hex), checks, ANCHOR);
    if (entry == null || entry.isEmpty()) {
      if (entry != null) {
        checks.add(Check.failed(ANCHOR, "No anchor for SHA-256 " + hex + " on the " + ledger.kind() + " ledger."));
      }
      return report(Verdict.UNVERIFIABLE, "The proof's digest is not anchored on this ledger.", statement.evidenceId(),
          exhibit, checks);
    }
    return notarization.conclude(exhibit, entry.get(), statement, proof.signature().value(), chain, checks);
  }

  /** The exhibit is not the original the proof names: say whether the proof itself is genuine. */
  private VerificationReport differs(
      Exhibit exhibit, ProofBundle proof, List<X509Certificate> chain, List<Check> checks) {
    EvidenceStatement statement = proof.statement();
    boolean sameDataSet = PictureVerification.sameDataSet(exhibit, statement);
    String files = "The proof is for evidence " + statement.evidenceId() + " with SHA-256 " + statement.sha256() + " ("
        + statement.size() + " bytes); the exhibit has SHA-256 " + exhibit.sha256().hex() + " (" + exhibit.size()
        + " bytes).";
    checks.add(sameDataSet
        ? Check.passed(PROOF_MATCH, files + " The files differ, but the exhibit's DICOM data set is the one the proof's"
            + " statement names.")
        : Check.failed(PROOF_MATCH, files + " The exhibit is not the notarized original."));
    // MODIFIED only against a proof that checks out.
    boolean genuine = notarization.signatureChecks(statement, proof.signature().value(), chain, checks);
    Optional<LedgerEntry> original = guarded(() -> ledger.find(statement.sha256()), checks, ANCHOR);
    if (original != null && original.isPresent()) {
      checks.add(anchorCheck(original.get()));
    } else if (original != null) {
      checks.add(Check.failed(ANCHOR, "The proof's digest " + statement.sha256() + " is not anchored on the "
          + ledger.kind() + " ledger."));
    }
    boolean anchored = original != null && original.isPresent();
    if (genuine && anchored && sameDataSet) {
      checks.add(Check.passed(PictureVerification.DATA_SET, PictureVerification.dataSetMatches(exhibit, statement)));
      checks.add(Check.passed(PictureVerification.FILE_META, PictureVerification.fileMetaDiffers(exhibit, statement)));
      return report(Verdict.AUTHENTIC, "The exhibit's DICOM data set is bit-exact to the original named by the proof;"
          + " only its File Meta Information, which is not part of the instance as sent, differs.",
          statement.evidenceId(), exhibit, checks);
    }
    if (genuine && anchored && PictureVerification.samePicture(exhibit, statement)) {
      checks.add(Check.passed(PictureVerification.PIXELS, PictureVerification.pictureMatches(exhibit, statement)));
      return report(Verdict.PIXELS_AUTHENTIC_HEADER_CHANGED, "The exhibit's picture (DICOM Pixel Data) is bit-exact"
          + " to the original named by the proof; its header differs.", statement.evidenceId(), exhibit, checks);
    }
    if (genuine && anchored) {
      return report(Verdict.MODIFIED, "The exhibit differs from the notarized original named by the proof.",
          statement.evidenceId(), exhibit, checks);
    }
    return report(Verdict.UNVERIFIABLE, "The exhibit does not match the proof, and the proof itself does not check out.",
        statement.evidenceId(), exhibit, checks);
  }

  private static List<X509Certificate> decodeChain(List<String> chain) throws CertificateException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (String der : chain) {
      out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(der))));
    }
    return out;
  }
}
