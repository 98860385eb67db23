package org.evidencenotary.notary.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.evidencenotary.notary.testing.LiveHeapSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MiB upload must stream: the test JVM (server and client together) runs with a 384 MiB
 * heap (see the Surefire argLine), so buffering the body, even once, would leave no room for the
 * rest; and the live heap, sampled during the transfers, grows by far less than the file's size.
 */
@QuarkusTest
class LargeUploadTest {
  private static final long SIZE = 200L << 20;

  @TestHTTPResource("/") URI base;
  @TempDir Path dir;

  @Test
  void a_200_MiB_file_round_trips_through_a_small_heap() throws Exception {
    assertThat(Runtime.getRuntime().maxMemory())
        .as("the test JVM must run with a small heap for this test to mean anything")
        .isLessThanOrEqualTo(400L << 20);
    Path file = Fixtures.randomFile(dir, SIZE, 200);
    String expected = sha256(file);
    long baseline = LiveHeapSampler.liveHeap();
    LiveHeapSampler sampler = LiveHeapSampler.start();

    // HttpURLConnection in fixed-length streaming mode sends with a small buffer, so the heap
    // measured here is the server's, not a client's read-ahead.
    HttpURLConnection upload = post(base.resolve("api/v1/evidence").toURL(), file);
    assertThat(upload.getResponseCode()).isEqualTo(201);
    String record = new String(upload.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(record).contains("\"sha256\":\"" + expected + "\"").contains("\"size\":" + SIZE);
    // The Location is under the configured public address; the path is fetched from this test's port.
    String location = URI.create(upload.getHeaderField("Location")).getPath();

    HttpURLConnection download =
        (HttpURLConnection) base.resolve(location.substring(1) + "/original").toURL().openConnection();
    download.setRequestProperty("Authorization", Api.allRoles().getValue());
    assertThat(download.getResponseCode()).isEqualTo(200);
    try (InputStream in = download.getInputStream()) {
      assertThat(sha256(in)).isEqualTo(expected);
    }

    HttpURLConnection verify = post(base.resolve("api/v1/verify").toURL(), file);
    assertThat(verify.getResponseCode()).isEqualTo(200);
    assertThat(new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("\"verdict\":\"AUTHENTIC\"");

    long peakLive = sampler.stop();
    System.out.printf("200 MiB round trip: live heap %d MiB before, at most %d MiB during (%d samples)%n",
        baseline >> 20, peakLive >> 20, sampler.samples());
    assertThat(sampler.samples()).as("samples taken during the transfers").isGreaterThanOrEqualTo(3);
    assertThat(peakLive - baseline).as("live heap growth during the round trip").isLessThan(SIZE / 4);
  }

  private static HttpURLConnection post(URL url, Path file) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setRequestProperty("Authorization", Api.allRoles().getValue());
    connection.setRequestProperty("Content-Type", "application/octet-stream");
    connection.setFixedLengthStreamingMode(Files.size(file));
    try (OutputStream out = connection.getOutputStream()) {
      Files.copy(file, out);
    }
    return connection;
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  private static String sha256(InputStream in) throws IOException {
    MessageDigest sha = Sha256.newMessageDigest();
    byte[] buffer = new byte[1 << 16];
    int n;
    while ((n = in.read(buffer)) != -1) {
      sha.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(sha.digest());
  }



}
