package org.evidencenotary.notary.dicom;

import static org.evidencenotary.notary.testing.Part10.element;
import static org.evidencenotary.notary.testing.Part10.le16;
import static org.evidencenotary.notary.testing.Part10.text;
import static org.evidencenotary.notary.testing.Part10.ui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.evidencenotary.notary.testing.Part10;

/** DICOM inputs generated at test time (PS3.10 section 7; PS3.5 section 7.1.2 for the encoding). */
public final class DicomTestFiles {
  private DicomTestFiles() {}

  /**
   * A CT-like image, explicit VR little endian, 16-bit MONOCHROME2, {@code frames} frames of
   * {@code rows x columns}, with a patient name and id (test values), in one study and series.
   */
  public static byte[] ct(long seed, int rows, int columns, int frames, String seriesUid, int instanceNumber) {
    String sopClass = frames > 1 ? "1.2.840.10008.5.1.4.1.1.2.1" : "1.2.840.10008.5.1.4.1.1.2";
    String instance = "2.25." + new BigInteger(1, ByteBuffer.allocate(16).putLong(seed * 7919 + 17).putLong(seed).array());
    ByteArrayOutputStream out = Part10.start(sopClass, instance);
    element(out, 0x0008, 0x0016, "UI", ui(sopClass));
    element(out, 0x0008, 0x0018, "UI", ui(instance));
    element(out, 0x0008, 0x0022, "DA", text("20261125"));
    element(out, 0x0008, 0x0032, "TM", text("101500"));
    element(out, 0x0008, 0x0060, "CS", text("CT"));
    element(out, 0x0008, 0x0070, "LO", text("ACME Imaging"));
    element(out, 0x0008, 0x1010, "SH", text("CT-ROOM-2"));
    element(out, 0x0008, 0x1090, "LO", text("Phantom 3000"));
    element(out, 0x0010, 0x0010, "PN", text("TEST^PHANTOM"));
    element(out, 0x0010, 0x0020, "LO", text("PID-0001"));
    element(out, 0x0018, 0x1000, "LO", text("SN-1234"));
    element(out, 0x0020, 0x000D, "UI", ui("1.2.826.0.1.3680043.10.1.99.1"));
    element(out, 0x0020, 0x000E, "UI", ui(seriesUid));
    element(out, 0x0020, 0x0013, "IS", text(Integer.toString(instanceNumber)));
    element(out, 0x0028, 0x0002, "US", le16(1));
    element(out, 0x0028, 0x0004, "CS", text("MONOCHROME2"));
    if (frames > 1) {
      element(out, 0x0028, 0x0008, "IS", text(Integer.toString(frames)));
    }
    element(out, 0x0028, 0x0010, "US", le16(rows));
    element(out, 0x0028, 0x0011, "US", le16(columns));
    element(out, 0x0028, 0x0100, "US", le16(16));
    element(out, 0x0028, 0x0101, "US", le16(12));
    element(out, 0x0028, 0x0102, "US", le16(11));
    element(out, 0x0028, 0x0103, "US", le16(0));
    byte[] pixels = new byte[rows * columns * 2 * frames];
    Random random = new Random(seed);
    for (int i = 0; i < pixels.length; i += 2) {
      pixels[i] = (byte) random.nextInt(256);
      pixels[i + 1] = (byte) random.nextInt(16);
    }
    element(out, 0x7FE0, 0x0010, "OW", pixels);
    return out.toByteArray();
  }

  /** Writes {@code bytes} to {@code dir/name}. */
  public static Path write(Path dir, String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  /** Scans {@code bytes} as one stream. */
  public static DicomScan scan(byte[] bytes) {
    DicomScanner s = DicomScanner.create();
    s.update(bytes, 0, bytes.length);
    return s.finish();
  }

  /** Scans a file through {@link DicomScanner#tee}, in small reads. */
  public static DicomScan scan(Path file) throws IOException {
    DicomScanner s = DicomScanner.create();
    try (InputStream in = s.tee(Files.newInputStream(file))) {
      byte[] buffer = new byte[997];
      while (in.read(buffer) != -1) {
        // the scanner sees every byte read
      }
    }
    return s.finish();
  }

  /**
   * The same data set behind File Meta Information another application wrote: its own
   * implementation class UID and version name, and a source AE title.
   */
  public static byte[] withOtherFileMeta(byte[] part10) {
    return withOtherFileMeta(part10, scan(part10).header().value(0x00020010));
  }

  /** Likewise, naming {@code transferSyntax} (the data set's bytes are not touched). */
  public static byte[] withOtherFileMeta(byte[] part10, String transferSyntax) {
    DicomScan scan = scan(part10);
    java.io.ByteArrayOutputStream group = new java.io.ByteArrayOutputStream();
    metaElement(group, 0x0001, "OB", new byte[] {0, 1});
    metaElement(group, 0x0002, "UI", metaText(scan.header().value(0x00020002), (byte) 0));
    metaElement(group, 0x0003, "UI", metaText(scan.header().value(0x00020003), (byte) 0));
    metaElement(group, 0x0010, "UI", metaText(transferSyntax, (byte) 0));
    metaElement(group, 0x0012, "UI", metaText("1.2.826.0.1.3680043.9.7777", (byte) 0));
    metaElement(group, 0x0013, "SH", metaText("OTHER_TOOLKIT", (byte) ' '));
    metaElement(group, 0x0016, "AE", metaText("MODALITY", (byte) ' '));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(part10, 0, 132);
    java.nio.ByteBuffer length = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) 2).putShort((short) 0)
        .put((byte) 'U').put((byte) 'L').putShort((short) 4).putInt(group.size());
    out.writeBytes(length.array());
    out.writeBytes(group.toByteArray());
    int start = dataSetStart(part10);
    out.write(part10, start, part10.length - start);
    return out.toByteArray();
  }

  private static byte[] metaText(String value, byte pad) {
    byte[] b = value.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    if (b.length % 2 == 0) {
      return b;
    }
    byte[] padded = java.util.Arrays.copyOf(b, b.length + 1);
    padded[b.length] = pad;
    return padded;
  }

  private static void metaElement(java.io.ByteArrayOutputStream out, int element, String vr, byte[] value) {
    boolean longForm = vr.equals("OB");
    java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(longForm ? 12 : 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) 2)
        .putShort((short) element).put((byte) vr.charAt(0)).put((byte) vr.charAt(1));
    if (longForm) {
      h.putShort((short) 0).putInt(value.length);
    } else {
      h.putShort((short) value.length);
    }
    out.writeBytes(h.array());
    out.writeBytes(value);
  }

  /** Where a Part 10 file's data set starts: after the preamble, DICM, the group length element and the group. */
  public static int dataSetStart(byte[] part10) {
    return 144 + java.nio.ByteBuffer.wrap(part10, 140, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
  }
}
