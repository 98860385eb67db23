package org.evidencenotary.notary.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.evidencenotary.notary.api.MultipartReader.MalformedMultipartException;
import org.evidencenotary.notary.api.MultipartReader.MultipartLimitException;
import org.evidencenotary.notary.api.MultipartReader.Part;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz test of the STOW-RS body reader ({@code multipart/related}): whatever the body, it yields
 * parts or refuses the body with {@link MalformedMultipartException}, never another exception, a
 * hang or unbounded memory; and what it yields does not depend on how the network cut the reads.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs as a regression test over the inputs committed under
 * {@code src/test/resources/org/evidencenotary/notary/api/MultipartReaderFuzzTestInputs/}
 * (seeds from {@link #main}); with it, Jazzer fuzzes it (docs/reliability.md).
 */
class MultipartReaderFuzzTest {
  static final String BOUNDARY = "frontier";

  /** What reading a body gave: its parts, or the refusal's message. */
  private record Outcome(List<Map<String, String>> headers, List<byte[]> bodies, String refusal) {
    boolean sameAs(Outcome other) {
      if (bodies.size() != other.bodies.size()) {
        return false;
      }
      for (int i = 0; i < bodies.size(); i++) {
        if (!Arrays.equals(bodies.get(i), other.bodies.get(i))) {
          return false;
        }
      }
      return headers.equals(other.headers) && java.util.Objects.equals(refusal, other.refusal);
    }
  }

  @FuzzTest(maxDuration = "3m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void reader_yields_parts_or_refuses_whatever_the_read_sizes(byte[] body) throws IOException {
    Outcome whole = read(new ByteArrayInputStream(body));
    Outcome trickled = read(new Trickle(body));

    assertThat(whole.bodies().stream().mapToLong(b -> b.length).sum()).isLessThanOrEqualTo(body.length);
    assertThat(trickled.sameAs(whole)).as("the same parts or refusal in short reads: %s / %s",
        whole.refusal(), trickled.refusal()).isTrue();
  }

  private static Outcome read(InputStream in) throws IOException {
    List<Map<String, String>> headers = new ArrayList<>();
    List<byte[]> bodies = new ArrayList<>();
    MultipartReader reader = new MultipartReader(in, BOUNDARY);
    try {
      for (Part part; (part = reader.next()) != null; ) {
        headers.add(part.headers());
        bodies.add(part.body().readAllBytes());
      }
      return new Outcome(headers, bodies, null);
    } catch (MalformedMultipartException | MultipartLimitException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return new Outcome(headers, bodies, refused.getMessage());
    }
  }

  /** Hands out the body in reads of 1 to 64 bytes, sizes drawn from the body itself so a finding replays. */
  private static final class Trickle extends FilterInputStream {
    private final SplittableRandom random;

    Trickle(byte[] body) {
      super(new ByteArrayInputStream(body));
      random = new SplittableRandom(Arrays.hashCode(body));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1 + random.nextInt(64)));
    }
  }

  /** Writes the seed bodies into the folder given (the committed ones: the Inputs folder above). */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createDirectories(Path.of(args[0]));
    byte[] ct = DicomTestFiles.ct(1, 4, 4, 1, "1.2.826.0.1.3680043.10.1.99.1.1", 1);
    Files.write(dir.resolve("two-instances.txt"), body(List.of(ct, DicomTestFiles.ct(2, 2, 2, 1, "1.2.3", 2)),
        "Content-Type: application/dicom\r\n"));
    Files.write(dir.resolve("preamble-padding-folded-header-epilogue.txt"), concat(
        ascii("a preamble\r\n--frontier  \t\r\nContent-Type: application/dicom;\r\n transfer-syntax=1.2.840.10008.1.2.1"
            + "\r\nContent-ID: <a@b>\r\n\r\n"), ct, ascii("\r\n--frontier--\r\nan epilogue")));
    Files.write(dir.resolve("near-miss-delimiters-in-a-part.txt"), body(List.of(
        ascii("\r\n--frontie\r\n-\r\n--frontierX--frontier\r\r\n\n")), "Content-Type: application/octet-stream\r\n"));
    Files.write(dir.resolve("empty-parts.txt"), ascii("--frontier\r\n\r\n\r\n--frontier\r\n\r\n\r\n--frontier--"));
    Files.write(dir.resolve("no-close-delimiter.txt"), ascii("--frontier\r\nContent-Type: a/b\r\n\r\nDATA"));
  }

  private static byte[] body(List<byte[]> parts, String headers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(ascii("--" + BOUNDARY + "\r\n" + headers + "\r\n"));
      out.writeBytes(part);
      out.writeBytes(ascii("\r\n"));
    }
    out.writeBytes(ascii("--" + BOUNDARY + "--\r\n"));
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : pieces) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
