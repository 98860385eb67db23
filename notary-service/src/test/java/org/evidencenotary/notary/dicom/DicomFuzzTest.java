package org.evidencenotary.notary.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.evidencenotary.notary.dicom.Part10Reader.Header;
import org.evidencenotary.notary.dicom.Part10Reader.Vrs;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz tests of the DICOM readers that see untrusted bytes: the ingest scanner, the Part 10
 * reader, the Pixel Data MAC and the signature writer's analysis. Whatever the bytes, each either
 * reads them or refuses them with its own exception; none throws anything else, hangs (the
 * timeout) or runs out of memory (surefire's heap).
 *
 * <p>Without {@code JAZZER_FUZZ} these run as regression tests over the inputs committed under
 * {@code src/test/resources/org/evidencenotary/notary/dicom/DicomFuzzTestInputs/} (seeds from
 * {@link DicomFuzzSeeds}, and every input a fuzzing run found); with it, Jazzer fuzzes one of them
 * (docs/reliability.md says how).
 */
class DicomFuzzTest {
  @FuzzTest(maxDuration = "3m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void scanner_classifies_any_bytes_whatever_the_chunk_sizes(byte[] data) {
    DicomScan whole = scan(data, new int[] {data.length});
    DicomScan chunked = scan(data, chunks(data));

    assertThat(whole.kind()).isNotNull();
    if (whole.kind() != DicomScan.Kind.DICOM) {
      assertThat(whole.reason()).isNotBlank();
    }
    // The scanner is fed as the network delivers: the verdict may not depend on where reads end.
    assertThat(chunked.kind()).as("kind, fed in chunks").isEqualTo(whole.kind());
    if (whole.kind() != DicomScan.Kind.MALFORMED) {
      // A file with two defects may be refused for either: a deflated data set inflated in pieces
      // shows a bad element before the deflate stream's own damage (deflated-two-defects-...dcm).
      assertThat(chunked.reason()).as("reason, fed in chunks").isEqualTo(whole.reason());
    }
    assertThat(chunked.dataSetSha256()).as("data set digest, fed in chunks").isEqualTo(whole.dataSetSha256());
    assertThat(chunked.pixels()).as("pixel digests, fed in chunks").isEqualTo(whole.pixels());
    assertThat(chunked.warnings()).as("warnings, fed in chunks").isEqualTo(whole.warnings());
    assertThat(chunked.header()).as("header, fed in chunks").isEqualTo(whole.header());
  }

  @FuzzTest(maxDuration = "3m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void part10_reader_reads_or_refuses_any_bytes(byte[] data) throws IOException {
    for (Vrs vrs : Vrs.values()) {
      Part10Reader in = Part10Reader.hashing(new ByteArrayInputStream(data), vrs);
      try {
        String transferSyntax = in.fileMeta();
        boolean implicit = "1.2.840.10008.1.2".equals(transferSyntax);
        while (!in.atEnd()) {
          long before = in.position();
          Header h = in.header(implicit);
          if (!h.undefinedLength()) {
            in.skip(h.length());
          }
          assertThat(in.position()).as("the reader moves on").isGreaterThan(before);
        }
        assertThat(in.position()).isEqualTo(data.length);
        assertThat(in.digest()).hasSize(32);
      } catch (MalformedDicomException refused) {
        assertThat(refused.getMessage()).isNotBlank();
      }
    }
  }

  @FuzzTest(maxDuration = "3m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void pixel_data_mac_computes_or_refuses_any_bytes(byte[] data) throws IOException {
    try {
      PixelDataMac.Result result = PixelDataMac.of(new ByteArrayInputStream(data));
      assertThat(result.mac()).hasSize(32);
      assertThat(result.pixelDataSha256()).hasSize(64);
    } catch (MalformedDicomException | UnsignableDicomException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "3m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void signature_analysis_reads_or_refuses_any_bytes(byte[] data) throws IOException {
    try {
      long length = DicomSignatureWriter.macStreamLength(() -> new ByteArrayInputStream(data));
      assertThat(length).isNotNegative();
    } catch (MalformedDicomException | UnsignableDicomException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  private static DicomScan scan(byte[] data, int[] chunks) {
    DicomScanner scanner = DicomScanner.create();
    int at = 0;
    for (int n : chunks) {
      scanner.update(data, at, n);
      at += n;
    }
    return scanner.finish();
  }

  /** Read sizes from 0 to 4 KiB, mostly small, drawn from the input itself so a finding replays. */
  private static int[] chunks(byte[] data) {
    SplittableRandom random = new SplittableRandom(Arrays.hashCode(data));
    int[] sizes = new int[data.length + 1];
    int count = 0;
    for (int left = data.length; left > 0; ) {
      int max = random.nextInt(4) == 0 ? 4096 : 17;
      int n = Math.min(left, random.nextInt(max + 1));
      sizes[count++] = n;
      left -= n;
    }
    return Arrays.copyOf(sizes, count);
  }
}
