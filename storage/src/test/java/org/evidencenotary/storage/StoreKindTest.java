package org.evidencenotary.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoreKindTest {
  @Test
  void text_form_is_the_lower_case_word_of_the_setting() {
    assertThat(StoreKind.FILESYSTEM).hasToString("filesystem");
    assertThat(StoreKind.MINIO.text()).isEqualTo("minio");
    assertThat(StoreKind.parse("filesystem")).isEqualTo(StoreKind.FILESYSTEM);
    assertThat(StoreKind.parse("minio")).isEqualTo(StoreKind.MINIO);
  }

  @Test
  void parse_refuses_an_unknown_kind_naming_the_allowed_ones() {
    assertThatThrownBy(() -> StoreKind.parse("MINIO")).isInstanceOf(StorageConfigurationException.class)
        .hasMessage("'MINIO' is not known; use 'filesystem' or 'minio'");
  }
}
