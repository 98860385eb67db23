package org.evidencenotary.notary.verify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.ProofBundle;
import org.evidencenotary.notary.auth.Caller;

/**
 * Decides whether an exhibit is authentic, and says exactly what it checked. Three paths: by the
 * exhibit's digest alone ({@link DigestVerification}, which hands a DICOM exhibit whose bytes are
 * unknown to {@link PictureVerification}), or against a proof bundle ({@link ProofVerification}).
 *
 * <p>AUTHENTIC is given only when every check passed: the digest is anchored, the anchor's block
 * re-verifies in the chain, the signed statement names this digest and hashes to the anchored
 * value, the signature verifies with a certificate that chains to the notary root, and the
 * stored original still has this digest ({@link NotarizationChecks}).
 */
@ApplicationScoped
public class VerificationService {
  @Inject DigestVerification byDigest;
  @Inject ProofVerification withProof;

  /** Verifies {@code exhibit}, against {@code proof} when one is given (may be null). */
  public VerificationReport verify(Exhibit exhibit, ProofBundle proof) {
    List<Check> checks = new ArrayList<>();
    checks.add(Check.passed(NotarizationChecks.FINGERPRINT, "The exhibit's " + exhibit.size()
        + " bytes have SHA-256 " + exhibit.sha256().hex() + "."));
    return proof == null ? byDigest.verify(exhibit, checks) : withProof.verify(exhibit, proof, checks);
  }

  /**
   * A batch check for {@code caller} within {@code limits}: each file it is given is verified as
   * {@link #verify} verifies it without a proof, and answered as {@code caller} may see it.
   */
  public BatchCheck batch(BatchLimits limits, Caller caller) {
    return new BatchCheck(this, limits, caller);
  }
}
