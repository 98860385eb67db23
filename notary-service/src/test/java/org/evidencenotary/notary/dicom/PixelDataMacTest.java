package org.evidencenotary.notary.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.evidencenotary.notary.testing.Part10.element;
import static org.evidencenotary.notary.testing.Part10.text;
import static org.evidencenotary.notary.testing.Part10.ui;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.testing.Part10;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Pixel Data MAC of PS3.3 C.12.1.1.3.1.1, as the series KOS writes it for each instance. */
class PixelDataMacTest {
  @TempDir Path dir;

  private static byte[] ct() {
    return DicomTestFiles.ct(41, 8, 8, 2, "1.2.3.4.5.6", 1);
  }

  @Test
  void mac_of_native_pixel_data_is_sha256_of_the_whole_explicit_vr_element() throws Exception {
    byte[] file = ct();
    // The generated file ends with Pixel Data: a 12-byte explicit VR header and 8 x 8 x 2 frames x 2 bytes.
    byte[] element = Arrays.copyOfRange(file, file.length - 12 - 256, file.length);
    assertThat(Arrays.copyOf(element, 8)).containsExactly(0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0);

    PixelDataMac.Result mac = PixelDataMac.of(new ByteArrayInputStream(file));

    assertThat(mac.transferSyntax()).isEqualTo("1.2.840.10008.1.2.1");
    assertThat(mac.mac()).isEqualTo(Sha256.digest(element).bytes());
    assertThat(mac.pixelDataSha256()).isEqualTo(DicomTestFiles.scan(file).pixels().sha256());
  }

  @Test
  void implicit_vr_original_gives_the_same_mac_in_explicit_vr_little_endian() throws Exception {
    Path explicit = DicomTestFiles.write(dir, "explicit.dcm", ct());
    Path implicit = dir.resolve("implicit.dcm");
    Dcmtk.run("dcmconv", "+ti", explicit.toString(), implicit.toString());

    PixelDataMac.Result fromImplicit = PixelDataMac.of(Files.newInputStream(implicit));

    assertThat(fromImplicit.transferSyntax()).isEqualTo("1.2.840.10008.1.2.1");
    assertThat(fromImplicit.macHex()).isEqualTo(PixelDataMac.of(Files.newInputStream(explicit)).macHex());
    assertThat(fromImplicit.pixelDataSha256()).isEqualTo(DicomTestFiles.scan(implicit).pixels().sha256());
  }

  @Test
  void encapsulated_pixel_data_is_macd_in_its_own_transfer_syntax_and_agrees_with_the_scanner() throws Exception {
    Path explicit = DicomTestFiles.write(dir, "explicit.dcm", ct());
    Path rle = dir.resolve("rle.dcm");
    Dcmtk.run("dcmcrle", explicit.toString(), rle.toString());

    PixelDataMac.Result mac = PixelDataMac.of(Files.newInputStream(rle));

    assertThat(mac.transferSyntax()).isEqualTo("1.2.840.10008.1.2.5");
    assertThat(mac.pixelDataSha256()).isEqualTo(DicomTestFiles.scan(rle).pixels().sha256());
    byte[] changed = Files.readAllBytes(rle);
    changed[changed.length - 20] ^= 1;
    assertThat(PixelDataMac.of(new ByteArrayInputStream(changed)).macHex()).isNotEqualTo(mac.macHex());
  }

  @Test
  void sequences_of_undefined_length_before_pixel_data_are_skipped() throws Exception {
    byte[] pixels = new byte[] {1, 2, 3, 4};
    ByteArrayOutputStream out = Part10.start("1.2.840.10008.5.1.4.1.1.7", "1.2.3.9");
    element(out, 0x0008, 0x0016, "UI", ui("1.2.840.10008.5.1.4.1.1.7"));
    element(out, 0x0008, 0x0018, "UI", ui("1.2.3.9"));
    // (0008,1140) SQ of undefined length, one item of undefined length holding a nested element.
    out.writeBytes(new byte[] {0x08, 0, 0x40, 0x11, 'S', 'Q', 0, 0, -1, -1, -1, -1});
    out.writeBytes(new byte[] {-2, -1, 0, -32, -1, -1, -1, -1});
    element(out, 0x0008, 0x1150, "UI", ui("1.2.840.10008.5.1.4.1.1.2"));
    out.writeBytes(new byte[] {-2, -1, 0x0D, -32, 0, 0, 0, 0});
    out.writeBytes(new byte[] {-2, -1, -35, -32, 0, 0, 0, 0});
    element(out, 0x0010, 0x0010, "PN", text("TEST^SEQ"));
    element(out, 0x7FE0, 0x0010, "OB", pixels);
    byte[] file = out.toByteArray();

    PixelDataMac.Result mac = PixelDataMac.of(new ByteArrayInputStream(file));

    assertThat(mac.mac()).isEqualTo(Sha256.digest(Arrays.copyOfRange(file, file.length - 16, file.length)).bytes());
    assertThat(mac.pixelDataSha256()).isEqualTo(Sha256.digest(pixels).hex());
  }

  @Test
  void an_instance_without_pixel_data_is_refused() {
    ByteArrayOutputStream out = Part10.start("1.2.840.10008.5.1.4.1.1.88.11", "1.2.3.10");
    element(out, 0x0008, 0x0016, "UI", ui("1.2.840.10008.5.1.4.1.1.88.11"));
    element(out, 0x0008, 0x0018, "UI", ui("1.2.3.10"));

    assertThatThrownBy(() -> PixelDataMac.of(new ByteArrayInputStream(out.toByteArray())))
        .isInstanceOf(MalformedDicomException.class).hasMessageContaining("no Pixel Data");
  }

  @Test
  void a_file_cut_inside_pixel_data_is_malformed() {
    byte[] file = ct();

    assertThatThrownBy(() -> PixelDataMac.of(new ByteArrayInputStream(Arrays.copyOf(file, file.length - 3))))
        .isInstanceOf(MalformedDicomException.class).hasMessageContaining("ends inside");
  }

  @Test
  void pixel_data_of_odd_length_is_refused() {
    ByteArrayOutputStream out = Part10.start("1.2.840.10008.5.1.4.1.1.7", "1.2.3.11");
    element(out, 0x0008, 0x0016, "UI", ui("1.2.840.10008.5.1.4.1.1.7"));
    element(out, 0x0008, 0x0018, "UI", ui("1.2.3.11"));
    element(out, 0x7FE0, 0x0010, "OB", new byte[3]);

    assertThatThrownBy(() -> PixelDataMac.of(new ByteArrayInputStream(out.toByteArray())))
        .isInstanceOf(MalformedDicomException.class).hasMessageContaining("Pixel Data has an odd length");
  }

  @Test
  void a_file_meta_group_length_of_almost_2_gib_is_malformed_without_allocating_it() {
    byte[] file = ct();
    // (0002,0000) UL at byte 132: its value, the group length, starts at byte 140.
    java.nio.ByteBuffer.wrap(file, 140, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0x7FFF_FFF0);

    assertThatThrownBy(() -> PixelDataMac.of(new ByteArrayInputStream(file)))
        .isInstanceOf(MalformedDicomException.class).hasMessageContaining("file meta information claims");
  }
}
