package org.evidencenotary.notary.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The CSV cells of a batch answer: RFC 4180 quoting and the spreadsheet formula guard. */
class BatchCsvTest {
  @Test
  void a_plain_value_is_left_as_it_is() {
    assertThat(BatchCsv.cell("claim/image-1.dcm")).isEqualTo("claim/image-1.dcm");
    assertThat(BatchCsv.cell("")).isEmpty();
  }

  @Test
  void a_value_with_a_comma_quote_or_line_break_is_quoted_and_its_quotes_doubled() {
    assertThat(BatchCsv.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(BatchCsv.cell("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
    assertThat(BatchCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
  }

  @Test
  void a_value_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe() {
    assertThat(BatchCsv.cell("=HYPERLINK(\"http://x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    assertThat(BatchCsv.cell("+1")).isEqualTo("'+1");
    assertThat(BatchCsv.cell("-2")).isEqualTo("'-2");
    assertThat(BatchCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(BatchCsv.cell("\tx")).isEqualTo("'\tx");
  }
}
