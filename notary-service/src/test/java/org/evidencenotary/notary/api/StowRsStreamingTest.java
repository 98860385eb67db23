package org.evidencenotary.notary.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceRepository;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.LiveHeapSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A STOW-RS request with a 128 MiB instance, sent chunked (no Content-Length), must stream through
 * the multipart reader, the DICOM scanner and the store: the test JVM has a 384 MiB heap and the
 * live heap, sampled while the request runs, grows by far less than the instance.
 */
@QuarkusTest
class StowRsStreamingTest {
  private static final int ROWS = 8192;
  private static final int COLUMNS = 8192;
  private static final long PIXEL_BYTES = (long) ROWS * COLUMNS * 2;

  @TestHTTPResource("/") URI base;
  @Inject EvidenceRepository repository;
  @TempDir Path dir;

  @Test
  void a_128_MiB_instance_streams_through_stow_rs_in_a_small_heap() throws Exception {
    assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(400L << 20);
    Path file = dir.resolve("ct-8192x8192.dcm");
    String pixelSha256 = writeLargeCt(file);
    String fileSha256 = sha256(file);
    long baseline = LiveHeapSampler.liveHeap();
    LiveHeapSampler sampler = LiveHeapSampler.start();

    HttpURLConnection connection = (HttpURLConnection) base.resolve("dicomweb/studies").toURL().openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setChunkedStreamingMode(64 * 1024);
    connection.setRequestProperty("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=big");
    connection.setRequestProperty("Authorization", Api.allRoles().getValue());
    try (OutputStream out = connection.getOutputStream()) {
      out.write("--big\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      Files.copy(file, out);
      out.write("\r\n--big--\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    assertThat(connection.getResponseCode()).isEqualTo(200);
    JsonNode module;
    try (InputStream in = connection.getInputStream()) {
      module = new ObjectMapper().readTree(in);
    }

    long peakLive = sampler.stop();
    System.out.printf("STOW-RS 128 MiB instance: live heap %d MiB before, at most %d MiB during (%d samples)%n",
        baseline >> 20, peakLive >> 20, sampler.samples());
    String url = module.get("00081199").get("Value").get(0).get("00081190").get("Value").get(0).asText();
    EvidenceRecord record = repository.findById(url.substring(url.lastIndexOf('/') + 1)).orElseThrow();
    assertThat(record.sha256()).isEqualTo(fileSha256);
    assertThat(record.size()).isEqualTo(Files.size(file));
    assertThat(record.statement().dicom().pixelDataSha256()).isEqualTo(pixelSha256);
    assertThat(sampler.samples()).isGreaterThanOrEqualTo(3);
    assertThat(peakLive - baseline).as("live heap growth during the request").isLessThan(PIXEL_BYTES / 4);
  }

  /**
   * A CT instance of ROWS x COLUMNS 16-bit pixels, written to disk without holding its pixels: the
   * header of a 2x2 instance with Rows, Columns and the Pixel Data length patched. Returns the
   * SHA-256 of the Pixel Data value.
   */
  private static String writeLargeCt(Path file) throws IOException {
    byte[] small = DicomTestFiles.ct(901, 2, 2, 1, "1.2.826.0.1.3680043.10.1.99.9.1", 1);
    byte[] header = java.util.Arrays.copyOf(small, small.length - 8); // the 8 pixel bytes dropped
    patchUs(header, 0x0010, ROWS);
    patchUs(header, 0x0011, COLUMNS);
    ByteBuffer.wrap(header, header.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) PIXEL_BYTES);
    MessageDigest sha = Sha256.newMessageDigest();
    Random random = new Random(901);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(header);
      for (long written = 0; written < PIXEL_BYTES; written += chunk.length) {
        random.nextBytes(chunk);
        sha.update(chunk);
        out.write(chunk);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Sets the value of the US element (0028,element) in an explicit VR little endian header. */
  private static void patchUs(byte[] header, int element, int value) {
    byte[] tag = {0x28, 0x00, (byte) element, 0x00, 'U', 'S', 0x02, 0x00};
    for (int i = 0; i + tag.length + 2 <= header.length; i++) {
      if (java.util.Arrays.equals(header, i, i + tag.length, tag, 0, tag.length)) {
        ByteBuffer.wrap(header, i + tag.length, 2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value);
        return;
      }
    }
    throw new IllegalArgumentException("no (0028," + Integer.toHexString(element) + ") US element");
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest sha = Sha256.newMessageDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) != -1; ) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
