package org.evidencenotary.notary.dicom;

import static org.evidencenotary.notary.testing.Part10.element;
import static org.evidencenotary.notary.testing.Part10.le16;
import static org.evidencenotary.notary.testing.Part10.text;
import static org.evidencenotary.notary.testing.Part10.ui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import org.evidencenotary.notary.testing.Fixtures;
import org.evidencenotary.notary.testing.Part10;

/**
 * Writes the seed inputs of {@link DicomFuzzTest} from the project's own generators (never files
 * of other toolkits): a few small files of each shape the parsers know, so that fuzzing starts
 * from the structures worth mutating. The committed seeds were written by
 * {@code main(<test resources>/org/evidencenotary/notary/dicom/DicomFuzzTestInputs)}; run it again
 * after changing a generator.
 */
public final class DicomFuzzSeeds {
  private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
  private static final String INSTANCE = "2.25.1234567890123456789";
  private static final String SERIES = "1.2.826.0.1.3680043.10.1.99.1.1";

  private DicomFuzzSeeds() {}

  /** Each seed by file name. */
  public static Map<String, byte[]> all() throws IOException {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put("ct-4x4.dcm", DicomTestFiles.ct(1, 4, 4, 1, SERIES, 1));
    seeds.put("ct-3-frames-2x2.dcm", DicomTestFiles.ct(2, 2, 2, 3, SERIES, 2));
    seeds.put("secondary-capture-from-scanner.dcm", shrink(Fixtures.dicomFromScanner(3)));
    seeds.put("encapsulated-with-icon-sequence.dcm", encapsulatedWithIcon());
    seeds.put("implicit-vr.dcm", implicitVr());
    seeds.put("deflated.dcm", deflated());
    seeds.put("big-endian-named-little-endian-written.dcm",
        DicomTestFiles.withOtherFileMeta(DicomTestFiles.ct(4, 2, 2, 1, SERIES, 4), "1.2.840.10008.1.2.2"));
    seeds.put("not-dicom.png", Fixtures.png(5));
    return seeds;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Files.createDirectories(Path.of(args[0]));
    for (Map.Entry<String, byte[]> seed : all().entrySet()) {
      Files.write(dir.resolve(seed.getKey()), seed.getValue());
    }
  }

  /** The Secondary Capture fixture with a 64x64 picture cut to 4x4 (Rows, Columns and Pixel Data). */
  private static byte[] shrink(byte[] sc) {
    byte[] b = sc.clone();
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    // (0028,0010) and (0028,0011) US 64: the only 16-bit 64s after their tags.
    for (int i = 0; i + 10 <= b.length; i++) {
      int group = buf.getShort(i) & 0xFFFF;
      int elem = buf.getShort(i + 2) & 0xFFFF;
      if (group == 0x0028 && (elem == 0x0010 || elem == 0x0011) && b[i + 4] == 'U' && b[i + 5] == 'S') {
        buf.putShort(i + 8, (short) 4);
      }
      if (group == 0x7FE0 && elem == 0x0010 && b[i + 4] == 'O' && b[i + 5] == 'B') {
        buf.putInt(i + 8, 16);
        return Arrays.copyOf(b, i + 12 + 16);
      }
    }
    throw new IllegalStateException("no Pixel Data in the Secondary Capture fixture");
  }

  /** JPEG Baseline syntax: an icon image in a sequence of undefined length, encapsulated Pixel Data. */
  private static byte[] encapsulatedWithIcon() {
    ByteArrayOutputStream out = Part10.start(CT, INSTANCE, "1.2.840.10008.1.2.4.50");
    element(out, 0x0008, 0x0016, "UI", ui(CT));
    element(out, 0x0008, 0x0018, "UI", ui(INSTANCE));
    image(out, 2, 2, 8);
    // Icon Image Sequence (0088,0200), undefined length, one item of undefined length.
    raw(out, 0x0088, 0x0200).write(new byte[] {'S', 'Q', 0, 0, -1, -1, -1, -1}, 0, 8);
    tag(out, 0xFFFEE000, -1);
    image(out, 1, 1, 8);
    element(out, 0x7FE0, 0x0010, "OB", new byte[] {7, 7});
    tag(out, 0xFFFEE00D, 0);
    tag(out, 0xFFFEE0DD, 0);
    raw(out, 0x7FE0, 0x0010).write(new byte[] {'O', 'B', 0, 0, -1, -1, -1, -1}, 0, 8);
    tag(out, 0xFFFEE000, 4);
    out.writeBytes(le32(0));
    tag(out, 0xFFFEE000, 6);
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, (byte) 0xFF, (byte) 0xD9});
    tag(out, 0xFFFEE0DD, 0);
    return out.toByteArray();
  }

  /** Implicit VR little endian: every element a tag and a 32-bit length. */
  private static byte[] implicitVr() {
    ByteArrayOutputStream out = Part10.start(CT, INSTANCE, "1.2.840.10008.1.2");
    implicit(out, 0x00080016, ui(CT));
    implicit(out, 0x00080018, ui(INSTANCE));
    implicit(out, 0x00100010, text("TEST^PHANTOM"));
    implicit(out, 0x00280002, le16(1));
    implicit(out, 0x00280004, text("MONOCHROME2"));
    implicit(out, 0x00280010, le16(2));
    implicit(out, 0x00280011, le16(2));
    implicit(out, 0x00280100, le16(16));
    implicit(out, 0x00280101, le16(12));
    implicit(out, 0x00280102, le16(11));
    implicit(out, 0x00280103, le16(0));
    implicit(out, 0x7FE00010, new byte[] {1, 0, 2, 0, 3, 0, 4, 0});
    return out.toByteArray();
  }

  /** Deflated Explicit VR Little Endian (PS3.5 A.5): the data set after the meta information, deflated. */
  private static byte[] deflated() {
    byte[] plain = DicomTestFiles.ct(6, 2, 2, 1, SERIES, 6);
    int start = DicomTestFiles.dataSetStart(plain);
    ByteArrayOutputStream out = Part10.start(CT, "2.25.6", "1.2.840.10008.1.2.1.99");
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(Arrays.copyOfRange(plain, start, plain.length));
    deflater.finish();
    byte[] buffer = new byte[4096];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  private static void image(ByteArrayOutputStream out, int rows, int columns, int bits) {
    element(out, 0x0028, 0x0002, "US", le16(1));
    element(out, 0x0028, 0x0004, "CS", text("MONOCHROME2"));
    element(out, 0x0028, 0x0010, "US", le16(rows));
    element(out, 0x0028, 0x0011, "US", le16(columns));
    element(out, 0x0028, 0x0100, "US", le16(bits));
    element(out, 0x0028, 0x0101, "US", le16(bits));
    element(out, 0x0028, 0x0102, "US", le16(bits - 1));
    element(out, 0x0028, 0x0103, "US", le16(0));
  }

  private static ByteArrayOutputStream raw(ByteArrayOutputStream out, int group, int elem) {
    out.writeBytes(le16(group));
    out.writeBytes(le16(elem));
    return out;
  }

  private static void tag(ByteArrayOutputStream out, int tag, int length) {
    raw(out, tag >>> 16, tag & 0xFFFF).writeBytes(le32(length));
  }

  private static void implicit(ByteArrayOutputStream out, int tag, byte[] value) {
    tag(out, tag, value.length);
    out.writeBytes(value);
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
