package org.evidencenotary.notary.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes DICOM Part 10 files for tests, explicit VR little endian: the 128-byte preamble, "DICM"
 * and the file meta information (PS3.10 section 7), then data set elements (PS3.5 section 7.1.2).
 */
public final class Part10 {
  private Part10() {}

  /** A file started up to its data set: preamble, "DICM" and the file meta group. */
  public static ByteArrayOutputStream start(String sopClass, String sopInstance) {
    return start(sopClass, sopInstance, "1.2.840.10008.1.2.1");
  }

  /** A file started up to its data set, with the file meta group naming {@code transferSyntax}. */
  public static ByteArrayOutputStream start(String sopClass, String sopInstance, String transferSyntax) {
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    element(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
    element(meta, 0x0002, 0x0002, "UI", ui(sopClass));
    element(meta, 0x0002, 0x0003, "UI", ui(sopInstance));
    element(meta, 0x0002, 0x0010, "UI", ui(transferSyntax));
    element(meta, 0x0002, 0x0012, "UI", ui("1.2.826.0.1.3680043.10.1"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[128]);
    out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    element(out, 0x0002, 0x0000, "UL", le32(meta.size()));
    out.writeBytes(meta.toByteArray());
    return out;
  }

  /** A UID value, padded with NUL to an even length. */
  public static byte[] ui(String uid) {
    byte[] b = uid.getBytes(StandardCharsets.US_ASCII);
    return b.length % 2 == 0 ? b : Arrays.copyOf(b, b.length + 1);
  }

  /** A text value, padded with a space to an even length. */
  public static byte[] text(String s) {
    return (s.length() % 2 == 0 ? s : s + " ").getBytes(StandardCharsets.US_ASCII);
  }

  public static byte[] le16(int v) {
    return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
  }

  public static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  /** One element: tag, VR, length (4-byte form for OB, OW, UN, SQ, UT) and value. */
  public static void element(ByteArrayOutputStream out, int group, int elem, String vr, byte[] value) {
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
