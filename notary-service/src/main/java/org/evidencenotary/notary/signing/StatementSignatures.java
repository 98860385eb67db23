package org.evidencenotary.notary.signing;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Checks a statement signature and its certificate chain. Both methods return normally only when
 * the check passed and throw {@link SignatureCheckException} otherwise, including on any
 * unexpected provider error: they fail closed.
 */
public final class StatementSignatures {
  private StatementSignatures() {}

  /** Verifies an ECDSA-SHA256 signature over {@code signedBytes} with the first certificate's key. */
  public static void verifySignature(byte[] signedBytes, byte[] signature, X509Certificate signer) {
    try {
      Signature verifier = Signature.getInstance(NotaryIdentity.SIGNATURE_ALGORITHM);
      verifier.initVerify(signer.getPublicKey());
      verifier.update(signedBytes);
      if (!verifier.verify(signature)) {
        throw new SignatureCheckException("the signature does not match the statement");
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      if (e instanceof SignatureCheckException s) {
        throw s;
      }
      throw new SignatureCheckException("the signature could not be checked: " + e.getMessage(), e);
    }
  }

  /**
   * Validates {@code chain} (leaf first; a trailing copy of the root is ignored) up to {@code
   * root} as it stood at {@code at}, without revocation (the embedded CA publishes none yet).
   */
  public static void verifyChain(List<X509Certificate> chain, X509Certificate root, Instant at) {
    try {
      if (chain.isEmpty()) {
        throw new SignatureCheckException("no certificate chain given");
      }
      List<X509Certificate> path =
          chain.get(chain.size() - 1).equals(root) ? chain.subList(0, chain.size() - 1) : chain;
      if (path.isEmpty()) {
        throw new SignatureCheckException("the chain holds only the root, no signer certificate");
      }
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
    } catch (GeneralSecurityException | RuntimeException e) {
      if (e instanceof SignatureCheckException s) {
        throw s;
      }
      throw new SignatureCheckException(
          "the certificate chain does not lead to the trusted root: " + e.getMessage(), e);
    }
  }
}
