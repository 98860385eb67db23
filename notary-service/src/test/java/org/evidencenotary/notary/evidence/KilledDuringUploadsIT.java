package org.evidencenotary.notary.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.dimse.DimseTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service ({@code quarkus-run.jar}, built by {@code package} before Failsafe runs
 * this) is killed with SIGKILL while four uploads are half sent: a raw POST, a multipart POST, a
 * STOW-RS request and a C-STORE. Restarted on the same data folder, it has emptied its temporary
 * folder, keeps no record or object of the unanswered uploads, and still has the upload it answered
 * before the kill, intact.
 */
class KilledDuringUploadsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
  private static final String SERIES = "1.2.826.0.1.3680043.10.1.99.17.1";
  /** What each unfinished upload declares; far more than is sent. */
  private static final int DECLARED = 64 << 20;
  /** What each unfinished upload sends before it stalls. */
  private static final int SENT = 2 << 20;

  @TempDir Path work;
  private Process service;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (IOException e) {
        // the service is gone; nothing to close on its side
      }
    }
    if (service != null) {
      service.destroyForcibly().waitFor();
    }
  }

  @Test
  void a_kill_during_four_kinds_of_upload_leaves_no_temporary_file_and_no_record_of_them() throws Exception {
    Path data = work.resolve("data");
    int httpPort = freePort();
    int dicomPort = freePort();
    start(data, httpPort, dicomPort);
    String token = acquirerToken(data, httpPort);

    // Answered before the kill: this one must survive.
    byte[] kept = ("kept across the kill " + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
    HttpResponse<String> answered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + httpPort + "/api/v1/evidence"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(kept)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answered.statusCode()).as(answered.body()).isIn(201, 202);
    String keptId = JSON.readTree(answered.body()).get("id").asText();

    // Four uploads, each stalled after SENT bytes of a body that declares DECLARED.
    byte[] filler = new byte[SENT];
    new java.util.Random(17).nextBytes(filler);
    rawUpload(httpPort, token, filler);
    multipartUpload(httpPort, token, filler);
    byte[] part10 = DicomTestFiles.ct(1_701, 1024, 1024, 2, SERIES, 1); // 4 MiB of pixels
    stowUpload(httpPort, token, part10);
    cStore(dicomPort, part10);

    Path tmp = data.resolve("tmp");
    // Staged: the raw, STOW-RS and C-STORE bodies; spooled: the multipart part.
    await("the four uploads on disk in " + tmp).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> nonEmptyFiles(tmp.resolve("staging")).size() >= 3 && !nonEmptyFiles(tmp.resolve("uploads")).isEmpty());
    for (Path file : filesUnder(tmp)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .as("mode of the temporary file " + tmp.relativize(file)).isEqualTo("rw-------");
    }
    long recordsBefore = count(data.resolve("records"));

    service.destroyForcibly(); // SIGKILL on POSIX: no shutdown hook runs
    assertThat(service.waitFor(Duration.ofSeconds(20).toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(filesUnder(tmp)).as("what the kill left behind (before the restart)").isNotEmpty();

    start(data, httpPort, dicomPort);

    assertThat(filesUnder(tmp)).as("temporary files after the restart").isEmpty();
    assertThat(recordsBefore).as("records before the kill").isEqualTo(1);
    assertThat(count(data.resolve("records"))).as("records after the restart").isEqualTo(1);
    assertThat(filesUnder(data.resolve("objects"))).as("objects after the restart").hasSize(1);
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> record = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + httpPort + "/api/v1/evidence/" + keptId))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(record.statusCode()).as(record.body()).isEqualTo(200);
    JsonNode kept200 = JSON.readTree(record.body());
    assertThat(kept200.get("sha256").asText()).isEqualTo(Sha256.digest(kept).hex());
    HttpResponse<byte[]> original = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + httpPort + "/api/v1/evidence/" + keptId + "/original"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(original.statusCode()).isEqualTo(200);
    assertThat(original.body()).isEqualTo(kept);
  }

  private void rawUpload(int port, String token, byte[] filler) throws IOException {
    stalled(port, "POST /api/v1/evidence HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + DECLARED + "\r\n\r\n", filler);
  }

  private void multipartUpload(int port, String token, byte[] filler) throws IOException {
    String boundary = "b" + UUID.randomUUID();
    String partHead = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n";
    stalled(port, "POST /api/v1/evidence HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + DECLARED
        + "\r\n\r\n" + partHead, filler);
  }

  private void stowUpload(int port, String token, byte[] part10) throws IOException {
    String boundary = "b" + UUID.randomUUID();
    stalled(port, "POST /dicomweb/studies HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: multipart/related; type=\"application/dicom\"; boundary=" + boundary
        + "\r\nAccept: application/dicom+json\r\nContent-Length: " + DECLARED + "\r\n\r\n--" + boundary
        + "\r\nContent-Type: application/dicom\r\n\r\n", java.util.Arrays.copyOf(part10, part10.length / 2));
  }

  private void cStore(int port, byte[] part10) throws IOException {
    String instance = DicomTestFiles.scan(part10).header().value(0x00080018);
    byte[] dataSet = DimseTestClient.dataSetOf(part10);
    DimseTestClient client = new DimseTestClient(port, "CT01", "NOTARY", CT_IMAGE);
    open.add(client);
    client.storePartially(CT_IMAGE, instance, dataSet, dataSet.length / 2);
  }

  /** Sends {@code head} and {@code body} and leaves the connection open, the rest never sent. */
  private void stalled(int port, String head, byte[] body) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    open.add(socket);
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private void start(Path data, int httpPort, int dicomPort) throws IOException {
    Path jar = jar();
    Path log = work.resolve("service-" + System.nanoTime() + ".log");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-Dnotary.dicom.scp.allowed-calling-ae-titles=CT01", "-jar", jar.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("NOTARY_DATA", data.toString());
    builder.environment().put("NOTARY_PORT", Integer.toString(httpPort));
    builder.environment().put("NOTARY_DICOM_PORT", Integer.toString(dicomPort));
    builder.environment().put("NOTARY_DICOM_TLS_PORT", "0");
    builder.environment().put("NOTARY_PUBLIC_URL", "https://notary.crash-test.example");
    service = builder.start();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    await("the packaged service on port " + httpPort).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          if (!service.isAlive()) {
            throw new AssertionError("the service stopped at start:\n" + Files.readString(log));
          }
          try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/live"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
          } catch (IOException e) {
            return false;
          }
        });
  }

  /** An acquirer token from the service's own issuer, asked for with the admin token (as ./notary token does). */
  private static String acquirerToken(Path data, int port) throws Exception {
    String admin = Files.readString(data.resolve("admin-token")).strip();
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/v1/auth/tokens"))
        .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"acquirer\",\"name\":\"crash test\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body()).get("token").asText();
  }

  private static Path jar() {
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    assertThat(jar).as("the packaged service; Failsafe runs this test after 'package' (mvn verify)").isRegularFile();
    return jar;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private static List<Path> nonEmptyFiles(Path dir) throws IOException {
    List<Path> found = new ArrayList<>();
    for (Path file : filesUnder(dir)) {
      if (Files.size(file) > 0) {
        found.add(file);
      }
    }
    return found;
  }

  private static long count(Path records) throws IOException {
    try (Stream<Path> files = Files.list(records)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).count();
    }
  }
}
