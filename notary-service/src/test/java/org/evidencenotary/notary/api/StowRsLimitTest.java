package org.evidencenotary.notary.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.storage.EvidenceStore;
import org.junit.jupiter.api.Test;

/**
 * The upload limit (1 MiB here) applies to each instance of a STOW-RS request. A profile of its
 * own (the same limit as {@link SmallLimitProfile}), so its stored instance is in a data folder
 * that {@link UploadLimitTest}, which expects an empty store, does not share.
 */
@QuarkusTest
@TestProfile(StowRsLimitTest.OneMebibyteLimit.class)
class StowRsLimitTest {
  /** A 1 MiB upload limit. */
  public static class OneMebibyteLimit extends SmallLimitProfile {}

  private static final String SERIES = "1.2.826.0.1.3680043.10.1.99.8.1";

  @TestHTTPResource("/") URI base;
  @Inject EvidenceStore store;

  @Test
  void an_instance_over_the_limit_fails_with_A700_and_the_next_one_is_stored() throws Exception {
    byte[] large = DicomTestFiles.ct(801, 1024, 1024, 1, SERIES, 1); // 2 MiB of pixels
    byte[] small = DicomTestFiles.ct(802, 16, 16, 1, SERIES, 2);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] part : new byte[][] {large, small}) {
      body.writeBytes("--L\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      body.writeBytes(part);
      body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    body.writeBytes("--L--".getBytes(StandardCharsets.US_ASCII));

    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(base.resolve("dicomweb/studies"))
            .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=L")
            .header("Authorization", Api.allRoles().getValue())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode module = new ObjectMapper().readTree(response.body());
    assertThat(module.get("00081198").get("Value").get(0).get("00081197").get("Value").get(0).asInt())
        .isEqualTo(0xA700);
    assertThat(module.get("00081199").get("Value")).hasSize(1);
    assertThat(store.contains(Sha256.digest(large))).isFalse();
    assertThat(store.contains(Sha256.digest(small))).isTrue();
  }
}
