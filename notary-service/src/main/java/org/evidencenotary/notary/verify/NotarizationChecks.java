package org.evidencenotary.notary.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.EvidenceStatement;
import org.evidencenotary.format.ProofBundle;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.format.Verdict;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceRepository;
import org.evidencenotary.notary.identity.IdentityRegistry;
import org.evidencenotary.notary.ledger.Ledger;
import org.evidencenotary.notary.ledger.LedgerEntry;
import org.evidencenotary.notary.ledger.LedgerUnavailableException;
import org.evidencenotary.notary.pki.NotaryIdentity;
import org.evidencenotary.notary.proof.ProofService;
import org.evidencenotary.notary.timestamping.TimeStamping;
import org.evidencenotary.storage.EvidenceStore;
import org.evidencenotary.verifier.ProofChecks;
import org.jboss.logging.Logger;

/**
 * The checks of one notarization that every path of verification makes once it knows which
 * anchored evidence an exhibit is compared with: the anchor, the block chain, the signed
 * statement, the notary's signature and certificates, the acquisition signature, the series
 * manifest and the stored original.
 *
 * <p>Security: every check fails closed. A check that throws anything is recorded as FAILED.
 * The checks of the signed statement, its signature, its certificates and a proof's block are
 * the offline verifier's own ({@link ProofChecks}): one verification logic for the service and
 * for anyone checking a proof without us.
 */
@ApplicationScoped
public class NotarizationChecks {
  private static final Logger LOG = Logger.getLogger(NotarizationChecks.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  static final String FINGERPRINT = "Exhibit fingerprint";
  static final String ANCHOR = "Ledger anchor";
  static final String CHAIN = "Ledger block chain";
  static final String STATEMENT = "Signed evidence statement";
  static final String ORIGINAL = "Stored original";

  @Inject Ledger ledger;
  @Inject EvidenceRepository repository;
  @Inject EvidenceStore store;
  @Inject NotaryIdentity identity;
  @Inject TimeStamping tsa;
  @Inject IdentityRegistry identities;
  @Inject ProofService proofs;

  /** The notary's own certificate chain, what statements held here are signed with. */
  List<X509Certificate> notaryChain() {
    return identity.chain();
  }

  /**
   * Runs every check of the notarization anchored at {@code entry} and concludes: AUTHENTIC when
   * every check so far passed, else UNVERIFIABLE.
   */
  VerificationReport conclude(
      Exhibit exhibit, LedgerEntry entry, EvidenceStatement statement, String signature,
      List<X509Certificate> chain, List<Check> checks) {
    addChecks(exhibit.sha256(), entry, statement, signature, chain, checks);
    boolean all = checks.stream().allMatch(Check::passed);
    String evidenceId = entry.anchor().evidenceId();
    return all
        ? report(Verdict.AUTHENTIC, "The exhibit is bit-exact to evidence " + evidenceId + ", anchored at "
            + entry.location().timestamp() + " by " + entry.anchor().anchoredBy() + ".", evidenceId, exhibit, checks)
        : report(Verdict.UNVERIFIABLE, "The exhibit's digest is notarized, but not every check passed; see checks.",
            evidenceId, exhibit, checks);
  }

  /** Anchor, block chain, statement, signature, certificates and stored original of {@code digest}. */
  void addChecks(
      Sha256 digest, LedgerEntry entry, EvidenceStatement statement, String signature,
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
    Optional<EvidenceRecord> record = repository.findByDigest(hex);
    acquisitionChecks(record, hex, entry, checks);
    seriesChecks(record, checks);
    try {
      store.verify(digest);
      checks.add(Check.passed(ORIGINAL, "The original kept in the " + store.kind() + " store at "
          + store.address(digest) + " was re-read and still has SHA-256 " + hex + "."));
    } catch (Exception e) {
      checks.add(Check.failed(ORIGINAL, "The stored original failed its check: " + e.getMessage()));
    }
  }

  /** The technologist's or device's own signature and its time-stamp, when one signed. */
  private void acquisitionChecks(Optional<EvidenceRecord> held, String hex, LedgerEntry entry, List<Check> checks) {
    held.map(EvidenceRecord::acquisitionSignature).ifPresent(encoded -> {
      ObjectNode proof = JSON.createObjectNode()
          .put("acquisitionSignature", encoded)
          .put("statementSha256", entry.anchor().statementSha256())
          .put("signerCrl", identities.crlBase64());
      checks.addAll(ProofChecks.acquisition(proof, hex, acquisitionRoots()));
    });
  }

  /**
   * For a DICOM instance in an anchored series manifest: the offline check of its inclusion path
   * and of the block, and that the ledger still holds the root at that transaction.
   */
  private void seriesChecks(Optional<EvidenceRecord> held, List<Check> checks) {
    held.ifPresent(record -> proofs.seriesOf(record).ifPresent(series -> {
      ObjectNode proof = JSON.createObjectNode();
      proof.set("statement", JSON.valueToTree(record.statement()));
      proof.set("series", JSON.valueToTree(series));
      List<Check> offline = ProofChecks.series(proof, ledger.fabricTrust().orElse(null));
      boolean onLedger;
      try {
        onLedger = ledger.findBatch(series.merkleRoot())
            .map(b -> b.location().transactionId().equals(series.anchor().transactionId()))
            .orElse(false);
      } catch (RuntimeException e) {
        onLedger = false;
      }
      for (Check c : offline) {
        checks.add(onLedger || !c.passed()
            ? c
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

  static Check anchorCheck(LedgerEntry entry) {
    var l = entry.location();
    return Check.passed(ANCHOR, "SHA-256 " + entry.anchor().digest() + " is anchored on the " + l.ledger()
        + " ledger '" + l.ledgerId() + "' in block " + l.blockNumber() + ", transaction " + l.transactionId()
        + ", at " + l.timestamp() + " by " + entry.anchor().anchoredBy() + ".");
  }

  private static Check statementCheck(String hex, EvidenceStatement statement, LedgerEntry entry) {
    if (!hex.equals(statement.sha256())) {
      return Check.failed(STATEMENT, "The statement names SHA-256 " + statement.sha256() + ", not " + hex + ".");
    }
    return ProofChecks.statementHash(JSON.valueToTree(statement), entry.anchor().statementSha256(), "the ledger");
  }

  /** Adds the signature and certificate-chain checks; true when both passed. */
  boolean signatureChecks(
      EvidenceStatement statement, String signature, List<X509Certificate> chain, List<Check> checks) {
    ObjectNode value = JSON.createObjectNode()
        .put("algorithm", NotaryIdentity.SIGNATURE_ALGORITHM)
        .put("value", signature == null ? "" : signature);
    Check signed = ProofChecks.signature(JSON.valueToTree(statement), value, chain);
    Instant at;
    try {
      at = Instant.parse(statement.receivedAt());
    } catch (RuntimeException e) {
      at = Instant.EPOCH;
    }
    Check trusted = ProofChecks.chain(chain, identity.caChain(), at);
    checks.add(signed);
    checks.add(trusted);
    return signed.passed() && trusted.passed();
  }

  /**
   * The offline checks of a proof's block; a Fabric block also for its signatures and
   * organisations, against the network's trust when this service runs on Fabric.
   */
  List<Check> proofBlockChecks(ProofBundle proof, String name) {
    try {
      return ProofChecks.ledger(JSON.valueToTree(proof), ledger.fabricTrust().orElse(null));
    } catch (RuntimeException e) {
      return List.of(Check.failed(name, "The proof's block could not be checked: " + e.getMessage()));
    }
  }

  /** {@code action}'s answer, or null after recording a FAILED check {@code name} when the ledger cannot be read. */
  static <T> T guarded(Supplier<T> action, List<Check> checks, String name) {
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

  static VerificationReport report(
      Verdict verdict, String summary, String evidenceId, Exhibit exhibit, List<Check> checks) {
    return new VerificationReport(
        verdict, summary, evidenceId, exhibit.sha256().hex(), exhibit.size(), List.copyOf(checks));
  }
}
