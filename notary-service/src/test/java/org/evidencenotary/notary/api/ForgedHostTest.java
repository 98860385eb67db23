package org.evidencenotary.notary.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Absolute URLs in answers come from notary.certificate.public-url (here https://notary.test.example),
 * never from the request's Host header. The requests are written on a plain socket so that the
 * forged Host is exactly what the service reads.
 */
@QuarkusTest
class ForgedHostTest {
  private static final String FORGED = "attacker.example:6666";

  @TestHTTPResource("/") URI base;

  @ConfigProperty(name = "notary.certificate.public-url") String publicUrl;

  @Test
  void a_raw_upload_with_a_forged_host_gets_a_location_under_the_public_address() throws IOException {
    Answer answer = send("POST", "/api/v1/evidence", Map.of("Authorization", Api.as(Roles.ACQUIRER).getValue(),
        "Content-Type", "application/octet-stream"), bytes("raw upload"));

    assertThat(answer.status()).as(answer.body()).isIn(201, 202);
    assertThat(answer.header("location")).startsWith(publicUrl + "/api/v1/evidence/");
    assertThat(answer.all()).doesNotContain("attacker");
  }

  @Test
  void a_multipart_upload_with_a_forged_host_gets_a_location_under_the_public_address() throws IOException {
    String boundary = "b" + UUID.randomUUID();
    byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n" + new String(bytes("multipart upload"),
        StandardCharsets.ISO_8859_1) + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    Answer answer = send("POST", "/api/v1/evidence", Map.of("Authorization", Api.as(Roles.ACQUIRER).getValue(),
        "Content-Type", "multipart/form-data; boundary=" + boundary), body);

    assertThat(answer.status()).as(answer.body()).isIn(201, 202);
    assertThat(answer.header("location")).startsWith(publicUrl + "/api/v1/evidence/");
    assertThat(answer.all()).doesNotContain("attacker");
  }

  @Test
  void stow_rs_retrieve_urls_with_a_forged_host_are_under_the_public_address() throws IOException {
    String boundary = "b" + UUID.randomUUID();
    byte[] instance = DicomTestFiles.ct(7_301, 16, 16, 1, "1.2.826.0.1.3680043.8.498.7301", 1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(instance);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    Answer answer = send("POST", "/dicomweb/studies", Map.of("Authorization", Api.as(Roles.ACQUIRER).getValue(),
        "Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary,
        "Accept", "application/dicom+json"), body.toByteArray());

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).contains(publicUrl + "/api/v1/evidence/").doesNotContain("attacker");
    assertThat(answer.all()).doesNotContain("attacker");
  }

  @Test
  void an_enrolment_with_a_forged_host_gets_a_location_under_the_public_address() throws IOException {
    byte[] body = ("{\"kind\":\"TECHNOLOGIST\",\"name\":\"RT Host " + UUID.randomUUID() + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    Answer answer = send("POST", "/api/v1/identities", Map.of("Authorization", Fixtures.admin().getValue(),
        "Content-Type", "application/json"), body);

    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    assertThat(answer.header("location")).startsWith(publicUrl + "/api/v1/identities/");
    assertThat(answer.all()).doesNotContain("attacker");
  }

  @Test
  void a_portal_sign_in_with_a_forged_host_is_sent_on_with_a_relative_location() throws IOException {
    String token = Api.as(Roles.AUDITOR).getValue().substring("Bearer ".length());
    byte[] body = ("token=" + token).getBytes(StandardCharsets.US_ASCII);
    Answer answer = send("POST", "/portal/sign-in", Map.of("Sec-Fetch-Site", "same-origin",
        "Content-Type", "application/x-www-form-urlencoded"), body);

    assertThat(answer.status()).as(answer.body()).isEqualTo(303);
    assertThat(answer.header("location")).isEqualTo("/audit");
    assertThat(answer.all()).doesNotContain("attacker");
  }

  private static byte[] bytes(String label) {
    return (label + " " + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
  }

  /** One HTTP/1.1 request with {@code Host: attacker.example:6666}; the whole answer. */
  private Answer send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + FORGED + "\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      return Answer.parse(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }
  }

  private record Answer(int status, Map<String, String> headers, String body, String all) {
    static Answer parse(String raw) {
      int end = raw.indexOf("\r\n\r\n");
      assertThat(end).as("an HTTP answer: " + raw).isPositive();
      String[] lines = raw.substring(0, end).split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
      }
      return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, raw.substring(end + 4), raw);
    }

    String header(String name) {
      return headers.get(name);
    }
  }
}
