package org.evidencenotary.notary.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.evidencenotary.notary.config.ConfigurationException;
import org.junit.jupiter.api.Test;

class LedgerKindTest {
  @Test
  void text_form_and_json_are_the_lower_case_word_of_the_setting() throws Exception {
    assertThat(LedgerKind.EMBEDDED).hasToString("embedded");
    assertThat(LedgerKind.FABRIC.text()).isEqualTo("fabric");
    assertThat(new ObjectMapper().writeValueAsString(Map.of("ledger", LedgerKind.FABRIC)))
        .isEqualTo("{\"ledger\":\"fabric\"}");
    assertThat(LedgerKind.parse("embedded")).isEqualTo(LedgerKind.EMBEDDED);
    assertThat(LedgerKind.of("fabric")).contains(LedgerKind.FABRIC);
    assertThat(LedgerKind.of("Fabric")).isEmpty();
  }

  @Test
  void parse_refuses_an_unknown_kind_naming_the_allowed_ones() {
    assertThatThrownBy(() -> LedgerKind.parse("besu")).isInstanceOf(LedgerConfigurationException.class)
        .isInstanceOf(ConfigurationException.class).isInstanceOf(IllegalStateException.class)
        .hasMessage("notary.ledger.kind='besu' is not a ledger; use 'embedded' or 'fabric'");
  }
}
