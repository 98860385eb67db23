package org.evidencenotary.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz tests of the offline verifier's readers of untrusted files: a proof bundle (JSON) or a
 * certificate PDF, as a court's expert would hand them over. Whatever the bytes, the verifier
 * returns a report and never throws; an AUTHENTIC report never carries a failed check.
 *
 * <p>Without {@code JAZZER_FUZZ} these run as regression tests over the inputs committed under
 * {@code src/test/resources/org/evidencenotary/verifier/OfflineVerifierFuzzTestInputs/}; with it,
 * Jazzer fuzzes one of them (docs/reliability.md says how).
 */
class OfflineVerifierFuzzTest {
  /** The exhibit the committed Fabric proof names (test resources {@code fabric-block/exhibit.txt}). */
  private static final String EXHIBIT_SHA256 = "e09d41578a9b2e2196af4333d5333da1578e922f2aec0c8faa6a4fd5b2d03cc6";

  private static OfflineVerifier verifier;

  @BeforeAll
  static void trust() throws Exception {
    // The trust of the Fabric network that wrote the committed proof: the fuzzer then reaches the
    // block, endorsement and policy checks instead of stopping at "no Fabric trust".
    verifier = OfflineVerifier.fromTrustFolder(fixture().resolve("trust"));
  }

  private static Path fixture() throws URISyntaxException {
    return Path.of(OfflineVerifierFuzzTest.class.getResource("/fabric-block/proof.json").toURI()).getParent();
  }

  @FuzzTest(maxDuration = "3m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void verify_reports_on_any_proof_or_certificate(byte[] proofOrCertificate) {
    Report report = verifier.verify(EXHIBIT_SHA256, 97, proofOrCertificate);

    assertThat(report.outcome()).isNotNull();
    assertThat(report.checks()).isNotEmpty().allSatisfy(c -> assertThat(c.result()).isNotNull());
    if (report.outcome() == Verdict.AUTHENTIC) {
      assertThat(report.checks()).as("an AUTHENTIC report has every check passed")
          .allMatch(c -> c.result() != Check.Result.FAILED);
    }
  }
}
