package org.evidencenotary.notary.proof;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.evidencenotary.format.ProofBundle;
import org.evidencenotary.notary.custody.CustodyEntry;
import org.evidencenotary.notary.custody.CustodyHistory;
import org.evidencenotary.notary.custody.CustodyService;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceStatus;
import org.evidencenotary.notary.evidence.NotYetAnchoredException;
import org.evidencenotary.notary.identity.IdentityRegistry;
import org.evidencenotary.notary.ledger.AnchorLocation;
import org.evidencenotary.notary.ledger.Ledger;
import org.evidencenotary.notary.ledger.LedgerEntry;
import org.evidencenotary.notary.ledger.LedgerVerificationException;
import org.evidencenotary.notary.pki.NotaryIdentity;
import org.evidencenotary.notary.series.SeriesManifest;
import org.evidencenotary.notary.series.SeriesManifests;
import org.evidencenotary.notary.series.SeriesMembership;

/** Builds proof bundles; only for anchored evidence, whose anchor is read back from the ledger. */
@ApplicationScoped
public class ProofService {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** How much of each custody event a proof carries. */
  public enum CustodyForm {
    /**
     * Each event as the ledger holds it, with its block: what was done, when, by which
     * organisation; no one's name. For anyone who may have the proof.
     */
    PUBLIC,
    /**
     * Also each event's kept details (who, in which role, the request), so that an offline
     * verifier can recompute the ledger's {@code detailHash}: for callers who may read the custody
     * listing.
     */
    WITH_DETAILS
  }

  @Inject Ledger ledger;
  @Inject CustodyService custody;
  @Inject NotaryIdentity identity;
  @Inject IdentityRegistry identities;
  @Inject SeriesManifests series;

  public ProofBundle proofOf(EvidenceRecord record) {
    if (record.status() != EvidenceStatus.ANCHORED) {
      throw new NotYetAnchoredException(record.id());
    }
    LedgerEntry entry =
        ledger
            .find(record.sha256())
            .orElseThrow(
                () -> new LedgerVerificationException(
                    "evidence " + record.id() + " is recorded as anchored but its digest is not on the ledger"));
    var location = entry.location();
    return new ProofBundle(
        ProofBundle.FORMAT,
        record.id(),
        record.statement(),
        record.statementSha256(),
        new ProofBundle.SignatureValue(NotaryIdentity.SIGNATURE_ALGORITHM, record.signature()),
        encode(identity.chain()),
        anchorOf(location, entry.anchor().anchoredBy()),
        new ProofBundle.Storage(record.store(), record.storageAddress(), record.sha256(), record.size()),
        record.acquisitionSignature(),
        record.acquisitionSignature() == null ? null : identities.crlBase64(),
        seriesOf(record).orElse(null));
  }

  /**
   * The proof of {@code record} carrying its chain of custody as the ledger holds it now, in
   * {@code form}; each event with the block of its transaction, as the anchor is carried.
   *
   * @throws org.evidencenotary.notary.ledger.LedgerUnavailableException when the ledger cannot be asked
   */
  public ProofBundle proofWithCustody(EvidenceRecord record, CustodyForm form) {
    ProofBundle proof = proofOf(record);
    return proof.withCustody(custodyOf(custody.list(record.id()), form));
  }

  /** {@code history} as a proof carries it, in {@code form}. */
  public ProofBundle.Custody custodyOf(CustodyHistory history, CustodyForm form) {
    List<ProofBundle.CustodyRecord> events = new ArrayList<>();
    for (CustodyEntry entry : history.events()) {
      AnchorLocation location = ledger.locate(entry.ledger());
      events.add(new ProofBundle.CustodyRecord(
          JSON.valueToTree(entry.ledger()),
          form == CustodyForm.WITH_DETAILS && entry.details() != null ? JSON.valueToTree(entry.details()) : null,
          anchorOf(location, entry.ledger().recordedBy())));
    }
    return new ProofBundle.Custody(history.complete(), events);
  }

  /** The record's place in its series' latest anchored manifest, if it has one. */
  public java.util.Optional<ProofBundle.Series> seriesOf(EvidenceRecord record) {
    return series.membershipOf(record).map(this::seriesProof);
  }

  private ProofBundle.Series seriesProof(SeriesMembership membership) {
    SeriesManifest m = membership.manifest();
    return new ProofBundle.Series(
        m.format(),
        m.seriesInstanceUidHash(),
        m.version(),
        m.merkleRoot(),
        m.members().size(),
        membership.leafIndex(),
        membership.path(),
        m.supersedes(),
        anchorOf(m.anchor(), m.anchoredBy()));
  }

  /** Where something is anchored, with the whole block, for checking offline. */
  private ProofBundle.Anchor anchorOf(AnchorLocation location, String anchoredBy) {
    return new ProofBundle.Anchor(
        location.ledger(),
        location.ledgerId(),
        location.blockNumber(),
        location.transactionId(),
        location.blockHash(),
        location.previousBlockHash(),
        location.timestamp(),
        anchoredBy,
        location.chaincode(),
        location.endorsingOrganisations(),
        ledger.block(location));
  }

  static List<String> encode(List<X509Certificate> chain) {
    List<String> out = new ArrayList<>();
    for (X509Certificate c : chain) {
      try {
        out.add(Base64.getEncoder().encodeToString(c.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("certificate cannot be encoded", e);
      }
    }
    return out;
  }
}
