package org.evidencenotary.notary.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;

/** Test inputs, generated at test time. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * A small but well-formed DICOM Part 10 file: 128-byte preamble, "DICM", file meta information
   * in explicit VR little endian, then a Secondary Capture data set with a 64x64 8-bit MONOCHROME2
   * image (PS3.10 section 7; PS3.5 section 7.1.2 for the element encoding).
   */
  public static byte[] dicomSecondaryCapture(long seed) {
    String sopClass = "1.2.840.10008.5.1.4.1.1.7";
    String instance = "2.25." + new java.math.BigInteger(1, uuidBytes(seed));
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    element(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
    element(meta, 0x0002, 0x0002, "UI", ui(sopClass));
    element(meta, 0x0002, 0x0003, "UI", ui(instance));
    element(meta, 0x0002, 0x0010, "UI", ui("1.2.840.10008.1.2.1"));
    element(meta, 0x0002, 0x0012, "UI", ui("1.2.826.0.1.3680043.10.1"));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[128]);
    out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    element(out, 0x0002, 0x0000, "UL", le32(meta.size()));
    out.writeBytes(meta.toByteArray());
    element(out, 0x0008, 0x0016, "UI", ui(sopClass));
    element(out, 0x0008, 0x0018, "UI", ui(instance));
    element(out, 0x0008, 0x0060, "CS", text("OT"));
    element(out, 0x0010, 0x0010, "PN", text("TEST^PHANTOM"));
    element(out, 0x0028, 0x0002, "US", le16(1));
    element(out, 0x0028, 0x0004, "CS", text("MONOCHROME2"));
    element(out, 0x0028, 0x0010, "US", le16(64));
    element(out, 0x0028, 0x0011, "US", le16(64));
    element(out, 0x0028, 0x0100, "US", le16(8));
    element(out, 0x0028, 0x0101, "US", le16(8));
    element(out, 0x0028, 0x0102, "US", le16(7));
    element(out, 0x0028, 0x0103, "US", le16(0));
    byte[] pixels = new byte[64 * 64];
    new Random(seed).nextBytes(pixels);
    element(out, 0x7FE0, 0x0010, "OB", pixels);
    return out.toByteArray();
  }

  /** A 32x32 PNG with a pattern that depends on {@code seed}. */
  public static byte[] png(long seed) throws IOException {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color((int) (seed * 2654435761L) & 0xFFFFFF));
    g.fillRect(0, 0, 32, 32);
    g.setColor(Color.WHITE);
    g.fillOval(4, 4, 24, 24);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /** A file of {@code size} random bytes, written in chunks (never held in memory whole). */
  public static Path randomFile(Path dir, long size, long seed) throws IOException {
    Path file = Files.createTempFile(dir, "random-", ".bin");
    Random random = new Random(seed);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      long left = size;
      while (left > 0) {
        random.nextBytes(chunk);
        int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        left -= n;
      }
    }
    return file;
  }

  /** A copy of {@code original} with one bit of the byte at {@code index} flipped. */
  public static byte[] withFlippedByte(byte[] original, int index) {
    byte[] copy = original.clone();
    copy[index] ^= 0x01;
    return copy;
  }

  private static byte[] uuidBytes(long seed) {
    UUID u = new UUID(seed * 31 + 7, seed ^ 0x5DEECE66DL);
    return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
  }

  private static byte[] ui(String uid) {
    byte[] b = uid.getBytes(StandardCharsets.US_ASCII);
    return b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1); // padded with NUL
  }

  private static byte[] text(String s) {
    String padded = s.length() % 2 == 0 ? s : s + " ";
    return padded.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] le16(int v) {
    return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  private static void element(ByteArrayOutputStream out, int group, int elem, String vr, byte[] value) {
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    header.putShort((short) group).putShort((short) elem).put(vr.getBytes(StandardCharsets.US_ASCII));
    boolean longForm = vr.equals("OB") || vr.equals("OW") || vr.equals("UN") || vr.equals("SQ") || vr.equals("UT");
    if (longForm) {
      header.putShort((short) 0).putInt(value.length);
    } else {
      header.putShort((short) value.length);
    }
    out.write(header.array(), 0, header.position());
    out.writeBytes(value);
  }
}
