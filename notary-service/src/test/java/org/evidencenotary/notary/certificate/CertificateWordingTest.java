package org.evidencenotary.notary.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the certificate prints, without a service: dates, names and the legal statement. */
class CertificateWordingTest {

  @Test
  void instants_read_as_day_month_year_and_utc_time() {
    assertThat(HumanText.moment(Instant.parse("2026-12-07T21:38:51.123Z"))).isEqualTo("7 December 2026, 21:38:51 UTC");
    assertThat(HumanText.moment("2026-12-07T21:38:51.123Z")).isEqualTo("7 December 2026, 21:38:51 UTC");
    assertThat(HumanText.moment("yesterday")).as("shown as it is").isEqualTo("yesterday");
  }

  @Test
  void dicom_dates_and_times_read_as_dates() {
    assertThat(HumanText.dicomDateTime("20261125", "101500")).isEqualTo("25 November 2026, 10:15:00");
    assertThat(HumanText.dicomDateTime("20261125", "1015")).isEqualTo("25 November 2026, 10:15:00");
    assertThat(HumanText.dicomDateTime("2026.11.25", "10:15:00")).isEqualTo("25 November 2026, 10:15:00");
    assertThat(HumanText.dicomDateTime("20261125", "101500.250000")).isEqualTo("25 November 2026, 10:15:00.250000");
    assertThat(HumanText.dicomDateTime("20261125", null)).isEqualTo("25 November 2026");
    assertThat(HumanText.dicomDateTime(null, null)).isNull();
    assertThat(HumanText.dicomDateTime("20261345", "256000")).as("not a date: shown as it is, in quotes")
        .isEqualTo("\"20261345\", \"256000\"");
  }

  @Test
  void certificate_subjects_read_as_common_name_and_organisation_without_escapes() {
    assertThat(HumanText.name("O=Evidence Notary (embedded),CN=Evidence Notary Service"))
        .isEqualTo("Evidence Notary Service, Evidence Notary (embedded)");
    assertThat(HumanText.name("CN=CT scanner\\, room 3")).isEqualTo("CT scanner, room 3");
    assertThat(HumanText.name("C=DE,L=Berlin")).isEqualTo("DE, Berlin");
  }

  @Test
  void check_details_are_printed_with_short_hashes_dates_in_words_and_plain_names() {
    String detail = "The signing certificate 'O=Evidence Notary (embedded),CN=Evidence Notary Service' chains to a"
        + " trusted root and was valid at 2026-12-07T22:15:32.540Z; SHA-256 " + "ab".repeat(32) + ".";
    assertThat(CertificateService.readable(detail)).isEqualTo("The signing certificate 'Evidence Notary Service,"
        + " Evidence Notary (embedded)' chains to a trusted root and was valid at 7 December 2026, 22:15:32 UTC;"
        + " SHA-256 abababababababab...");
  }

  @Test
  void the_eu_statement_cites_eidas_and_not_the_us_rules() {
    String text = String.join(" ", LegalStatement.of(config(CertificateConfig.Jurisdiction.EU), "Notary", "p.json"));
    assertThat(text).contains("Regulation (EU) No 910/2014").contains("Article 36").contains("advanced electronic seal")
        .contains("not a qualified electronic seal").doesNotContain("902(").doesNotContain("Federal Rules");
  }

  @Test
  void the_us_statement_cites_rules_902_13_and_14_names_the_responsible_person_and_not_eidas() {
    String text = String.join(" ", LegalStatement.of(config(CertificateConfig.Jurisdiction.US), "Notary", "p.json"));
    assertThat(text).contains("Federal Rules of Evidence 902(13) and 902(14)").contains("Rule 902(11)")
        .contains("Dr A. Example, head of imaging, Example Clinic").doesNotContain("eIDAS")
        .doesNotContain("910/2014");
  }

  @Test
  void a_missing_font_stops_the_certificate_with_what_to_install(@org.junit.jupiter.api.io.TempDir java.nio.file.Path empty)
      throws Exception {
    try (var document = new org.apache.pdfbox.pdmodel.PDDocument()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> CertificateFonts.load(document, empty))
          .isInstanceOf(CertificateFonts.MissingFontException.class)
          .hasMessageContaining("DejaVuSans.ttf").hasMessageContaining("fonts-dejavu-core")
          .hasMessageContaining("notary.certificate.font-directory");
    }
  }

  private static CertificateConfig config(CertificateConfig.Jurisdiction jurisdiction) {
    return new CertificateConfig() {
      @Override
      public String publicUrl() {
        return "https://notary.example";
      }

      @Override
      public String institution() {
        return "Example Clinic";
      }

      @Override
      public Optional<String> institutionAddress() {
        return Optional.empty();
      }

      @Override
      public Optional<String> contact() {
        return Optional.empty();
      }

      @Override
      public Optional<String> responsible() {
        return Optional.of("Dr A. Example, head of imaging");
      }

      @Override
      public Jurisdiction jurisdiction() {
        return jurisdiction;
      }

      @Override
      public String fontDirectory() {
        return "/nonexistent";
      }
    };
  }
}
