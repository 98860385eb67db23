package org.evidencenotary.notary.dicom;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.evidencenotary.format.Sha256;

/**
 * Pulls a DICOM Part 10 file apart, little endian, one piece at a time: the preamble and file
 * meta information ({@link #fileMeta()}), then element headers ({@link #header(boolean)}, explicit
 * or implicit VR, item and delimiter tags), values ({@link #bytes(int)}, {@link #copy(long,
 * OutputStream)}) and raw tags and lengths inside sequences and encapsulated values. It keeps
 * the byte position and, when asked, a SHA-256 of every byte it has passed.
 *
 * <p>It does not walk sequences or decide what a value means: the callers do ({@link
 * DicomSignatureWriter}, which signs a copy, and {@link PixelDataMac}, which MACs Pixel Data),
 * each with its own rules. What it refuses, always as {@link MalformedDicomException}: a file that
 * ends inside a piece asked for; no {@code DICM} after the 128-byte preamble; a file meta group
 * that does not start with its group length, claims more than {@link #MAX_FILE_META_BYTES}, holds
 * an element of another group or of undefined length, overruns its length or names no transfer
 * syntax; and a VR that is not one under the chosen {@link Vrs} rule. Odd lengths are returned as
 * read: whether one is acceptable is the caller's decision.
 *
 * <p>The ingest scanner ({@link StreamingDicomScanner}) is a push parser over an upload as it
 * streams past and does not use this reader; it uses the VR tables {@link #VRS} and {@link
 * #LONG_FORM}.
 *
 * <p>Not thread-safe: one reader per stream.
 */
final class Part10Reader {
  static final int ITEM = 0xFFFEE000;
  static final int ITEM_DELIMITATION = 0xFFFEE00D;
  static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
  static final int PIXEL_DATA = 0x7FE00010;
  /** A value length of 0xFFFFFFFF: undefined, the value ends at a delimiter. */
  static final long UNDEFINED = 0xFFFFFFFFL;
  /** The file meta information is a few hundred bytes; anything near this is damage. */
  static final long MAX_FILE_META_BYTES = 64 * 1024;
  /** Deepest nesting of sequences a caller walks (real files stay far below; a hostile file could recurse). */
  static final int MAX_DEPTH = 32;
  /** The VRs of PS3.5 table 6.2-1. */
  static final Set<String> VRS = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT",
      "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN",
      "UR", "US", "UT", "UV");
  /** The VRs whose explicit VR header has two reserved bytes and a 32-bit length (PS3.5 7.1.2). */
  static final Set<String> LONG_FORM =
      Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
  /** The VRs an undefined length is allowed for (PS3.5 7.1.1, 7.5, A.4; UN per 6.2.2). */
  private static final Set<String> UNDEFINED_LENGTH_VRS = Set.of("SQ", "UN", "OB", "OW");

  /** How an explicit VR is checked. */
  enum Vrs {
    /**
     * As the standard has them: one of {@link #VRS}; an undefined length only for SQ, UN, OB and
     * OW; the file meta group length (0002,0000) a UL.
     */
    STANDARD,
    /** Any two upper-case letters, any length: enough to skip an element one does not interpret. */
    LETTERS
  }

  /**
   * An element header: its tag, its VR ({@code null} in implicit VR and for item and delimiter
   * tags) and its value length ({@link #UNDEFINED} when undefined).
   */
  record Header(int tag, String vr, long length) {
    boolean undefinedLength() {
      return length == UNDEFINED;
    }
  }

  private final InputStream in;
  private final Vrs vrs;
  private final MessageDigest sha256;
  private final byte[] buffer = new byte[64 * 1024];
  private long position;

  private Part10Reader(InputStream in, Vrs vrs, MessageDigest sha256) {
    this.in = new BufferedInputStream(in, 64 * 1024);
    this.vrs = vrs;
    this.sha256 = sha256;
  }

  /** A reader that only counts what it passes. */
  static Part10Reader of(InputStream in, Vrs vrs) {
    return new Part10Reader(in, vrs, null);
  }

  /** A reader that also hashes every byte it passes ({@link #digest()}). */
  static Part10Reader hashing(InputStream in, Vrs vrs) {
    return new Part10Reader(in, vrs, Sha256.newMessageDigest());
  }

  /** Bytes read so far: the offset of the next one in the file. */
  long position() {
    return position;
  }

  /** Whether the file has no byte left (reads ahead one byte without passing it). */
  boolean atEnd() throws IOException {
    in.mark(1);
    if (in.read() < 0) {
      return true;
    }
    in.reset();
    return false;
  }

  /**
   * SHA-256 of every byte passed so far (and resets it).
   *
   * @throws IllegalStateException when the reader was not made with {@link #hashing}
   */
  byte[] digest() {
    if (sha256 == null) {
      throw new IllegalStateException("this reader does not hash what it reads");
    }
    return sha256.digest();
  }

  /** The next {@code n} bytes. */
  byte[] bytes(int n) throws IOException {
    byte[] b = new byte[n];
    int done = 0;
    while (done < n) {
      int r = read(b, done, n - done);
      if (r < 0) {
        throw truncated();
      }
      done += r;
    }
    return b;
  }

  /** Passes the next {@code n} bytes to {@code out}, a buffer at a time. */
  void copy(long n, OutputStream out) throws IOException {
    long left = n;
    while (left > 0) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, left));
      if (r < 0) {
        throw truncated();
      }
      out.write(buffer, 0, r);
      left -= r;
    }
  }

  /** Passes over the next {@code n} bytes (still hashed when hashing). */
  void skip(long n) throws IOException {
    copy(n, OutputStream.nullOutputStream());
  }

  /** A tag: group and element, 16 bits each. */
  int tag() throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes(4)).order(ByteOrder.LITTLE_ENDIAN);
    return (b.getShort() & 0xFFFF) << 16 | (b.getShort() & 0xFFFF);
  }

  /** An unsigned 32-bit value, such as an item's length. */
  long u32() throws IOException {
    return Integer.toUnsignedLong(ByteBuffer.wrap(bytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt());
  }

  /**
   * The next element header. Item and delimiter tags (group FFFE), and every element when {@code
   * implicit}, are a tag and a 32-bit length; other elements have their VR checked as this reader's
   * {@link Vrs} rule says.
   */
  Header header(boolean implicit) throws IOException {
    long at = position;
    int tag = tag();
    if (implicit || (tag >>> 16) == 0xFFFE) {
      return new Header(tag, null, u32());
    }
    String vr = new String(bytes(2), StandardCharsets.US_ASCII);
    boolean valid = vrs == Vrs.STANDARD ? VRS.contains(vr) : vr.chars().allMatch(c -> c >= 'A' && c <= 'Z');
    if (!valid) {
      throw new MalformedDicomException(String.format("data element (%04X,%04X) at byte %d has no valid VR",
          tag >>> 16, tag & 0xFFFF, at));
    }
    long length;
    if (LONG_FORM.contains(vr)) {
      bytes(2);
      length = u32();
    } else {
      length = ByteBuffer.wrap(bytes(2)).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
    }
    if (vrs == Vrs.STANDARD && length == UNDEFINED && !UNDEFINED_LENGTH_VRS.contains(vr)) {
      throw new MalformedDicomException(String.format("data element (%04X,%04X) at byte %d has an undefined"
          + " length its VR does not allow", tag >>> 16, tag & 0xFFFF, at));
    }
    return new Header(tag, vr, length);
  }

  /**
   * Reads the 128-byte preamble, {@code DICM} and the file meta information (group 0002, explicit
   * VR little endian, at most {@link #MAX_FILE_META_BYTES} by its group length), and returns the
   * Transfer Syntax UID it names. The reader is then at the first byte of the data set.
   */
  String fileMeta() throws IOException {
    byte[] preamble = bytes(132);
    if (preamble[128] != 'D' || preamble[129] != 'I' || preamble[130] != 'C' || preamble[131] != 'M') {
      throw new MalformedDicomException("no DICM prefix after the 128-byte preamble: not a DICOM Part 10 file");
    }
    Header groupLength = header(false);
    if (groupLength.tag() != 0x00020000 || (vrs == Vrs.STANDARD && !"UL".equals(groupLength.vr()))
        || groupLength.length() != 4) {
      throw new MalformedDicomException("the file meta information does not start with its group length (0002,0000)");
    }
    long metaLength = u32();
    if (metaLength > MAX_FILE_META_BYTES) {
      // Its values are read into memory: a damaged group length must not become a huge allocation.
      throw new MalformedDicomException("the file meta information claims " + metaLength + " bytes; at most "
          + MAX_FILE_META_BYTES + " are plausible");
    }
    long end = position + metaLength;
    String transferSyntax = null;
    while (position < end) {
      Header h = header(false);
      if ((h.tag() >>> 16) != 0x0002 || h.undefinedLength() || position + h.length() > end) {
        throw new MalformedDicomException("the file meta information group is malformed");
      }
      byte[] value = bytes((int) h.length());
      if (h.tag() == 0x00020010) {
        transferSyntax = new String(value, StandardCharsets.US_ASCII).replace("\0", "").strip();
      }
    }
    if (position != end || transferSyntax == null) {
      throw new MalformedDicomException("the file meta information has no transfer syntax or a wrong group length");
    }
    return transferSyntax;
  }

  private int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      if (sha256 != null) {
        sha256.update(b, off, n);
      }
      position += n;
    }
    return n;
  }

  private MalformedDicomException truncated() {
    return new MalformedDicomException("the file ends inside a data element (at byte " + position + ")");
  }
}
