package org.evidencenotary.notary.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Zips;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each limit of the batch check refuses the whole batch with its problem, stops reading there and
 * keeps nothing (no record, nothing left in the upload folder). Small limits, so that crossing them
 * is cheap.
 */
@QuarkusTest
@TestProfile(BatchLimitsTest.SmallBatches.class)
class BatchLimitsTest {
  private static final String BATCH = "/api/v1/verify/batch";
  private static final String PROBLEM = "urn:evidence-notary:problem:";

  public static class SmallBatches implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("notary.verify.batch.max-files", "5", "notary.verify.batch.max-file-size", "64K",
          "notary.verify.batch.max-total-size", "256K", "notary.verify.batch.max-upload", "512K",
          "notary.verify.batch.max-ratio", "100", "notary.verify.batch.ratio-grace", "16K");
    }
  }

  private long recordsBefore;

  @BeforeEach
  void count_records() throws IOException {
    recordsBefore = count(dataDir().resolve("records"));
  }

  @AfterEach
  void nothing_was_kept() throws IOException {
    assertThat(count(dataDir().resolve("records"))).as("records").isEqualTo(recordsBefore);
    assertThat(count(dataDir().resolve("tmp/uploads"))).as("files left in the upload folder").isZero();
  }

  private static Path dataDir() {
    return Path.of(ConfigProvider.getConfig().getValue("notary.data-dir", String.class));
  }

  private static long count(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  private static RequestSpecification insurer() {
    return Api.anonymous().header(Api.as(Roles.INSURER));
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static void refused(RequestSpecification request, int status, String kind) {
    request.post(BATCH).then().statusCode(status).contentType("application/problem+json")
        .body("type", equalTo(PROBLEM + kind)).body("detail", containsString("nothing was kept"));
  }

  private static RequestSpecification zip(Map<String, byte[]> entries) {
    return insurer().contentType("application/zip").body(Zips.of(entries));
  }

  @Test
  void six_files_when_five_are_allowed_are_refused_as_parts_and_in_a_zip() {
    RequestSpecification parts = insurer();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 6; i++) {
      parts.multiPart("file", i + ".bin", random(10, i), "application/octet-stream");
      entries.put(i + ".bin", random(10, i));
    }
    refused(parts, 413, "too-many-files");
    refused(zip(entries), 413, "too-many-files");
  }

  @Test
  void five_files_are_allowed() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      entries.put(i + ".bin", random(10, i));
    }
    zip(entries).post(BATCH).then().statusCode(200).body("files", equalTo(5));
  }

  @Test
  void a_zip_bomb_is_refused_by_its_ratio_before_it_is_read_to_its_end() {
    // 60 KiB of zeros deflate to about 100 bytes: far over 100 to 1, and under the file limit.
    refused(zip(Map.of("bomb.dcm", new byte[60 * 1024])), 413, "compression-ratio");
  }

  @Test
  void a_file_larger_than_the_limit_uncompressed_is_refused() {
    refused(zip(Map.of("big.bin", random(70 * 1024, 1))), 413, "file-too-large");
    refused(insurer().multiPart("file", "big.bin", random(70 * 1024, 2), "application/octet-stream"), 413,
        "file-too-large");
  }

  @Test
  void files_larger_than_the_total_limit_together_are_refused() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      entries.put(i + ".bin", random(60 * 1024, i));
    }
    refused(zip(entries), 413, "batch-too-large");
  }

  @Test
  void an_upload_over_the_batch_limit_is_refused() {
    refused(insurer().multiPart("file", "a.zip", random(600 * 1024, 3), "application/zip"), 413, "too-large");
  }

  @Test
  void entry_names_with_dot_dot_an_absolute_path_or_control_characters_are_refused() {
    for (String name : new String[] {"../../etc/passwd", "claims/../../x.png", "/etc/passwd", "C:\\x.png",
        "a\u0000b.png", "new\nline.png"}) {
      refused(zip(Map.of(name, new byte[] {1})), 400, "unsafe-file-name");
    }
    refused(insurer().multiPart("file", "../x.png", new byte[] {1}, "image/png"), 400, "unsafe-file-name");
  }
}
