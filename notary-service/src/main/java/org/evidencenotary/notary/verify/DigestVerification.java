package org.evidencenotary.notary.verify;

import static org.evidencenotary.notary.verify.NotarizationChecks.ANCHOR;
import static org.evidencenotary.notary.verify.NotarizationChecks.STATEMENT;
import static org.evidencenotary.notary.verify.NotarizationChecks.anchorCheck;
import static org.evidencenotary.notary.verify.NotarizationChecks.guarded;
import static org.evidencenotary.notary.verify.NotarizationChecks.report;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Verdict;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceRepository;
import org.evidencenotary.notary.ledger.Ledger;
import org.evidencenotary.notary.ledger.LedgerEntry;

/**
 * Verification by the exhibit's digest alone: is this exact byte sequence anchored, and does its
 * notarization check out? A DICOM exhibit whose bytes were never notarized goes on to
 * {@link PictureVerification}.
 */
@ApplicationScoped
public class DigestVerification {
  @Inject Ledger ledger;
  @Inject EvidenceRepository repository;
  @Inject NotarizationChecks notarization;
  @Inject PictureVerification byPicture;

  VerificationReport verify(Exhibit exhibit, List<Check> checks) {
    String hex = exhibit.sha256().hex();
    Optional<LedgerEntry> entry = guarded(() -> ledger.find(hex), checks, ANCHOR);
    if (entry == null) {
      return report(Verdict.UNVERIFIABLE, "The ledger could not be read.", null, exhibit, checks);
    }
    if (entry.isEmpty() && exhibit.isDicom()) {
      VerificationReport picture = byPicture.verify(exhibit, checks);
      if (picture != null) {
        return picture;
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
    return notarization.conclude(exhibit, entry.get(), r.statement(), r.signature(), notarization.notaryChain(),
        checks);
  }
}
