package org.evidencenotary.notary.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.evidencenotary.notary.testing.Part10.element;
import static org.evidencenotary.notary.testing.Part10.le32;
import static org.evidencenotary.notary.testing.Part10.text;
import static org.evidencenotary.notary.testing.Part10.ui;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.dicom.Part10Reader.Header;
import org.evidencenotary.notary.dicom.Part10Reader.Vrs;
import org.evidencenotary.notary.testing.Part10;
import org.junit.jupiter.api.Test;

/**
 * The element reader shared by the DICOM signature writer and the Pixel Data MAC: what it reads
 * and, above all, what it refuses. Files are written byte by byte here (PS3.10 7, PS3.5 7.1).
 */
class Part10ReaderTest {
  private static final String TS = "1.2.840.10008.1.2.1";

  private static Part10Reader reader(byte[] file, Vrs vrs) {
    return Part10Reader.of(new ByteArrayInputStream(file), vrs);
  }

  /** Preamble, DICM and a meta group whose group length says {@code groupLength}, holding {@code meta}. */
  private static ByteArrayOutputStream withMeta(byte[] meta, long groupLength, String groupLengthVr) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[128]);
    out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    element(out, 0x0002, 0x0000, groupLengthVr, le32((int) groupLength));
    out.writeBytes(meta);
    return out;
  }

  private static byte[] metaWithTransferSyntax() {
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    element(meta, 0x0002, 0x0010, "UI", ui(TS));
    return meta.toByteArray();
  }

  /** A raw explicit VR header: tag, VR and a 2- or 4-byte length as given. */
  private static byte[] rawHeader(int tag, String vr, long length, boolean longForm) {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) (tag >>> 16)).putShort((short) tag).put(vr.getBytes(StandardCharsets.US_ASCII));
    if (longForm) {
      b.putShort((short) 0).putInt((int) length);
    } else {
      b.putShort((short) length);
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  private static byte[] fileWith(byte[] dataSet) {
    ByteArrayOutputStream out = Part10.start("1.2.3", "1.2.3.4");
    out.writeBytes(dataSet);
    return out.toByteArray();
  }

  @Test
  void file_meta_gives_the_transfer_syntax_and_leaves_the_reader_at_the_data_set() throws Exception {
    ByteArrayOutputStream file = Part10.start("1.2.3", "1.2.3.4");
    int dataSetStart = file.size();
    element(file, 0x0008, 0x0016, "UI", ui("1.2.3"));
    Part10Reader in = reader(file.toByteArray(), Vrs.STANDARD);

    assertThat(in.fileMeta()).isEqualTo(TS);
    assertThat(in.position()).isEqualTo(dataSetStart);
    assertThat(in.header(false)).isEqualTo(new Header(0x00080016, "UI", 6));
  }

  @Test
  void a_file_without_dicm_after_the_preamble_is_refused() {
    byte[] file = fileWith(new byte[0]);
    file[129] = 'X';

    assertThatThrownBy(() -> reader(file, Vrs.STANDARD).fileMeta()).isInstanceOf(MalformedDicomException.class)
        .hasMessageContaining("no DICM prefix");
  }

  @Test
  void a_file_meta_group_claiming_one_byte_more_than_the_bound_is_refused_before_it_is_read() {
    long claimed = Part10Reader.MAX_FILE_META_BYTES + 1;
    byte[] file = withMeta(metaWithTransferSyntax(), claimed, "UL").toByteArray();

    for (Vrs vrs : Vrs.values()) {
      assertThatThrownBy(() -> reader(file, vrs).fileMeta()).isInstanceOf(MalformedDicomException.class)
          .hasMessageContaining("claims " + claimed + " bytes; at most 65536");
    }
  }

  @Test
  void a_file_meta_group_of_exactly_the_bound_is_read() throws Exception {
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    meta.writeBytes(metaWithTransferSyntax());
    // Private Information (0002,0102) OB fills the group up to 64 KiB: 12 header bytes and its value.
    element(meta, 0x0002, 0x0102, "OB", new byte[(int) Part10Reader.MAX_FILE_META_BYTES - meta.size() - 12]);
    assertThat(meta.size()).isEqualTo(65536);
    byte[] file = withMeta(meta.toByteArray(), meta.size(), "UL").toByteArray();

    Part10Reader in = reader(file, Vrs.STANDARD);
    assertThat(in.fileMeta()).isEqualTo(TS);
    assertThat(in.atEnd()).isTrue();
  }

  @Test
  void a_file_meta_group_length_that_swallows_a_data_set_element_is_refused() {
    byte[] meta = metaWithTransferSyntax();
    ByteArrayOutputStream file = withMeta(meta, meta.length + 14, "UL");
    element(file, 0x0008, 0x0016, "UI", ui("1.2.3"));

    assertThatThrownBy(() -> reader(file.toByteArray(), Vrs.STANDARD).fileMeta())
        .isInstanceOf(MalformedDicomException.class).hasMessageContaining("file meta information group is malformed");
  }

  @Test
  void a_file_meta_element_that_overruns_the_group_length_is_refused() {
    byte[] meta = metaWithTransferSyntax();
    byte[] file = withMeta(meta, meta.length - 2, "UL").toByteArray();

    assertThatThrownBy(() -> reader(file, Vrs.STANDARD).fileMeta()).isInstanceOf(MalformedDicomException.class)
        .hasMessageContaining("file meta information group is malformed");
  }

  @Test
  void a_file_meta_group_without_transfer_syntax_is_refused() {
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    element(meta, 0x0002, 0x0002, "UI", ui("1.2.3"));
    byte[] file = withMeta(meta.toByteArray(), meta.size(), "UL").toByteArray();

    assertThatThrownBy(() -> reader(file, Vrs.LETTERS).fileMeta()).isInstanceOf(MalformedDicomException.class)
        .hasMessageContaining("no transfer syntax");
  }

  @Test
  void a_file_meta_group_length_that_is_not_ul_is_refused_only_under_the_standard_rule() throws Exception {
    byte[] meta = metaWithTransferSyntax();
    byte[] file = withMeta(meta, meta.length, "SL").toByteArray();

    assertThatThrownBy(() -> reader(file, Vrs.STANDARD).fileMeta()).isInstanceOf(MalformedDicomException.class)
        .hasMessageContaining("does not start with its group length");
    assertThat(reader(file, Vrs.LETTERS).fileMeta()).isEqualTo(TS);
  }

  @Test
  void a_file_cut_inside_an_element_header_is_refused_with_where_it_ends() throws Exception {
    byte[] whole = fileWith(rawHeader(0x00080016, "UI", 6, false));
    byte[] cut = Arrays.copyOf(whole, whole.length - 3);
    Part10Reader in = reader(cut, Vrs.STANDARD);
    in.fileMeta();

    assertThatThrownBy(() -> in.header(false)).isInstanceOf(MalformedDicomException.class)
        .hasMessageContaining("the file ends inside a data element (at byte " + cut.length + ")");
  }

  @Test
  void a_file_cut_inside_a_value_is_refused_with_where_it_ends() throws Exception {
    ByteArrayOutputStream dataSet = new ByteArrayOutputStream();
    element(dataSet, 0x0008, 0x0070, "LO", text("ACME Imaging"));
    byte[] whole = fileWith(dataSet.toByteArray());
    byte[] cut = Arrays.copyOf(whole, whole.length - 5);
    Part10Reader in = reader(cut, Vrs.LETTERS);
    in.fileMeta();
    Header h = in.header(false);

    assertThatThrownBy(() -> in.skip(h.length())).isInstanceOf(MalformedDicomException.class)
        .hasMessageContaining("the file ends inside a data element (at byte " + cut.length + ")");
    assertThatThrownBy(() -> reader(cut, Vrs.LETTERS).bytes(cut.length + 1))
        .isInstanceOf(MalformedDicomException.class).hasMessageContaining("at byte " + cut.length + ")");
  }

  @Test
  void a_vr_that_is_not_in_ps3_5_is_refused_under_the_standard_rule_and_skippable_under_letters() throws Exception {
    byte[] file = fileWith(rawHeader(0x00091010, "XX", 2, false));
    Part10Reader strict = reader(file, Vrs.STANDARD);
    strict.fileMeta();
    long at = strict.position();

    assertThatThrownBy(() -> strict.header(false)).isInstanceOf(MalformedDicomException.class)
        .hasMessageContaining("data element (0009,1010) at byte " + at + " has no valid VR");
    Part10Reader lenient = reader(file, Vrs.LETTERS);
    lenient.fileMeta();
    assertThat(lenient.header(false)).isEqualTo(new Header(0x00091010, "XX", 2));
  }

  @Test
  void a_vr_that_is_not_two_upper_case_letters_is_refused_under_either_rule() throws Exception {
    for (Vrs vrs : Vrs.values()) {
      Part10Reader in = reader(fileWith(rawHeader(0x00080070, "lo", 2, false)), vrs);
      in.fileMeta();

      assertThatThrownBy(() -> in.header(false)).isInstanceOf(MalformedDicomException.class)
          .hasMessageContaining("has no valid VR");
    }
  }

  @Test
  void an_undefined_length_is_refused_for_a_vr_that_does_not_allow_it_under_the_standard_rule() throws Exception {
    byte[] file = fileWith(rawHeader(0x00081030, "UT", Part10Reader.UNDEFINED, true));
    Part10Reader strict = reader(file, Vrs.STANDARD);
    strict.fileMeta();

    assertThatThrownBy(() -> strict.header(false)).isInstanceOf(MalformedDicomException.class)
        .hasMessageContaining("undefined length its VR does not allow");
    Part10Reader lenient = reader(file, Vrs.LETTERS);
    lenient.fileMeta();
    assertThat(lenient.header(false).undefinedLength()).isTrue();
  }

  @Test
  void odd_lengths_are_returned_as_read_for_the_caller_to_judge() throws Exception {
    ByteArrayOutputStream dataSet = new ByteArrayOutputStream();
    element(dataSet, 0x0008, 0x0070, "LO", "ABC".getBytes(StandardCharsets.US_ASCII));
    Part10Reader in = reader(fileWith(dataSet.toByteArray()), Vrs.STANDARD);
    in.fileMeta();

    assertThat(in.header(false)).isEqualTo(new Header(0x00080070, "LO", 3));
    assertThat(in.bytes(3)).asString(StandardCharsets.US_ASCII).isEqualTo("ABC");
    assertThat(in.atEnd()).isTrue();
  }

  @Test
  void implicit_vr_headers_and_item_tags_are_a_tag_and_a_32_bit_length() throws Exception {
    ByteArrayOutputStream dataSet = new ByteArrayOutputStream();
    dataSet.writeBytes(new byte[] {0x08, 0x00, 0x70, 0x00, 4, 0, 0, 0});
    dataSet.writeBytes(new byte[] {-2, -1, 0, -32, -1, -1, -1, -1});
    Part10Reader in = reader(fileWith(dataSet.toByteArray()), Vrs.STANDARD);
    in.fileMeta();

    assertThat(in.header(true)).isEqualTo(new Header(0x00080070, null, 4));
    assertThat(in.header(false)).isEqualTo(new Header(Part10Reader.ITEM, null, Part10Reader.UNDEFINED));
  }

  @Test
  void a_hashing_reader_hashes_every_byte_it_passes_and_nothing_it_only_peeks_at() throws Exception {
    byte[] file = DicomTestFiles.ct(3, 4, 4, 1, "1.2.3.4", 1);
    Part10Reader in = Part10Reader.hashing(new ByteArrayInputStream(file), Vrs.STANDARD);
    in.fileMeta();
    while (!in.atEnd()) {
      Header h = in.header(false);
      in.copy(h.length(), OutputStream.nullOutputStream());
    }

    assertThat(in.position()).isEqualTo(file.length);
    assertThat(in.digest()).isEqualTo(Sha256.digest(file).bytes());
  }

  @Test
  void a_counting_reader_has_no_digest_to_give() {
    assertThatThrownBy(() -> reader(fileWith(new byte[0]), Vrs.STANDARD).digest())
        .isInstanceOf(IllegalStateException.class);
  }
}
