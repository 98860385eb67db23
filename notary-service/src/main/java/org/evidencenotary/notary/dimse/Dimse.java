package org.evidencenotary.notary.dimse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The few DIMSE messages the storage service speaks (PS3.7 section 9 and annex E): command sets
 * are parsed and written here, in implicit VR little endian, group 0000 only. Our own code rather
 * than PixelMed's command classes, because the command set comes from the network: every length is
 * checked against what is left before anything is read (PixelMed allocates a declared length first).
 * Also writes the file meta information (PS3.10 7.1) that turns a received data set into a Part 10
 * file.
 */
final class Dimse {
  private Dimse() {}

  static final int C_STORE_RQ = 0x0001;
  static final int C_STORE_RSP = 0x8001;
  static final int C_ECHO_RQ = 0x0030;
  static final int C_ECHO_RSP = 0x8030;
  /** CommandDataSetType value meaning "no data set follows". */
  static final int NO_DATA_SET = 0x0101;

  /** C-STORE statuses (PS3.4 table B.2-1). */
  static final int SUCCESS = 0x0000;
  /** Refused: Out of Resources; the sender may try again later (our store, record or signing failed). */
  static final int REFUSED_OUT_OF_RESOURCES = 0xA700;
  /** Error: Data Set does not match SOP Class (nor the command's SOP Instance). */
  static final int ERROR_DATA_SET_DOES_NOT_MATCH = 0xA900;
  /** Error: Cannot understand (a malformed data set; sending it again will not help). */
  static final int ERROR_CANNOT_UNDERSTAND = 0xC000;

  /** Our implementation class UID (a UUID-derived UID, PS3.5 B.2) and version name. */
  static final String IMPLEMENTATION_CLASS_UID = "2.25.62953281433089723530003743791114365234";
  static final String IMPLEMENTATION_VERSION = "EVIDENCENOTARY1";

  private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
  private static final int TAG_AFFECTED_SOP_CLASS = 0x00000002;
  private static final int TAG_COMMAND_FIELD = 0x00000100;
  private static final int TAG_MESSAGE_ID = 0x00000110;
  private static final int TAG_MESSAGE_ID_RESPONDED_TO = 0x00000120;
  private static final int TAG_DATA_SET_TYPE = 0x00000800;
  private static final int TAG_STATUS = 0x00000900;
  private static final int TAG_ERROR_COMMENT = 0x00000902;
  private static final int TAG_AFFECTED_SOP_INSTANCE = 0x00001000;

  /**
   * A request's command set, as far as the storage service needs it.
   *
   * @param sopClassUid Affected SOP Class UID, or null
   * @param sopInstanceUid Affected SOP Instance UID, or null (C-ECHO)
   */
  record Command(int field, int messageId, String sopClassUid, String sopInstanceUid, int dataSetType) {
    boolean hasDataSet() {
      return dataSetType != NO_DATA_SET;
    }
  }

  /** A command set that is not well-formed; the association is aborted. */
  static final class MalformedCommandException extends Exception {
    MalformedCommandException(String message) {
      super(message);
    }
  }

  /** Parses a command set (implicit VR little endian; every element of group 0000). */
  static Command parse(byte[] b) throws MalformedCommandException {
    int field = -1;
    int messageId = -1;
    int dataSetType = -1;
    String sopClass = null;
    String sopInstance = null;
    int pos = 0;
    int previous = -1;
    while (pos < b.length) {
      if (b.length - pos < 8) {
        throw new MalformedCommandException("command set ends inside an element header at byte " + pos);
      }
      int tag = (le16(b, pos) << 16) | le16(b, pos + 2);
      long length = le32(b, pos + 4) & 0xFFFFFFFFL;
      pos += 8;
      if (tag >>> 16 != 0) {
        throw new MalformedCommandException("element (" + hex(tag) + ") outside group 0000 in a command set");
      }
      if (tag <= previous) {
        throw new MalformedCommandException("element (" + hex(tag) + ") out of order in a command set");
      }
      previous = tag;
      if (length > b.length - pos) {
        throw new MalformedCommandException("element (" + hex(tag) + ") declares " + length + " bytes, "
            + (b.length - pos) + " are left");
      }
      int n = (int) length;
      switch (tag) {
        case TAG_COMMAND_FIELD -> field = us(b, pos, n, tag);
        case TAG_MESSAGE_ID -> messageId = us(b, pos, n, tag);
        case TAG_DATA_SET_TYPE -> dataSetType = us(b, pos, n, tag);
        case TAG_AFFECTED_SOP_CLASS -> sopClass = uid(b, pos, n, tag);
        case TAG_AFFECTED_SOP_INSTANCE -> sopInstance = uid(b, pos, n, tag);
        default -> { } // group length, priority, move originator: not needed
      }
      pos += n;
    }
    if (field < 0 || messageId < 0 || dataSetType < 0) {
      throw new MalformedCommandException("command set lacks Command Field, Message ID or Command Data Set Type");
    }
    return new Command(field, messageId, sopClass, sopInstance, dataSetType);
  }

  /** A C-STORE-RSP to {@code rq} with {@code status}; the comment (failures only) is cut to 64 characters. */
  static byte[] storeResponse(Command rq, int status, String errorComment) {
    return response(rq, C_STORE_RSP, status, status == SUCCESS ? null : errorComment);
  }

  /** A C-ECHO-RSP (Success) to {@code rq}. */
  static byte[] echoResponse(Command rq) {
    return response(rq, C_ECHO_RSP, SUCCESS, null);
  }

  private static byte[] response(Command rq, int field, int status, String errorComment) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (rq.sopClassUid() != null) {
      element(body, TAG_AFFECTED_SOP_CLASS, uidBytes(rq.sopClassUid()));
    }
    element(body, TAG_COMMAND_FIELD, usBytes(field));
    element(body, TAG_MESSAGE_ID_RESPONDED_TO, usBytes(rq.messageId()));
    element(body, TAG_DATA_SET_TYPE, usBytes(NO_DATA_SET));
    element(body, TAG_STATUS, usBytes(status));
    if (errorComment != null && !errorComment.isBlank()) {
      element(body, TAG_ERROR_COMMENT, textBytes(errorComment, 64));
    }
    if (rq.sopInstanceUid() != null) {
      element(body, TAG_AFFECTED_SOP_INSTANCE, uidBytes(rq.sopInstanceUid()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    element(out, 0x00000000, le32Bytes(body.size()));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  /**
   * The preamble, {@code DICM} and file meta information (explicit VR little endian) that precede a
   * received data set in the Part 10 file the notary keeps.
   */
  static byte[] fileMetaInformation(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
      String sourceAeTitle) {
    ByteArrayOutputStream group = new ByteArrayOutputStream();
    explicit(group, 0x0001, "OB", new byte[] {0, 1});
    explicit(group, 0x0002, "UI", uidBytes(sopClassUid));
    explicit(group, 0x0003, "UI", uidBytes(sopInstanceUid));
    explicit(group, 0x0010, "UI", uidBytes(transferSyntaxUid));
    explicit(group, 0x0012, "UI", uidBytes(IMPLEMENTATION_CLASS_UID));
    explicit(group, 0x0013, "SH", textBytes(IMPLEMENTATION_VERSION, 16));
    if (sourceAeTitle != null && !sourceAeTitle.isBlank()) {
      explicit(group, 0x0016, "AE", textBytes(sourceAeTitle, 16));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[128]);
    out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    explicit(out, 0x0000, "UL", le32Bytes(group.size()));
    out.writeBytes(group.toByteArray());
    return out.toByteArray();
  }

  /** Whether {@code s} is a syntactically valid UID (PS3.5 9.1): digits and dots, at most 64 characters. */
  static boolean isUid(String s) {
    return s != null && s.length() <= 64 && UID.matcher(s).matches();
  }

  private static void explicit(ByteArrayOutputStream out, int element, String vr, byte[] value) {
    out.writeBytes(new byte[] {0x02, 0x00, (byte) element, (byte) (element >> 8)});
    out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
    if (vr.equals("OB")) {
      out.writeBytes(new byte[] {0, 0});
      out.writeBytes(le32Bytes(value.length));
    } else {
      out.writeBytes(new byte[] {(byte) value.length, (byte) (value.length >> 8)});
    }
    out.writeBytes(value);
  }

  private static void element(ByteArrayOutputStream out, int tag, byte[] value) {
    out.writeBytes(new byte[] {(byte) (tag >> 16), (byte) (tag >> 24), (byte) tag, (byte) (tag >> 8)});
    out.writeBytes(le32Bytes(value.length));
    out.writeBytes(value);
  }

  private static byte[] uidBytes(String uid) {
    byte[] s = uid.getBytes(StandardCharsets.US_ASCII);
    byte[] padded = new byte[s.length + (s.length & 1)]; // padded with NUL to even length
    System.arraycopy(s, 0, padded, 0, s.length);
    return padded;
  }

  private static byte[] textBytes(String text, int max) {
    String clean = text.replaceAll("[^\\x20-\\x5b\\x5d-\\x7e]", "?");
    if (clean.length() > max) {
      clean = clean.substring(0, max);
    }
    if ((clean.length() & 1) == 1) {
      clean += " ";
    }
    return clean.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] usBytes(int v) {
    return new byte[] {(byte) v, (byte) (v >> 8)};
  }

  private static byte[] le32Bytes(int v) {
    return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
  }

  private static int us(byte[] b, int pos, int n, int tag) throws MalformedCommandException {
    if (n != 2) {
      throw new MalformedCommandException("element (" + hex(tag) + ") must be 2 bytes (US), found " + n);
    }
    return le16(b, pos);
  }

  private static String uid(byte[] b, int pos, int n, int tag) throws MalformedCommandException {
    String s = new String(b, pos, n, StandardCharsets.US_ASCII);
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == 0 || s.charAt(end - 1) == ' ')) {
      end--;
    }
    s = s.substring(0, end);
    if (!isUid(s)) {
      throw new MalformedCommandException("element (" + hex(tag) + ") is not a valid UID");
    }
    return s;
  }

  private static int le16(byte[] b, int pos) {
    return (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
  }

  private static int le32(byte[] b, int pos) {
    return le16(b, pos) | le16(b, pos + 2) << 16;
  }

  private static String hex(int tag) {
    return String.format("%04X,%04X", tag >>> 16, tag & 0xFFFF);
  }
}
