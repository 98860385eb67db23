package org.evidencenotary.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.evidencenotary.format.Sha256;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MinIO store against a real MinIO server (started by {@link LocalMinio}), checked where it
 * matters with the real {@code mc} client as an independent witness.
 */
class MinioEvidenceStoreTest {
  @RegisterExtension static final LocalMinio MINIO = new LocalMinio();

  private static final Duration RETENTION = Duration.ofMinutes(10);
  private static final String BUCKET = "evidence-test";
  private static WormStore store;
  private static Path staging;

  @BeforeAll
  static void openStore(@TempDir Path tmp) throws IOException {
    staging = tmp.resolve("staging");
    store = EvidenceStores.minio(settings(MINIO.endpoint(), BUCKET, staging));
  }

  private static MinioSettings settings(URI endpoint, String bucket, Path staging) {
    return new MinioSettings(
        endpoint, MINIO.accessKey(), MINIO.secretKey(), bucket, RETENTION, staging);
  }

  private static byte[] unique(String label) {
    return (label + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
  }

  private static StoredObject put(byte[] bytes) throws IOException {
    try (StagedObject staged = store.stage(new ByteArrayInputStream(bytes), Long.MAX_VALUE)) {
      return staged.commit();
    }
  }

  private static String mcPath(Sha256 digest) {
    return "notary/" + BUCKET + "/" + store.address(digest);
  }

  @Test
  void round_trip_returns_the_same_bytes_with_their_metadata() throws IOException {
    byte[] bytes = unique("round trip");
    StoredObject stored;
    try (StagedObject staged = store.stage(new ByteArrayInputStream(bytes), 1_000)) {
      stored = staged.commit(new ObjectLabels("application/dicom", "ev-123"));
    }

    assertThat(stored.newlyStored()).isTrue();
    assertThat(stored.digest()).isEqualTo(Sha256.digest(bytes));
    assertThat(stored.address()).isEqualTo("sha256/" + Sha256.digest(bytes).hex());
    assertThat(store.contains(stored.digest())).isTrue();
    assertThat(store.size(stored.digest())).isEqualTo(bytes.length);
    try (InputStream in = store.open(stored.digest())) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    store.verify(stored.digest());
    String stat = MINIO.mc("stat", "--json", mcPath(stored.digest()));
    assertThat(stat)
        .contains(stored.digest().hex())
        .contains("application/dicom")
        .contains("ev-123")
        .contains("\"X-Amz-Meta-Size\":\"" + bytes.length + "\"");
  }

  @Test
  void nothing_is_in_the_bucket_before_commit_and_discarding_leaves_no_staged_file()
      throws IOException {
    byte[] bytes = unique("never committed");
    try (StagedObject staged = store.stage(new ByteArrayInputStream(bytes), 1_000)) {
      assertThat(store.contains(staged.digest())).isFalse();
    }
    assertThat(store.contains(Sha256.digest(bytes))).isFalse();
    try (var files = Files.list(staging)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void staging_more_than_the_limit_is_refused_and_keeps_nothing() throws IOException {
    assertThatThrownBy(() -> store.stage(new ByteArrayInputStream(new byte[2_000]), 1_000))
        .isInstanceOf(SizeLimitExceededException.class);
    try (var files = Files.list(staging)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void committing_the_same_bytes_again_keeps_the_first_object() throws IOException {
    byte[] bytes = unique("twice");
    StoredObject first = put(bytes);
    StoredObject second = put(bytes);

    assertThat(first.newlyStored()).isTrue();
    assertThat(second.newlyStored()).isFalse();
    assertThat(MINIO.mc("ls", "--versions", mcPath(first.digest())).lines()).hasSize(1);
  }

  @Test
  void a_large_object_goes_up_in_parts_with_a_small_heap_and_reads_back_intact()
      throws IOException {
    long size = 200L * 1024 * 1024; // 13 parts of 16 MiB (two in flight); the test JVM has -Xmx192m
    StoredObject stored;
    try (StagedObject staged = store.stage(new PatternStream(size, 7), Long.MAX_VALUE)) {
      stored = staged.commit();
    }

    assertThat(stored.size()).isEqualTo(size);
    store.verify(stored.digest());
    String stat = MINIO.mc("stat", "--json", mcPath(stored.digest()));
    // A multipart object's ETag ends in -<number of parts>.
    assertThat(stat).containsPattern("\"etag\":\"[0-9a-f]+-13\"");
  }

  @Test
  void every_object_is_under_compliance_retention_for_the_configured_period() throws IOException {
    Instant before = Instant.now();
    StoredObject stored = put(unique("retained"));

    String info = MINIO.mc("retention", "info", "--json", mcPath(stored.digest()));
    assertThat(info).contains("COMPLIANCE");
    ObjectRetention retention = store.retention(stored.digest());
    assertThat(retention.mode()).isEqualTo("COMPLIANCE");
    assertThat(retention.retainUntil())
        .isBetween(before.plus(RETENTION).minusSeconds(5), Instant.now().plus(RETENTION).plusSeconds(5));
    assertThat(retention.legalHold()).isFalse();
  }

  @Test
  void the_bucket_has_object_lock_with_a_default_compliance_retention() throws IOException {
    String info = MINIO.mc("retention", "info", "--default", "--json", "notary/" + BUCKET);
    assertThat(info).contains("COMPLIANCE").contains("\"validity\":\"1DAYS\"");
  }

  @Test
  void a_legal_hold_is_set_and_released_as_the_mc_client_sees_it() throws IOException {
    StoredObject stored = put(unique("court case"));

    store.legalHold(stored.digest(), true);
    assertThat(MINIO.mc("legalhold", "info", "--json", mcPath(stored.digest()))).contains("\"ON\"");
    assertThat(store.retention(stored.digest()).legalHold()).isTrue();

    store.legalHold(stored.digest(), false);
    assertThat(MINIO.mc("legalhold", "info", "--json", mcPath(stored.digest()))).contains("\"OFF\"");
    assertThat(store.retention(stored.digest()).legalHold()).isFalse();
  }

  @Test
  void deleting_a_retained_object_is_refused_by_the_server_and_the_object_stays()
      throws IOException {
    StoredObject stored = put(unique("try to delete"));

    assertThatThrownBy(() -> store.delete(stored.digest()))
        .isInstanceOf(ObjectRetainedException.class)
        .hasMessageContaining(stored.digest().hex())
        .hasMessageContaining("refused by the object store");
    store.verify(stored.digest());
  }

  @Test
  void deleting_with_mc_is_refused_too() throws IOException {
    StoredObject stored = put(unique("mc rm"));
    String version = store.retention(stored.digest()).versionId();

    assertThatThrownBy(() -> MINIO.mc("rm", "--version-id", version, mcPath(stored.digest())))
        .isInstanceOf(LocalMinio.CommandFailedException.class);
    store.verify(stored.digest());
  }

  @Test
  void rollback_of_a_retained_object_throws_and_leaves_the_object() throws IOException {
    byte[] bytes = unique("rollback");
    try (StagedObject staged = store.stage(new ByteArrayInputStream(bytes), 1_000)) {
      staged.commit();
      assertThatThrownBy(staged::rollback)
          .isInstanceOf(ObjectRetainedException.class)
          .satisfies(e -> assertThat(((ObjectRetainedException) e).retainUntil()).isAfter(Instant.now()));
    }
    assertThat(store.contains(Sha256.digest(bytes))).isTrue();
  }

  @Test
  void a_byte_changed_behind_our_back_is_refused_on_read(@TempDir Path tmp) throws IOException {
    byte[] bytes = unique("original bytes");
    StoredObject stored = put(bytes);
    byte[] forged = Arrays.copyOf(bytes, bytes.length);
    forged[3] ^= 1;
    Path file = tmp.resolve("forged");
    Files.write(file, forged);
    // S3 locks versions, not names: a new version can be written over ours. Reads must notice.
    MINIO.mc("cp", file.toString(), mcPath(stored.digest()));

    assertThatThrownBy(() -> store.verify(stored.digest()))
        .isInstanceOf(StorageIntegrityException.class)
        .hasMessageContaining(stored.digest().hex())
        .hasMessageContaining(Sha256.digest(forged).hex());
    assertThatThrownBy(
            () -> {
              try (InputStream in = store.open(stored.digest())) {
                in.transferTo(OutputStream.nullOutputStream());
              }
            })
        .isInstanceOf(StorageIntegrityException.class);
  }

  @Test
  void reading_a_missing_object_says_not_found() {
    Sha256 absent = Sha256.digest(unique("absent"));
    assertThatThrownBy(() -> store.open(absent)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> store.retention(absent)).isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void an_unreachable_store_opens_but_reports_every_operation_as_unavailable(@TempDir Path tmp)
      throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    WormStore dead =
        EvidenceStores.minio(settings(URI.create("http://127.0.0.1:" + closedPort), BUCKET, tmp));

    try (StagedObject staged = dead.stage(new ByteArrayInputStream(unique("dead")), 1_000)) {
      assertThatThrownBy(staged::commit)
          .isInstanceOf(StorageUnavailableException.class)
          .hasMessageContaining("not reachable");
    }
    assertThatThrownBy(dead::checkWritable).isInstanceOf(StorageUnavailableException.class);
    try (var files = Files.list(tmp)) {
      assertThat(files).as("staged files left").isEmpty();
    }
  }

  @Test
  void a_bucket_without_object_lock_is_refused(@TempDir Path tmp) throws IOException {
    MINIO.mc("mb", "notary/no-lock-bucket");

    assertThatThrownBy(() -> EvidenceStores.minio(settings(MINIO.endpoint(), "no-lock-bucket", tmp)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("without Object Lock");
  }

  @Test
  void settings_never_show_the_secret_key() {
    MinioSettings s = settings(MINIO.endpoint(), BUCKET, staging);
    assertThat(s.toString()).doesNotContain(MINIO.secretKey()).contains("secretKey=***");
  }

  /** Deterministic bytes of any length without holding them in memory. */
  static final class PatternStream extends InputStream {
    private long remaining;
    private long state;

    PatternStream(long size, long seed) {
      this.remaining = size;
      this.state = seed;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      for (int i = 0; i < n; i++) {
        state = state * 6364136223846793005L + 1442695040888963407L;
        b[off + i] = (byte) (state >>> 56);
      }
      remaining -= n;
      return n;
    }
  }
}
