package org.evidencenotary.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.evidencenotary.format.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemEvidenceStoreTest {
  @TempDir Path dir;

  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private StoredObject store(EvidenceStore store, String content) throws IOException {
    try (StagedObject staged = store.stage(bytes(content), 1 << 20)) {
      return staged.commit();
    }
  }

  @Test
  void stores_content_under_its_sha256_and_reads_it_back() throws IOException {
    EvidenceStore store = EvidenceStores.filesystem(dir);
    StoredObject stored = store(store, "abc");

    // FIPS 180-2 test vector for "abc".
    assertThat(stored.digest().hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(stored.size()).isEqualTo(3);
    assertThat(stored.newlyStored()).isTrue();
    assertThat(Files.exists(dir.resolve(stored.address()))).isTrue();
    try (InputStream in = store.open(stored.digest())) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("abc");
    }
  }

  @Test
  void staged_bytes_are_invisible_until_committed_and_gone_when_discarded() throws IOException {
    EvidenceStore store = EvidenceStores.filesystem(dir);
    Sha256 digest;
    try (StagedObject staged = store.stage(bytes("never committed"), 1024)) {
      digest = staged.digest();
      assertThat(store.contains(digest)).isFalse();
    }
    assertThat(store.contains(digest)).isFalse();
    try (var files = Files.list(dir.resolve(".staging"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void second_commit_of_same_bytes_keeps_the_first_object() throws IOException {
    EvidenceStore store = EvidenceStores.filesystem(dir);
    StoredObject first = store(store, "same bytes");
    StoredObject second = store(store, "same bytes");

    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(second.newlyStored()).isFalse();
  }

  @Test
  void commit_over_a_damaged_object_reports_the_damage_instead_of_replacing_it()
      throws IOException {
    EvidenceStore store = EvidenceStores.filesystem(dir);
    StoredObject first = store(store, "original");
    corrupt(dir.resolve(first.address()));

    assertThatThrownBy(() -> store(store, "original"))
        .isInstanceOf(StorageIntegrityException.class)
        .hasMessageContaining(first.digest().hex());
  }

  @Test
  void verify_and_read_detect_a_changed_byte() throws IOException {
    EvidenceStore store = EvidenceStores.filesystem(dir);
    StoredObject stored = store(store, "radiograph bytes");
    corrupt(dir.resolve(stored.address()));

    assertThatThrownBy(() -> store.verify(stored.digest()))
        .isInstanceOf(StorageIntegrityException.class)
        .hasMessageContaining("expected SHA-256 " + stored.digest().hex());
    assertThatThrownBy(
            () -> {
              try (InputStream in = store.open(stored.digest())) {
                in.readAllBytes();
              }
            })
        .isInstanceOf(StorageIntegrityException.class);
  }

  @Test
  void input_over_the_limit_is_refused_and_leaves_nothing() throws IOException {
    EvidenceStore store = EvidenceStores.filesystem(dir);

    assertThatThrownBy(() -> store.stage(bytes("12345"), 4))
        .isInstanceOf(SizeLimitExceededException.class)
        .hasMessageContaining("4 bytes");
    try (var files = Files.list(dir.resolve(".staging"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void rollback_removes_only_an_object_this_staging_created() throws IOException {
    EvidenceStore store = EvidenceStores.filesystem(dir);
    StoredObject kept = store(store, "kept");
    try (StagedObject again = store.stage(bytes("kept"), 100)) {
      again.commit();
      again.rollback();
    }
    assertThat(store.contains(kept.digest())).isTrue();

    Sha256 fresh;
    try (StagedObject staged = store.stage(bytes("fresh"), 100)) {
      fresh = staged.commit().digest();
      staged.rollback();
    }
    assertThat(store.contains(fresh)).isFalse();
  }

  @Test
  void missing_object_is_reported_as_not_found() throws IOException {
    EvidenceStore store = EvidenceStores.filesystem(dir);
    Sha256 absent = Sha256.digest(new byte[] {42});

    assertThatThrownBy(() -> store.open(absent)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> store.verify(absent)).isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void sha256_refuses_values_that_are_not_32_bytes() {
    assertThatThrownBy(() -> Sha256.of(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 31");
    assertThatThrownBy(() -> Sha256.fromHex("zz".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static void corrupt(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    byte[] content = Files.readAllBytes(file);
    content[0] ^= 0x01;
    Files.write(file, content);
  }
}
