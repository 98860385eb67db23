package org.evidencenotary.notary.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {
  private static final String BOUNDARY = "frontier";

  @Test
  void parts_full_of_near_miss_delimiters_come_back_exactly_whatever_the_read_sizes() throws Exception {
    Random random = new Random(7);
    List<byte[]> parts = new ArrayList<>();
    while (parts.size() < 5) {
      ByteArrayOutputStream part = new ByteArrayOutputStream();
      for (int j = 0; j < 2000; j++) {
        switch (random.nextInt(6)) {
          case 0 -> part.writeBytes(ascii("\r\n--frontie")); // a delimiter cut one byte short
          case 1 -> part.writeBytes(ascii("\r\n-"));
          case 2 -> part.writeBytes(ascii("--frontier")); // the boundary, but not after CRLF
          case 3 -> part.writeBytes(ascii("\r\r\n\n"));
          default -> {
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            part.writeBytes(noise);
          }
        }
      }
      // The pieces can join into a real delimiter ("\r\n-" then "-frontier"): such a part is not
      // valid multipart content (RFC 2046 5.1.1) and is not used.
      if (!new String(part.toByteArray(), StandardCharsets.ISO_8859_1).contains("\r\n--" + BOUNDARY)) {
        parts.add(part.toByteArray());
      }
    }
    parts.add(new byte[0]);
    byte[] body = body(parts);

    for (int maxRead : new int[] {1, 3, 13, 4096, 1 << 20}) {
      List<byte[]> read = readAll(new Trickle(new ByteArrayInputStream(body), maxRead, new Random(maxRead)));
      assertThat(read).as("reads of at most %d bytes", maxRead).hasSameSizeAs(parts);
      for (int i = 0; i < parts.size(); i++) {
        assertThat(read.get(i)).as("part %d, reads of at most %d bytes", i, maxRead).isEqualTo(parts.get(i));
      }
    }
  }

  @Test
  void headers_are_read_case_insensitively_and_folded_lines_joined() throws Exception {
    byte[] body = ascii("--frontier\r\ncontent-TYPE: application/dicom;\r\n transfer-syntax=1.2.840.10008.1.2.1\r\n"
        + "Content-ID: <a@b>\r\n\r\nDATA\r\n--frontier--");
    MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);

    MultipartReader.Part part = reader.next();

    assertThat(part.header("Content-Type")).isEqualTo("application/dicom; transfer-syntax=1.2.840.10008.1.2.1");
    assertThat(part.header("content-id")).isEqualTo("<a@b>");
    assertThat(part.body().readAllBytes()).isEqualTo(ascii("DATA"));
    assertThat(reader.next()).isNull();
    assertThat(reader.next()).isNull();
  }

  @Test
  void an_unread_part_is_skipped_by_the_next_call() throws Exception {
    MultipartReader reader = new MultipartReader(
        new ByteArrayInputStream(body(List.of(ascii("first"), ascii("second")))), BOUNDARY);

    reader.next(); // not read
    MultipartReader.Part second = reader.next();

    assertThat(second.body().readAllBytes()).isEqualTo(ascii("second"));
    assertThat(reader.next()).isNull();
  }

  @Test
  void a_part_cut_short_never_ends_normally() throws Exception {
    byte[] body = body(List.of(ascii("complete"), ascii("cut short")));
    byte[] cut = java.util.Arrays.copyOf(body, body.length - "\r\n--frontier--\r\n".length() + 3); // "\r\n-"
    MultipartReader reader = new MultipartReader(new ByteArrayInputStream(cut), BOUNDARY);

    assertThat(reader.next().body().readAllBytes()).isEqualTo(ascii("complete"));
    InputStream second = reader.next().body();

    assertThatThrownBy(second::readAllBytes).isInstanceOf(MultipartReader.MalformedMultipartException.class)
        .hasMessageContaining("ends inside a part");
  }

  @Test
  void boundaries_that_rfc_2046_does_not_allow_are_refused() {
    for (String bad : new String[] {"", "x".repeat(71), "tab\there"}) {
      assertThatThrownBy(() -> new MultipartReader(InputStream.nullInputStream(), bad))
          .as("boundary '%s'", bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static List<byte[]> readAll(InputStream in) throws IOException {
    MultipartReader reader = new MultipartReader(in, BOUNDARY);
    List<byte[]> parts = new ArrayList<>();
    for (MultipartReader.Part part; (part = reader.next()) != null; ) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[777];
      for (int n; (n = part.body().read(buffer, 0, buffer.length)) != -1; ) {
        out.write(buffer, 0, n);
      }
      parts.add(out.toByteArray());
    }
    return parts;
  }

  private static byte[] body(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(ascii("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n"));
      out.writeBytes(p);
      out.writeBytes(ascii("\r\n"));
    }
    out.writeBytes(ascii("--" + BOUNDARY + "--\r\n"));
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Hands out at most {@code max} bytes per read, a random number each time, as a slow network does. */
  private static final class Trickle extends FilterInputStream {
    private final int max;
    private final Random random;

    Trickle(InputStream in, int max, Random random) {
      super(in);
      this.max = max;
      this.random = random;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1 + random.nextInt(max)));
    }
  }
}
