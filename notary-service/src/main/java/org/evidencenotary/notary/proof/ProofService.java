package org.evidencenotary.notary.proof;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.evidencenotary.format.ProofBundle;
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
  @Inject Ledger ledger;
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
