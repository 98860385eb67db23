package org.evidencenotary.notary.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencenotary.notary.testing.Part10.element;
import static org.evidencenotary.notary.testing.Part10.le16;
import static org.evidencenotary.notary.testing.Part10.le32;
import static org.evidencenotary.notary.testing.Part10.text;
import static org.evidencenotary.notary.testing.Part10.ui;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.testing.Part10;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the scanner accepts with a warning, and what it refuses: one fixture per case, each named
 * for its defect and written here byte by byte (PS3.5 7.1, 7.5 and A.4; PS3.10 7.1). Where a
 * fixture is accepted, DCMTK's {@code dcmdump +fo} must read it too, so the fixture is DICOM that
 * another toolkit takes, not only this one.
 */
class DicomScannerAcceptanceTest {
  static final String NO_SOP_CLASS = "no SOP Class UID (0008,0016): not in a series manifest";
  static final String NO_SOP_INSTANCE =
      "no SOP Instance UID (0008,0018): not found by its identity, not in a series manifest";
  static final String NO_PIXELS = "image attributes (Rows) without Pixel Data: no pixel digest";
  private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
  private static final String INSTANCE = "2.25.4099384518094376514931786513240123";
  private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
  private static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
  private static final byte[] PIXELS = {1, 2, 3, 4};

  @TempDir Path dir;

  // --- accepted, with a warning

  @Test
  void an_instance_without_a_sop_class_uid_is_accepted_with_a_warning() throws Exception {
    byte[] file = file(EXPLICIT_LE, new DataSet().sopInstance().image().pixels());

    DicomScan scan = readByDcmtkAndScanned("no-sop-class.dcm", file);

    assertThat(scan.warnings()).containsExactly(NO_SOP_CLASS);
    assertThat(scan.pixels().sha256()).isEqualTo(Sha256.digest(PIXELS).hex());
    assertThat(DicomAttributes.of(scan.header()).sopClassUid()).isNull();
  }

  @Test
  void an_instance_without_a_sop_instance_uid_is_accepted_with_a_warning() throws Exception {
    byte[] file = file(EXPLICIT_LE, new DataSet().sopClass().image().pixels());

    DicomScan scan = readByDcmtkAndScanned("no-sop-instance.dcm", file);

    assertThat(scan.warnings()).containsExactly(NO_SOP_INSTANCE);
    assertThat(scan.pixels()).isNotNull();
  }

  @Test
  void an_image_header_whose_pixel_data_was_stripped_is_accepted_without_a_pixel_digest() throws Exception {
    byte[] file = file(EXPLICIT_LE, new DataSet().sopClass().sopInstance().image());

    DicomScan scan = readByDcmtkAndScanned("ct-pixel-data-stripped.dcm", file);

    assertThat(scan.pixels()).isNull();
    assertThat(scan.warnings()).containsExactly(NO_PIXELS);
  }

  @Test
  void an_icon_with_its_own_encapsulated_pixel_data_is_read_past_and_only_the_picture_is_digested() throws Exception {
    DataSet icon = new DataSet().element(0x0028, 0x0010, "US", le16(1)).element(0x0028, 0x0011, "US", le16(1))
        .encapsulatedPixelData("ICON".getBytes(StandardCharsets.US_ASCII));
    byte[] file = file(JPEG_BASELINE, new DataSet().sopClass().sopInstance().image().sequence(0x0088, 0x0200, icon)
        .encapsulatedPixelData("PICTURE!".getBytes(StandardCharsets.US_ASCII)));

    DicomScan scan = readByDcmtkAndScanned("jpeg-with-encapsulated-icon.dcm", file);

    assertThat(scan.pixels().encoding()).isEqualTo(PixelDigests.ENCAPSULATED);
    assertThat(scan.pixels().sha256()).isEqualTo(Sha256.digest("PICTURE!".getBytes(StandardCharsets.US_ASCII)).hex());
    assertThat(scan.warnings()).containsExactly("1 Pixel Data element(s) inside sequences (icons or other embedded"
        + " images): not the picture, not digested");
  }

  @Test
  void elements_with_non_standard_vrs_are_read_with_the_lengths_dcmtk_gives_them() throws Exception {
    byte[] file = file(EXPLICIT_LE, new DataSet().sopClass().sopInstance()
        .element(0x0009, 0x0010, "LO", text("ACME 1.0"))
        .longForm(0x0009, 0x1001, "XY", text("four-byte length"))
        .shortForm(0x0009, 0x1002, new byte[] {'x', '1'}, text("two-byte length"))
        .element(0x0010, 0x0010, "PN", text("TEST^PHANTOM")).image().pixels());

    DicomScan scan = readByDcmtkAndScanned("private-elements-with-odd-vrs.dcm", file);

    assertThat(scan.warnings()).containsExactly("2 element(s) with a non-standard VR (first 'XY' at (0009,1001))");
    assertThat(scan.header().value(0x00100010)).isEqualTo("TEST^PHANTOM");
    assertThat(scan.pixels().sha256()).isEqualTo(Sha256.digest(PIXELS).hex());
  }

  @Test
  void a_private_element_without_its_private_creator_is_accepted_with_a_warning() throws Exception {
    byte[] file = file(EXPLICIT_LE, new DataSet().sopClass().sopInstance()
        .element(0x0009, 0x1001, "LO", text("no creator")).image().pixels());

    DicomScan scan = readByDcmtkAndScanned("private-element-without-creator.dcm", file);

    assertThat(scan.warnings()).containsExactly("1 private element(s) without their Private Creator");
  }

  @Test
  void of_a_repeated_element_the_first_is_read_as_dcmtk_reads_it() throws Exception {
    byte[] file = file(EXPLICIT_LE, new DataSet().sopClass().sopInstance().element(0x0008, 0x0060, "CS", text("CT"))
        .element(0x0008, 0x0070, "LO", text("ACME")).element(0x0008, 0x0060, "CS", text("MR")).image().pixels());

    DicomScan scan = readByDcmtkAndScanned("modality-repeated.dcm", file);
    String dump = Dcmtk.run("dcmdump", "-q", "+fo", dir.resolve("modality-repeated.dcm").toString());

    assertThat(DicomAttributes.of(scan.header()).modality()).isEqualTo("CT");
    assertThat(dump).contains("[CT]").doesNotContain("[MR]");
    assertThat(scan.warnings()).containsExactly("top-level elements not in ascending tag order",
        "repeated top-level element(s) (0008,0060): the first of each is read");
    assertThat(scan.pixels().sha256()).isEqualTo(Sha256.digest(PIXELS).hex());
  }

  @Test
  void elements_out_of_order_are_all_read_with_a_warning() throws Exception {
    byte[] file = file(EXPLICIT_LE, new DataSet().sopClass().sopInstance().element(0x0008, 0x0070, "LO", text("ACME"))
        .element(0x0008, 0x0060, "CS", text("CT")).image().pixels());

    DicomScan scan = readByDcmtkAndScanned("modality-after-manufacturer.dcm", file);

    assertThat(scan.warnings()).containsExactly("top-level elements not in ascending tag order");
    assertThat(DicomAttributes.of(scan.header()).modality()).isEqualTo("CT");
    assertThat(DicomAttributes.of(scan.header()).manufacturer()).isEqualTo("ACME");
  }

  @Test
  void a_file_meta_group_without_its_group_length_is_accepted_with_a_warning() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[128]);
    out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    element(out, 0x0002, 0x0001, "OB", new byte[] {0, 1});
    element(out, 0x0002, 0x0002, "UI", ui(CT));
    element(out, 0x0002, 0x0003, "UI", ui(INSTANCE));
    element(out, 0x0002, 0x0010, "UI", ui(EXPLICIT_LE));
    out.writeBytes(new DataSet().sopClass().sopInstance().image().pixels().bytes());

    DicomScan scan = readByDcmtkAndScanned("meta-without-group-length.dcm", out.toByteArray());

    assertThat(scan.warnings()).containsExactly("no file meta group length (0002,0000): the group ends where group"
        + " 0002 does");
    assertThat(scan.header().value(0x00020010)).isEqualTo(EXPLICIT_LE);
  }

  @Test
  void a_file_meta_group_length_past_the_group_is_accepted_with_a_warning() throws Exception {
    byte[] file = file(EXPLICIT_LE, new DataSet().sopClass().sopInstance().image().pixels());
    int length = ByteBuffer.wrap(file, 140, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    ByteBuffer.wrap(file, 140, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(length + 8);

    DicomScan scan = readByDcmtkAndScanned("meta-group-length-too-long.dcm", file);

    assertThat(scan.warnings()).containsExactly("the file meta group length (0002,0000) says " + (length + 8)
        + " bytes, the group has " + length);
  }

  @Test
  void two_top_level_pixel_data_elements_give_no_pixel_digest() throws Exception {
    byte[] file = file(EXPLICIT_LE, new DataSet().sopClass().sopInstance().image().pixels()
        .element(0x7FE0, 0x0010, "OB", new byte[] {9, 9, 9, 9}));

    DicomScan scan = readByDcmtkAndScanned("two-pixel-data-elements.dcm", file);

    assertThat(scan.pixels()).isNull();
    assertThat(scan.warnings()).containsExactly("2 top-level Pixel Data elements: no pixel digest",
        "elements after Pixel Data not in ascending tag order, or repeated");
  }

  @Test
  void float_pixel_data_is_not_digested_and_says_so() throws Exception {
    byte[] file = file(EXPLICIT_LE, new DataSet().sopClass().sopInstance().image()
        .longForm(0x7FE0, 0x0008, "OF", new byte[16]));

    DicomScan scan = readByDcmtkAndScanned("float-pixel-data.dcm", file);

    assertThat(scan.pixels()).isNull();
    assertThat(scan.warnings()).containsExactly("Float or Double Float Pixel Data (7FE0,0008/0009): not digested");
  }

  @Test
  void a_clean_instance_has_no_warning() throws Exception {
    DicomScan scan = readByDcmtkAndScanned("clean.dcm", DicomTestFiles.ct(1, 4, 4, 1, "1.2.3.4", 1));

    assertThat(scan.warnings()).isEmpty();
  }

  // --- refused: what cannot be read as DICOM

  @Test
  void an_element_longer_than_the_rest_of_the_file_is_refused() {
    DataSet dataSet = new DataSet().sopClass().sopInstance().image();
    byte[] file = file(EXPLICIT_LE, dataSet.longForm(0x7FE0, 0x0010, "OB", PIXELS));
    ByteBuffer.wrap(file, file.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(4000);

    assertRefused(file, "the file ends inside an element");
  }

  @Test
  void a_file_that_ends_inside_a_sequence_is_refused() {
    byte[] file = file(EXPLICIT_LE, new DataSet().sopClass().sopInstance().undefined(0x0008, 0x1140, "SQ"));

    assertRefused(file, "the file ends inside a sequence (1 level(s) not closed)");
  }

  @Test
  void a_delimiter_that_closes_nothing_is_refused() {
    byte[] file = file(EXPLICIT_LE, new DataSet().sopClass().sopInstance().tag(0xFFFEE0DD, 0).image().pixels());

    assertRefused(file, "closes nothing");
  }

  @Test
  void an_item_outside_any_sequence_is_refused() {
    byte[] file = file(EXPLICIT_LE, new DataSet().sopClass().sopInstance().tag(0xFFFEE000, 0).image().pixels());

    assertRefused(file, "outside any sequence");
  }

  @Test
  void an_icon_fragment_of_undefined_length_is_refused() {
    DataSet icon = new DataSet().undefined(0x7FE0, 0x0010, "OB").tag(0xFFFEE000, 0).tag(0xFFFEE000, -1);
    byte[] file = file(JPEG_BASELINE, new DataSet().sopClass().sopInstance().sequence(0x0088, 0x0200, icon));

    assertRefused(file, "a fragment of encapsulated data at byte");
  }

  @Test
  void an_undefined_length_on_an_element_that_cannot_have_one_is_refused() {
    byte[] file = file(EXPLICIT_LE, new DataSet().sopClass().sopInstance().undefined(0x0008, 0x0070, "UT"));

    assertRefused(file, "element (0008,0070) (UT) has an undefined length");
  }

  @Test
  void a_non_standard_vr_in_the_file_meta_group_is_refused() {
    byte[] file = file(EXPLICIT_LE, new DataSet().sopClass().sopInstance().image().pixels());
    file[132 + 12 + 4] = 'X'; // (0002,0001) OB: the first meta element after the group length
    file[132 + 12 + 5] = 'Y';

    assertRefused(file, "has no valid VR");
  }

  @Test
  void a_file_meta_group_without_a_transfer_syntax_is_refused() {
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    element(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
    element(meta, 0x0002, 0x0002, "UI", ui(CT));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[128]);
    out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    element(out, 0x0002, 0x0000, "UL", le32(meta.size()));
    out.writeBytes(meta.toByteArray());
    out.writeBytes(new DataSet().sopClass().sopInstance().image().pixels().bytes());

    assertRefused(out.toByteArray(), "names no Transfer Syntax UID (0002,0010)");
  }

  // --- fixtures

  private DicomScan readByDcmtkAndScanned(String name, byte[] file) throws Exception {
    Path p = DicomTestFiles.write(dir, name, file);
    Dcmtk.Result dcmtk = Dcmtk.exec("dcmdump", Map.of(), "+fo", p.toString());
    assertThat(dcmtk.exitCode()).as("dcmdump +fo %s:%n%s", name, dcmtk.output()).isZero();
    DicomScan scan = DicomTestFiles.scan(p);
    assertThat(scan.kind()).as("%s: %s", name, scan.reason()).isEqualTo(DicomScan.Kind.DICOM);
    return scan;
  }

  private static void assertRefused(byte[] file, String reason) {
    DicomScan scan = DicomTestFiles.scan(file);
    assertThat(scan.kind()).isEqualTo(DicomScan.Kind.MALFORMED);
    assertThat(scan.reason()).contains(reason);
  }

  private static byte[] file(String transferSyntax, DataSet dataSet) {
    ByteArrayOutputStream out = Part10.start(CT, INSTANCE, transferSyntax);
    out.writeBytes(dataSet.bytes());
    return out.toByteArray();
  }

  /** A data set in explicit VR little endian, element by element in the order written. */
  private static final class DataSet {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    DataSet element(int group, int element, String vr, byte[] value) {
      Part10.element(out, group, element, vr, value);
      return this;
    }

    DataSet sopClass() {
      return element(0x0008, 0x0016, "UI", ui(CT));
    }

    DataSet sopInstance() {
      return element(0x0008, 0x0018, "UI", ui(INSTANCE));
    }

    /** The image attributes of a 2 x 2, 8-bit MONOCHROME2 picture. */
    DataSet image() {
      return element(0x0028, 0x0002, "US", le16(1)).element(0x0028, 0x0004, "CS", text("MONOCHROME2"))
          .element(0x0028, 0x0010, "US", le16(2)).element(0x0028, 0x0011, "US", le16(2))
          .element(0x0028, 0x0100, "US", le16(8)).element(0x0028, 0x0101, "US", le16(8))
          .element(0x0028, 0x0102, "US", le16(7)).element(0x0028, 0x0103, "US", le16(0));
    }

    /** Native Pixel Data: {@link #PIXELS}. */
    DataSet pixels() {
      return element(0x7FE0, 0x0010, "OB", PIXELS);
    }

    /** Encapsulated Pixel Data: an empty Basic Offset Table, one fragment, the delimiter. */
    DataSet encapsulatedPixelData(byte[] fragment) {
      undefined(0x7FE0, 0x0010, "OB").tag(0xFFFEE000, 0).tag(0xFFFEE000, fragment.length);
      out.writeBytes(fragment);
      return tag(0xFFFEE0DD, 0);
    }

    /** A sequence of undefined length holding one item of undefined length. */
    DataSet sequence(int group, int element, DataSet item) {
      undefined(group, element, "SQ").tag(0xFFFEE000, -1);
      out.writeBytes(item.bytes());
      return tag(0xFFFEE00D, 0).tag(0xFFFEE0DD, 0);
    }

    /** An element header of undefined length (its value follows). */
    DataSet undefined(int group, int element, String vr) {
      return longForm(group, element, vr, null);
    }

    /** An element with any VR in the 4-byte length form; a null value: undefined length, no value. */
    DataSet longForm(int group, int element, String vr, byte[] value) {
      ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      h.putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII))
          .putShort((short) 0).putInt(value == null ? -1 : value.length);
      out.writeBytes(h.array());
      if (value != null) {
        out.writeBytes(value);
      }
      return this;
    }

    /** An element with any two VR bytes in the 2-byte length form. */
    DataSet shortForm(int group, int element, byte[] vr, byte[] value) {
      ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      h.putShort((short) group).putShort((short) element).put(vr).putShort((short) value.length);
      out.writeBytes(h.array());
      out.writeBytes(value);
      return this;
    }

    /** An item or delimiter tag and its 32-bit length (-1: undefined). */
    DataSet tag(int tag, int length) {
      out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) (tag >>> 16))
          .putShort((short) tag).putInt(length).array());
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
