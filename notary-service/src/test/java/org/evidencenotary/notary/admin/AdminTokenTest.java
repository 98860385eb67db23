package org.evidencenotary.notary.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.evidencenotary.notary.config.AdminConfig;
import org.evidencenotary.notary.config.NotaryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the admin token comes from and how it is compared, without the service around it. */
class AdminTokenTest {
  @TempDir Path data;

  private AdminToken start(Optional<Path> tokenFile) {
    AdminToken token = new AdminToken();
    token.config = () -> tokenFile;
    token.notary = new NotaryConfig() {
      @Override
      public Path dataDir() {
        return data;
      }

      @Override
      public Ingest ingest() {
        throw new UnsupportedOperationException();
      }
    };
    token.init();
    return token;
  }

  @Test
  void first_start_creates_a_random_token_readable_only_by_the_service_user() throws Exception {
    AdminToken token = start(Optional.empty());

    Path file = data.resolve("admin-token");
    assertThat(token.file()).isEqualTo(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String value = Files.readString(file).strip();
    assertThat(value).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");
    assertThat(token.matches(value)).isTrue();
    assertThat(data.resolve("admin-token.tmp")).doesNotExist();
  }

  @Test
  void later_starts_keep_the_same_token_and_another_data_folder_gets_another() throws Exception {
    start(Optional.empty());
    String first = Files.readString(data.resolve("admin-token")).strip();

    AdminToken again = start(Optional.empty());

    assertThat(again.matches(first)).isTrue();
    Path other = Files.createDirectories(data.resolve("other"));
    AdminToken elsewhere = new AdminToken();
    elsewhere.config = Optional::empty;
    elsewhere.notary = new NotaryConfig() {
      @Override
      public Path dataDir() {
        return other;
      }

      @Override
      public Ingest ingest() {
        throw new UnsupportedOperationException();
      }
    };
    elsewhere.init();
    assertThat(elsewhere.matches(first)).isFalse();
  }

  @Test
  void only_the_exact_token_matches() {
    AdminToken token = start(Optional.empty());
    String value = readToken();

    assertThat(token.matches(value)).isTrue();
    assertThat(token.matches(value.substring(1))).isFalse();
    assertThat(token.matches(value + "x")).isFalse();
    assertThat(token.matches(value.toUpperCase())).isFalse();
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches(null)).isFalse();
  }

  @Test
  void a_configured_token_file_is_used_and_no_default_is_created() throws Exception {
    Path file = Files.writeString(data.resolve("from-the-vault"), "a-token-the-hospital-chose-0123456789\n");

    AdminToken token = start(Optional.of(file));

    assertThat(token.matches("a-token-the-hospital-chose-0123456789")).isTrue();
    assertThat(data.resolve("admin-token")).doesNotExist();
  }

  @Test
  void a_configured_token_file_that_does_not_exist_stops_the_start() {
    Path missing = data.resolve("missing-token");

    assertThatThrownBy(() -> start(Optional.of(missing))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("notary.admin.token-file").hasMessageContaining("does not exist");
  }

  @Test
  void a_short_token_stops_the_start() throws Exception {
    Path file = Files.writeString(data.resolve("weak"), "admin\n");

    assertThatThrownBy(() -> start(Optional.of(file))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least 32");
  }

  private String readToken() {
    try {
      return Files.readString(data.resolve("admin-token")).strip();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
