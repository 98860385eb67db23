package org.evidencenotary.notary.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.ledger.Ledger;
import org.evidencenotary.notary.testing.Api;
import org.junit.jupiter.api.Test;

/**
 * Request bodies are held to notary.ingest.body-timeout and body-min-rate: a handful of clients
 * dripping bytes get a 408 problem and keep no thread, while the service answers others.
 */
@QuarkusTest
@TestProfile(SlowUploadTest.ShortBodyDeadline.class)
class SlowUploadTest {
  /** A body must arrive within 5 s plus one second per 1,000 bytes; four bodies at once. */
  public static class ShortBodyDeadline implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("notary.ingest.body-timeout", "5s", "notary.ingest.body-min-rate", "1000",
          "notary.ingest.max-concurrent-uploads", "4");
    }
  }

  private static final int DRIPPERS = 6;

  @TestHTTPResource("/") URI base;
  @Inject Ledger ledger;
  @Inject NotaryConfig config;
  @Inject UploadSlots slots;

  @Test
  void bodies_dripped_below_the_minimum_rate_get_a_408_problem_while_health_and_reads_answer() throws Exception {
    // Six drippers, four upload slots: four are cut off by their deadline, two refused at once.
    String id = upload("a record to read while the drippers are connected".getBytes(StandardCharsets.US_ASCII));
    long height = ledger.height();
    AtomicInteger answered = new AtomicInteger();
    List<CompletableFuture<String>> drippers = new ArrayList<>();
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < DRIPPERS; i++) {
      Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort());
      sockets.add(socket);
      // Raw uploads read by a worker thread, and a multipart upload, a few bytes of their bodies at once.
      String head = i % 3 == 2 ? multipartHead() : rawHead();
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write("first".getBytes(StandardCharsets.US_ASCII));
      drippers.add(CompletableFuture.supplyAsync(() -> drip(socket, answered)));
    }
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> ready = client.send(HttpRequest.newBuilder(base.resolve("q/health/ready"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> record = client.send(HttpRequest.newBuilder(base.resolve("api/v1/evidence/" + id))
          .header("Authorization", Api.allRoles().getValue()).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      int answeredMeanwhile = answered.get();

      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(record.statusCode()).isEqualTo(200);
      assertThat(answeredMeanwhile).as("drippers cut off before health and the read were answered").isZero();
      List<String> responses = new ArrayList<>();
      for (CompletableFuture<String> dripper : drippers) {
        responses.add(dripper.get(60, TimeUnit.SECONDS));
      }
      assertThat(responses).filteredOn(r -> r.startsWith("HTTP/1.1 408 ")).hasSize(4)
          .allMatch(r -> r.contains("application/problem+json")
              && r.contains("\"type\":\"urn:evidence-notary:problem:request-timeout\""));
      assertThat(responses).filteredOn(r -> r.startsWith("HTTP/1.1 503 ")).hasSize(2)
          .allMatch(r -> r.contains("Retry-After: 10")
              && r.contains("\"type\":\"urn:evidence-notary:problem:too-many-uploads\""));
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
    assertThat(ledger.height()).isEqualTo(height);
    try (var staged = Files.list(config.dataDir().resolve("tmp/staging"))) {
      assertThat(staged).isEmpty();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> slots.inUse() == 0);
    upload("slots are back once the drippers are gone".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void body_slower_than_the_timeout_but_above_the_minimum_rate_is_accepted() throws Exception {
    // 14,000 bytes at about 2,000 bytes/s: 7 s, past the 5 s timeout, but each 1,000 bytes buys a second.
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort());
    try (socket) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(rawHead().replace("Content-Length: 100000", "Content-Length: 14000").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[200];
      for (int sent = 0; sent < 14_000; sent += chunk.length) {
        chunk[0] = (byte) sent; // a body notarized by no other test
        chunk[1] = (byte) (sent >> 8);
        chunk[2] = 0x5A;
        out.write(chunk);
        out.flush();
        Thread.sleep(100); // pacing the sender, not waiting for the service
      }
      String response = readResponse(socket.getInputStream());
      assertThat(response).startsWith("HTTP/1.1 20");
    }
  }

  /** Sends a byte every 200 ms until the service answers or closes; what it answered. */
  private static String drip(Socket socket, AtomicInteger answered) {
    try {
      socket.setSoTimeout(200);
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < giveUp) {
        try {
          socket.getOutputStream().write('x');
        } catch (SocketException e) {
          // closed by the service: what it answered is still to be read
        }
        try {
          int n = in.read(buffer);
          if (n < 0) {
            break;
          }
          if (response.size() == 0 && n >= 12 && new String(buffer, 0, 12, StandardCharsets.US_ASCII)
              .equals("HTTP/1.1 408")) {
            answered.incrementAndGet();
          }
          response.write(buffer, 0, n);
        } catch (java.net.SocketTimeoutException e) {
          // nothing yet: drip on
        } catch (SocketException e) {
          break;
        }
      }
      return response.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    for (int n; (n = in.read(buffer)) > 0; ) {
      response.write(buffer, 0, n);
      if (response.toString(StandardCharsets.UTF_8).contains("\r\n\r\n")) {
        break;
      }
    }
    return response.toString(StandardCharsets.UTF_8);
  }

  private String rawHead() {
    return "POST /api/v1/evidence HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + Api.allRoles().getValue()
        + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n";
  }

  private String multipartHead() {
    return "POST /api/v1/evidence HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + Api.allRoles().getValue()
        + "\r\nContent-Type: multipart/form-data; boundary=drip\r\nContent-Length: 100000\r\n\r\n"
        + "--drip\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n";
  }

  private String upload(byte[] body) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(base.resolve("api/v1/evidence"))
            .header("Content-Type", "application/octet-stream")
            .header("Authorization", Api.allRoles().getValue())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
    return response.body().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
  }
}
