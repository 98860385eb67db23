package org.evidencenotary.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/**
 * Known-answer vectors for the RFC 8785 (JCS) canonical form the notary signs.
 *
 * <p>The expected strings are written out by hand from the rules of RFC 8785 (members sorted by
 * UTF-16 code units, no whitespace, non-ASCII as raw UTF-8, control characters as {@code \n},
 * {@code \t} or a six-character escape with lowercase hex). The SHA-256 values were computed once,
 * independently of this code base, with {@code python3 -c "hashlib.sha256(literal.encode())"} over
 * the same literal.
 */
class CanonicalTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /**
   * A statement with every kind of value the canonical form must handle: non-ASCII text ("é"),
   * control characters (newline, tab, U+001F), a "/" (never escaped), a number, a nested object
   * and an absent optional field ({@code fileName}).
   */
  private static final EvidenceStatement STATEMENT =
      new EvidenceStatement(
          EvidenceStatement.TYPE,
          "0f8fad5b-d9cb-469f-a165-70867728950e",
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
          3,
          "application/dicom",
          null,
          "CASE-2026-0042",
          "Radiographie du genou, vue latérale\n\tsuite\u001f",
          "2026-11-25T10:00:00.123Z",
          "Dr A. Martin",
          new EvidenceStatement.NotaryRef(
              "CN=Evidence Notary,O=Hospital",
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));

  /** {@link #STATEMENT} in RFC 8785 form. Backslashes below are literal JSON escapes. */
  private static final String STATEMENT_CANONICAL =
      "{\"caseReference\":\"CASE-2026-0042\","
          + "\"description\":\"Radiographie du genou, vue latérale\\n\\tsuite\\u001f\","
          + "\"evidenceId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\","
          + "\"mediaType\":\"application/dicom\","
          + "\"notary\":{\"certificateSha256\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\","
          + "\"subject\":\"CN=Evidence Notary,O=Hospital\"},"
          + "\"receivedAt\":\"2026-11-25T10:00:00.123Z\","
          + "\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\","
          + "\"size\":3,"
          + "\"submitter\":\"Dr A. Martin\","
          + "\"type\":\"evidence-notary/statement/v1\"}";

  /** SHA-256 of the UTF-8 bytes of {@link #STATEMENT_CANONICAL}, computed with Python's hashlib. */
  private static final String STATEMENT_SHA256 =
      "25dfff19be388f492fe40d3a9152c47e9bafa7de93dc19093ebab22409a48ecb";

  @Test
  void statement_canonicalizes_to_exactly_the_rfc8785_string() {
    String canonical = new String(Canonical.bytes(STATEMENT), StandardCharsets.UTF_8);

    assertThat(canonical).isEqualTo(STATEMENT_CANONICAL);
  }

  @Test
  void statement_canonical_bytes_encode_non_ascii_as_raw_utf8() {
    byte[] bytes = Canonical.bytes(STATEMENT);

    assertThat(bytes).isEqualTo(STATEMENT_CANONICAL.getBytes(StandardCharsets.UTF_8));
    // "é" is the two bytes C3 A9, not a six-character escape.
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("lat\u00c3\u00a9rale");
    assertThat(bytes).hasSize(516);
  }

  @Test
  void statement_sha256_matches_the_known_answer() {
    assertThat(Canonical.sha256(STATEMENT).hex()).isEqualTo(STATEMENT_SHA256);
  }

  @Test
  void statement_omits_absent_optional_fields() {
    String canonical = new String(Canonical.bytes(STATEMENT), StandardCharsets.UTF_8);

    assertThat(canonical).doesNotContain("fileName").doesNotContain("null");
  }

  @Test
  void statement_includes_a_present_optional_field_in_sorted_position() {
    EvidenceStatement withFileName =
        new EvidenceStatement(
            STATEMENT.type(),
            STATEMENT.evidenceId(),
            STATEMENT.sha256(),
            STATEMENT.size(),
            STATEMENT.mediaType(),
            "knee.dcm",
            STATEMENT.caseReference(),
            STATEMENT.description(),
            STATEMENT.receivedAt(),
            STATEMENT.submitter(),
            STATEMENT.notary());

    String canonical = new String(Canonical.bytes(withFileName), StandardCharsets.UTF_8);

    assertThat(canonical)
        .isEqualTo(
            STATEMENT_CANONICAL.replace(
                ",\"mediaType\":", ",\"fileName\":\"knee.dcm\",\"mediaType\":"));
  }

  /** A proof made without a custody history has exactly the members proofs had before it existed. */
  @Test
  void a_proof_without_custody_keeps_its_canonical_form() {
    ProofBundle proof = new ProofBundle(ProofBundle.FORMAT, "0f8fad5b-d9cb-469f-a165-70867728950e", null, "ab",
        new ProofBundle.SignatureValue("SHA256withECDSA", "c2ln"), java.util.List.of("Y2VydA=="), null,
        new ProofBundle.Storage("filesystem", "sha256/ab", "ab", 3), null, null, null);

    assertThat(new String(Canonical.bytes(proof), StandardCharsets.UTF_8)).isEqualTo(
        "{\"certificateChain\":[\"Y2VydA==\"],\"evidenceId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\","
            + "\"format\":\"evidence-notary-proof/v1\","
            + "\"signature\":{\"algorithm\":\"SHA256withECDSA\",\"value\":\"c2ln\"},\"statementSha256\":\"ab\","
            + "\"storage\":{\"address\":\"sha256/ab\",\"sha256\":\"ab\",\"size\":3,\"store\":\"filesystem\"}}");
    assertThat(Canonical.bytes(proof.withCustody(null))).isEqualTo(Canonical.bytes(proof));
    assertThat(new String(Canonical.bytes(proof.withCustody(new ProofBundle.Custody(true, java.util.List.of()))),
        StandardCharsets.UTF_8)).contains("\"custody\":{\"complete\":true,\"events\":[]}");
  }

  @Test
  void canonical_form_does_not_depend_on_property_order_of_the_input() throws Exception {
    // The same statement as JSON text, members in reverse order, with whitespace, and with "é"
    // and "/" escaped the way a non-canonical writer might.
    String shuffled =
        "{ \"type\" : \"evidence-notary\\/statement\\/v1\",\n"
            + "  \"submitter\" : \"Dr A. Martin\",\n"
            + "  \"size\" : 3,\n"
            + "  \"sha256\" : \"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\",\n"
            + "  \"receivedAt\" : \"2026-11-25T10:00:00.123Z\",\n"
            + "  \"notary\" : { \"subject\" : \"CN=Evidence Notary,O=Hospital\",\n"
            + "    \"certificateSha256\" : \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\" },\n"
            + "  \"mediaType\" : \"application/dicom\",\n"
            + "  \"evidenceId\" : \"0f8fad5b-d9cb-469f-a165-70867728950e\",\n"
            + "  \"description\" : \"Radiographie du genou, vue lat\\u00E9rale\\n\\u0009suite\\u001F\",\n"
            + "  \"caseReference\" : \"CASE-2026-0042\" }";

    JsonNode asTree = JSON.readTree(shuffled);
    EvidenceStatement asRecord = JSON.readValue(shuffled, EvidenceStatement.class);

    assertThat(new String(Canonical.bytes(asTree), StandardCharsets.UTF_8))
        .isEqualTo(STATEMENT_CANONICAL);
    assertThat(new String(Canonical.bytes(asRecord), StandardCharsets.UTF_8))
        .isEqualTo(STATEMENT_CANONICAL);
  }

  @Test
  void members_are_sorted_by_utf16_code_units_as_in_rfc8785_section_3_2_3() throws Exception {
    // RFC 8785, section 3.2.3, "Sorting of Object Properties". U+1F600 (surrogates D83D DE00)
    // sorts before U+FB33 by UTF-16 code units, though after it by code point.
    String input =
        "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\","
            + "\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\","
            + "\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
            + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
    String expected =
        "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
            + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
            + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";

    byte[] canonical = Canonical.bytes(JSON.readTree(input));

    assertThat(new String(canonical, StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @Test
  void strings_are_escaped_as_in_rfc8785_section_3_2_2_2() throws Exception {
    // RFC 8785, section 3.2.2.2, "Serialization of Strings": control characters as \n or a six-character
    // escape with lowercase hex, "/" and non-ASCII left as they are.
    String input =
        "{\"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\"}";
    String expected = "{\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";

    byte[] canonical = Canonical.bytes(JSON.readTree(input));

    assertThat(new String(canonical, StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @Test
  void numbers_are_serialized_as_in_rfc8785_section_3_2_2_3() throws Exception {
    // RFC 8785, section 3.2.2.3 / appendix B: numbers in ECMAScript's shortest round-trip form.
    String input =
        "{\"numbers\":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001]}";

    String canonical = new JsonCanonicalizer(input).getEncodedString();

    assertThat(canonical).isEqualTo("{\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27]}");
  }
}
