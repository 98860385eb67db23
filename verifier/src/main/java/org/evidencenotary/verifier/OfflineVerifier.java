package org.evidencenotary.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.format.Verdict;
import org.evidencenotary.verifier.fabric.FabricTrust;

/**
 * Verifies an exhibit against a proof bundle (JSON) or a certificate PDF carrying one, with
 * nothing but the files and the trusted roots: no network, no notary.
 *
 * <p>Security: {@link Verdict#AUTHENTIC} only when every check passed. Every check fails closed.
 *
 * <pre>{@code
 * Report r = new OfflineVerifier(OfflineVerifier.loadRoots(trustDir)).verify(exhibit, certificatePdf);
 * }</pre>
 */
public final class OfflineVerifier {
  private final List<X509Certificate> roots;
  private final FabricTrust fabric;

  /** A verifier for proofs anchored on the embedded ledger (and Fabric proofs, found untrusted). */
  public OfflineVerifier(List<X509Certificate> roots) {
    this(roots, null);
  }

  /**
   * @param roots the trusted roots of notaries, hospital CAs and time-stamp authorities
   * @param fabric the Fabric network trust, or null when there is none
   */
  public OfflineVerifier(List<X509Certificate> roots, FabricTrust fabric) {
    this.roots = List.copyOf(Objects.requireNonNull(roots, "roots"));
    this.fabric = fabric;
  }

  /** A verifier with everything {@code trustDir} holds: its {@code *.pem} roots and any Fabric trust. */
  public static OfflineVerifier fromTrustFolder(Path trustDir) throws IOException, CertificateException {
    return new OfflineVerifier(loadRoots(trustDir), FabricTrust.load(trustDir).orElse(null));
  }

  /** Every certificate in every {@code *.pem} file of {@code dir}. */
  public static List<X509Certificate> loadRoots(Path dir) throws IOException, CertificateException {
    List<X509Certificate> roots = new ArrayList<>();
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".pem")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          factory.generateCertificates(in).forEach(c -> roots.add((X509Certificate) c));
        }
      }
    }
    return roots;
  }

  /** Verifies {@code exhibit} against {@code proofOrCertificate} (a proof JSON or a certificate PDF). */
  public Report verify(Path exhibit, Path proofOrCertificate) throws IOException {
    ExhibitDigests digests = ExhibitDigests.of(exhibit);
    byte[] evidence = Files.readAllBytes(proofOrCertificate);
    return verify(digests, evidence);
  }

  /** Verifies an exhibit, known by its digest and size, against proof or certificate bytes. */
  public Report verify(String exhibitSha256, long exhibitSize, byte[] proofOrCertificate) {
    return verify(new ExhibitDigests(exhibitSha256, exhibitSize, null, null), proofOrCertificate);
  }

  private Report verify(ExhibitDigests exhibit, byte[] proofOrCertificate) {
    String exhibitSha256 = exhibit.sha256();
    long exhibitSize = exhibit.size();
    List<Check> checks = new ArrayList<>();
    checks.add(Check.passed("Exhibit fingerprint", "The exhibit's " + exhibitSize + " bytes have SHA-256 "
        + exhibitSha256 + "."));
    byte[] proofBytes = proofOrCertificate;
    Check pdfSignature = null;
    Check pdfTimestamp = null;
    if (isPdf(proofOrCertificate)) {
      pdfSignature = PdfChecks.signature(proofOrCertificate, roots);
      pdfTimestamp = PdfChecks.timestamp(proofOrCertificate, roots);
      checks.add(pdfSignature);
      checks.add(pdfTimestamp);
      try {
        proofBytes = PdfChecks.proofAttachment(proofOrCertificate);
      } catch (IOException e) {
        proofBytes = null;
      }
      if (proofBytes == null) {
        checks.add(Check.failed("Proof bundle", "The PDF carries no attached '" + PdfChecks.ATTACHMENT + "'."));
        return new Report(Verdict.UNVERIFIABLE, "The certificate carries no proof bundle.", null, exhibitSha256, checks);
      }
    }
    JsonNode proof;
    try {
      proof = ProofChecks.JSON.readTree(proofBytes);
      if (!"evidence-notary-proof/v1".equals(proof.path("format").asText())) {
        throw new IOException("not a proof bundle of format evidence-notary-proof/v1");
      }
    } catch (IOException e) {
      checks.add(Check.failed("Proof bundle", "The proof bundle cannot be read: " + e.getMessage()));
      return new Report(Verdict.UNVERIFIABLE, "The proof bundle is unreadable.", null, exhibitSha256, checks);
    }
    String evidenceId = proof.path("evidenceId").asText(null);
    List<X509Certificate> chain;
    try {
      chain = ProofChecks.certificates(proof);
    } catch (CertificateException | RuntimeException e) {
      checks.add(Check.failed(ProofChecks.CERTIFICATES, "The proof's certificates cannot be read: " + e.getMessage()));
      return new Report(Verdict.UNVERIFIABLE, "The proof's certificates are unreadable.", evidenceId, exhibitSha256, checks);
    }

    Check match = ProofChecks.exhibitMatches(proof, exhibitSha256, exhibitSize);
    boolean sameDataSet = !match.passed() && ProofChecks.sameDataSet(proof, exhibit.dataSetSha256(),
        exhibit.transferSyntax());
    if (sameDataSet) {
      match = ProofChecks.dataSetMatches(proof, exhibit);
    }
    Check statement = ProofChecks.statementHash(proof);
    Check signature = ProofChecks.signature(proof, chain);
    Check trust = ProofChecks.chain(chain, roots, receivedAt(proof));
    List<Check> ledger = ProofChecks.ledger(proof, fabric);
    Check block = ledger.get(0);
    List<Check> acquisition = ProofChecks.acquisition(proof, proof.path("statement").path("sha256").asText(), roots);
    List<Check> series = ProofChecks.series(proof, fabric);
    List<Check> custody = ProofChecks.custody(proof, fabric);
    checks.add(match);
    checks.add(statement);
    checks.add(signature);
    checks.add(trust);
    checks.addAll(ledger);
    checks.addAll(acquisition);
    checks.addAll(series);
    checks.addAll(custody);
    List<Check> anchoring = new ArrayList<>(ledger);
    anchoring.addAll(series);
    anchoring.addAll(custody);
    // Decided on each check's result and concern, never on its words: a check of who vouches for the
    // evidence (Fabric organisations, a PDF signer or time-stamp authority not trusted) that fails
    // leaves the proof intact but untrusted.
    boolean anchorsIntact = anchoring.stream().noneMatch(Check::broken);
    boolean anchorsTrusted = anchoring.stream()
        .noneMatch(c -> c.concern() == Check.Concern.TRUST && !c.passed());
    boolean proofIntact = statement.passed() && signature.passed() && anchorsIntact
        && acquisition.stream().noneMatch(c -> c.result() == Check.Result.FAILED)
        && (pdfSignature == null || pdfSignature.passed() || pdfSignature.concern() == Check.Concern.TRUST)
        && (pdfTimestamp == null || !pdfTimestamp.broken());
    boolean trusted = trust.passed() && anchorsTrusted && (pdfSignature == null || pdfSignature.passed())
        && (pdfTimestamp == null || pdfTimestamp.result() != Check.Result.FAILED);

    if (!proofIntact) {
      boolean onlyCustody = custody.stream().anyMatch(Check::broken) && statement.passed() && signature.passed()
          && ledger.stream().noneMatch(Check::broken) && series.stream().noneMatch(Check::broken);
      return new Report(Verdict.UNVERIFIABLE, onlyCustody
          ? "The proof's chain of custody does not check out; see the failed checks."
          : "The proof itself does not check out; see the failed checks.",
          evidenceId, exhibitSha256, checks);
    }
    if (!trusted) {
      return new Report(Verdict.UNTRUSTED, anchorsTrusted
          ? "The proof is intact, but it is not signed by a trusted root given."
          : "The proof is intact, but its ledger anchor is not established by the organisations the trust folder"
              + " names.",
          evidenceId, exhibitSha256, checks);
    }
    if (!match.passed()) {
      return new Report(Verdict.MODIFIED, "The exhibit differs from the notarized original named by the proof.",
          evidenceId, exhibitSha256, checks);
    }
    if (ledger.stream().anyMatch(c -> !c.passed())) {
      return new Report(Verdict.UNVERIFIABLE, "The ledger anchor could not be checked offline.", evidenceId,
          exhibitSha256, checks);
    }
    if (sameDataSet) {
      return new Report(Verdict.AUTHENTIC, "The exhibit's DICOM data set is bit-exact to evidence " + evidenceId
          + ", signed by a trusted notary and anchored as the proof states; only its File Meta Information, which is"
          + " not part of the instance as sent, differs from the notarized file.", evidenceId, exhibitSha256, checks);
    }
    return new Report(Verdict.AUTHENTIC, "The exhibit is bit-exact to evidence " + evidenceId + ", signed by a"
        + " trusted notary and anchored as the proof states.", evidenceId, exhibitSha256, checks);
  }

  private static Instant receivedAt(JsonNode proof) {
    try {
      return Instant.parse(proof.path("statement").path("receivedAt").asText());
    } catch (RuntimeException e) {
      return Instant.now();
    }
  }

  private static boolean isPdf(byte[] bytes) {
    return bytes.length > 5 && bytes[0] == '%' && bytes[1] == 'P' && bytes[2] == 'D' && bytes[3] == 'F' && bytes[4] == '-';
  }
}
