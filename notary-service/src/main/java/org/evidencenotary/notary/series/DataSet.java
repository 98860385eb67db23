package org.evidencenotary.notary.series;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A DICOM data set being written, explicit VR little endian with defined lengths (PS3.5 7.1.2):
 * elements kept in ascending tag order whatever order they are added in, values padded to an even
 * length as their VR asks (UI with NUL, OB with a zero byte, text with a space).
 */
final class DataSet {
  private static final Set<String> LONG_FORM =
      Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
  private final Map<Long, byte[]> elements = new TreeMap<>();

  /** A text or UID value; {@code null} or empty gives a zero-length value (type 2, empty). */
  DataSet text(int tag, String vr, String value) {
    byte[] b = value == null ? new byte[0] : value.getBytes(StandardCharsets.US_ASCII);
    if (value != null && !value.chars().allMatch(c -> c >= 0x20 && c < 0x7F || c == '\r' || c == '\n')) {
      throw new IllegalArgumentException(String.format("(%04X,%04X) takes ASCII text", tag >>> 16, tag & 0xFFFF));
    }
    if (b.length % 2 != 0) {
      b = Arrays.copyOf(b, b.length + 1);
      b[b.length - 1] = (byte) ("UI".equals(vr) ? 0 : ' ');
    }
    return put(tag, vr, b);
  }

  DataSet bytes(int tag, String vr, byte[] value) {
    return put(tag, vr, value.length % 2 == 0 ? value.clone() : Arrays.copyOf(value, value.length + 1));
  }

  /** Attribute tags (AT), each as group then element. */
  DataSet tags(int tag, int... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putShort((short) (v >>> 16)).putShort((short) v);
    }
    return put(tag, "AT", b.array());
  }

  /** A sequence of items with defined lengths; no items gives an empty sequence (type 2). */
  DataSet sequence(int tag, List<DataSet> items) {
    ByteArrayOutputStream value = new ByteArrayOutputStream();
    for (DataSet item : items) {
      byte[] content = item.encode();
      value.writeBytes(le16(0xFFFE));
      value.writeBytes(le16(0xE000));
      value.writeBytes(le32(content.length));
      value.writeBytes(content);
    }
    return put(tag, "SQ", value.toByteArray());
  }

  DataSet sequence(int tag, DataSet item) {
    return sequence(tag, List.of(item));
  }

  private DataSet put(int tag, String vr, byte[] value) {
    if (!LONG_FORM.contains(vr) && value.length > 0xFFFE) {
      throw new IllegalArgumentException(String.format("(%04X,%04X) %s value too long", tag >>> 16, tag & 0xFFFF, vr));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(le16(tag >>> 16));
    out.writeBytes(le16(tag & 0xFFFF));
    out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
    if (LONG_FORM.contains(vr)) {
      out.writeBytes(le16(0));
      out.writeBytes(le32(value.length));
    } else {
      out.writeBytes(le16(value.length));
    }
    out.writeBytes(value);
    if (elements.put(Integer.toUnsignedLong(tag), out.toByteArray()) != null) {
      throw new IllegalStateException(String.format("(%04X,%04X) set twice", tag >>> 16, tag & 0xFFFF));
    }
    return this;
  }

  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    elements.values().forEach(out::writeBytes);
    return out.toByteArray();
  }

  /** A Part 10 file: preamble, "DICM", file meta information (PS3.10 7.1) and this data set. */
  byte[] part10(String sopClassUid, String sopInstanceUid, String implementationClassUid, String versionName) {
    DataSet meta = new DataSet()
        .bytes(0x00020001, "OB", new byte[] {0, 1})
        .text(0x00020002, "UI", sopClassUid)
        .text(0x00020003, "UI", sopInstanceUid)
        .text(0x00020010, "UI", "1.2.840.10008.1.2.1")
        .text(0x00020012, "UI", implementationClassUid)
        .text(0x00020013, "SH", versionName);
    byte[] metaBytes = meta.encode();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[128]);
    out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(new DataSet().bytes(0x00020000, "UL", le32(metaBytes.length)).encode());
    out.writeBytes(metaBytes);
    out.writeBytes(encode());
    return out.toByteArray();
  }

  private static byte[] le16(int v) {
    return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
