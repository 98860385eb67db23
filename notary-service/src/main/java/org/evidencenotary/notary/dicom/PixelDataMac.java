package org.evidencenotary.notary.dicom;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import org.evidencenotary.storage.Sha256;

/**
 * The DICOM MAC (PS3.3 C.12.1.1.3.1.1, and the Referenced SOP Instance MAC Sequence of C.17.2)
 * of one instance's Pixel Data (7FE0,0010) alone: SHA-256 over the element as the MAC byte stream
 * encodes it. For native data that is the element's tag, VR, two reserved bytes, 32-bit length and
 * value, in explicit VR little endian; for encapsulated data the tag, VR {@code OB} and reserved
 * bytes, then each item's tag (without its length) and bytes, Basic Offset Table included, then the
 * Sequence Delimitation Item tag.
 *
 * <p>Which transfer syntax the MAC is computed in ({@link Result#transferSyntax()}): the file's
 * own when it is explicit VR little endian or an encapsulated syntax; Explicit VR Little Endian
 * when the file is implicit VR little endian, whose Pixel Data is OW by definition (PS3.5 A.1), so
 * the value bytes stay the same and only the element header is written with its VR. The MAC
 * Calculation Transfer Syntax must be explicit VR little endian (PS3.3 C.12.1.1.3.1.1); explicit VR
 * big endian files would need their words swapped and are not handled ({@link
 * UnsignableDicomException}).
 *
 * <p>Alongside, it recomputes the notary's own pixel digest ({@link PixelDigests}: the value bytes;
 * for encapsulated data the fragments without the Basic Offset Table) and returns it, so a caller
 * can check that the MAC covers the very pixels that were notarized.
 *
 * <p>The stream is read to its end, so a store stream that checks its digest at the end does.
 */
public final class PixelDataMac {
  /** The MAC Algorithm (0400,0015) of every MAC computed here. */
  public static final String ALGORITHM = "SHA256";
  /** The only Data Elements Signed (0400,0020): Pixel Data. */
  public static final int PIXEL_DATA = 0x7FE00010;

  private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
  private static final int ITEM = 0xFFFEE000;
  private static final int ITEM_DELIMITATION = 0xFFFEE00D;
  private static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
  private static final long UNDEFINED = 0xFFFFFFFFL;
  private static final int MAX_DEPTH = 32;
  private static final Set<String> LONG_FORM =
      Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

  private PixelDataMac() {}

  /**
   * The MAC of an instance's Pixel Data.
   *
   * @param transferSyntax the MAC Calculation Transfer Syntax UID
   * @param mac the MAC: SHA-256 of the MAC byte stream (32 bytes)
   * @param pixelDataSha256 the notary's pixel digest of the same element (hex), see {@link PixelDigests}
   */
  public record Result(String transferSyntax, byte[] mac, String pixelDataSha256) {
    public Result {
      Objects.requireNonNull(transferSyntax, "transferSyntax");
      mac = mac.clone();
      if (mac.length != 32) {
        throw new IllegalArgumentException("a SHA-256 MAC is 32 bytes");
      }
      Objects.requireNonNull(pixelDataSha256, "pixelDataSha256");
    }

    @Override
    public byte[] mac() {
      return mac.clone();
    }

    public String macHex() {
      return HexFormat.of().formatHex(mac);
    }
  }

  /**
   * Reads a Part 10 file to its end and returns the MAC of its top-level Pixel Data.
   *
   * @throws MalformedDicomException when it is not a well-formed Part 10 file, or holds no Pixel
   *     Data
   * @throws UnsignableDicomException when its transfer syntax is not little endian
   */
  public static Result of(InputStream raw) throws IOException {
    In in = new In(raw);
    String fileSyntax = fileMeta(in);
    boolean implicit = fileSyntax.equals(IMPLICIT_LE);
    if (!implicit && !DicomSignatureWriter.explicitLittleEndian(fileSyntax)) {
      throw new UnsignableDicomException("transfer syntax " + fileSyntax + " is not little endian; its Pixel Data"
          + " would have to be re-encoded for a MAC");
    }
    Result result = null;
    while (!in.atEnd()) {
      long at = in.pos;
      Header h = in.header(implicit);
      if (h.tag == PIXEL_DATA) {
        if (result != null) {
          throw new MalformedDicomException("a second Pixel Data element at byte " + at);
        }
        result = pixelData(in, h, implicit ? DicomSignatureWriter.EXPLICIT_VR_LITTLE_ENDIAN : fileSyntax, implicit);
      } else {
        skipValue(in, h, implicit, 1);
      }
    }
    if (result == null) {
      throw new MalformedDicomException("the instance has no Pixel Data");
    }
    return result;
  }

  private static Result pixelData(In in, Header h, String macSyntax, boolean implicit) throws IOException {
    MessageDigest mac = Sha256.newMessageDigest();
    MessageDigest pixels = Sha256.newMessageDigest();
    String vr = implicit ? "OW" : h.vr;
    if (!"OB".equals(vr) && !"OW".equals(vr)) {
      throw new MalformedDicomException("Pixel Data has VR " + vr + " (expected OB or OW)");
    }
    ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    head.putShort((short) (h.tag >>> 16)).putShort((short) h.tag).put(vr.getBytes(StandardCharsets.US_ASCII))
        .putShort((short) 0);
    if (h.length != UNDEFINED) {
      if (h.length % 2 != 0) {
        throw new MalformedDicomException("Pixel Data has an odd length");
      }
      mac.update(head.putInt((int) h.length).array());
      in.copy(h.length, out(mac, pixels));
      return new Result(macSyntax, mac.digest(), HexFormat.of().formatHex(pixels.digest()));
    }
    if (implicit) {
      throw new MalformedDicomException("encapsulated Pixel Data in an implicit VR file");
    }
    mac.update(head.array(), 0, 8);
    boolean offsetTable = true;
    while (true) {
      long at = in.pos;
      int tag = in.tag();
      long length = in.u32();
      if (tag == SEQUENCE_DELIMITATION) {
        break;
      }
      if (tag != ITEM || length == UNDEFINED) {
        throw new MalformedDicomException("malformed encapsulated fragment at byte " + at);
      }
      mac.update(tagBytes(ITEM));
      // The notary's pixel digest leaves the Basic Offset Table out; the MAC keeps every item.
      in.copy(length, offsetTable ? out(mac) : out(mac, pixels));
      offsetTable = false;
    }
    mac.update(tagBytes(SEQUENCE_DELIMITATION));
    return new Result(macSyntax, mac.digest(), HexFormat.of().formatHex(pixels.digest()));
  }

  private static void skipValue(In in, Header h, boolean implicit, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new MalformedDicomException("sequences are nested more than " + MAX_DEPTH + " deep");
    }
    if (h.length != UNDEFINED) {
      in.copy(h.length, OutputStream.nullOutputStream());
    } else if (implicit || "SQ".equals(h.vr) || "UN".equals(h.vr)) {
      // Items until the Sequence Delimitation Item; UN of undefined length holds implicit VR items.
      boolean inner = implicit || "UN".equals(h.vr);
      while (true) {
        long at = in.pos;
        int tag = in.tag();
        long length = in.u32();
        if (tag == SEQUENCE_DELIMITATION) {
          return;
        }
        if (tag != ITEM) {
          throw new MalformedDicomException("expected an item at byte " + at);
        }
        if (length != UNDEFINED) {
          in.copy(length, OutputStream.nullOutputStream());
          continue;
        }
        while (true) {
          Header e = in.header(inner);
          if (e.tag == ITEM_DELIMITATION) {
            break;
          }
          skipValue(in, e, inner, depth + 1);
        }
      }
    } else {
      // Encapsulated data outside Pixel Data: fragments up to the delimiter.
      while (true) {
        int tag = in.tag();
        long length = in.u32();
        if (tag == SEQUENCE_DELIMITATION) {
          return;
        }
        if (tag != ITEM || length == UNDEFINED) {
          throw new MalformedDicomException("malformed encapsulated value at byte " + in.pos);
        }
        in.copy(length, OutputStream.nullOutputStream());
      }
    }
  }

  private static String fileMeta(In in) throws IOException {
    byte[] preamble = in.bytes(132);
    if (preamble[128] != 'D' || preamble[129] != 'I' || preamble[130] != 'C' || preamble[131] != 'M') {
      throw new MalformedDicomException("no DICM prefix after the 128-byte preamble: not a DICOM Part 10 file");
    }
    Header groupLength = in.header(false);
    if (groupLength.tag != 0x00020000 || groupLength.length != 4) {
      throw new MalformedDicomException("the file meta information does not start with its group length (0002,0000)");
    }
    long metaLength = in.u32();
    if (metaLength > DicomSignatureWriter.MAX_FILE_META_BYTES) {
      throw new MalformedDicomException("the file meta information claims " + metaLength + " bytes; at most "
          + DicomSignatureWriter.MAX_FILE_META_BYTES + " are plausible");
    }
    long end = in.pos + metaLength;
    String syntax = null;
    while (in.pos < end) {
      Header h = in.header(false);
      if ((h.tag >>> 16) != 0x0002 || h.length == UNDEFINED || in.pos + h.length > end) {
        throw new MalformedDicomException("the file meta information group is malformed");
      }
      byte[] value = in.bytes((int) h.length);
      if (h.tag == 0x00020010) {
        syntax = new String(value, StandardCharsets.US_ASCII).replace("\0", "").strip();
      }
    }
    if (syntax == null || in.pos != end) {
      throw new MalformedDicomException("the file meta information has no transfer syntax or a wrong group length");
    }
    return syntax;
  }

  private static byte[] tagBytes(int tag) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) (tag >>> 16)).putShort((short) tag)
        .array();
  }

  private static OutputStream out(MessageDigest... digests) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        for (MessageDigest d : digests) {
          d.update((byte) b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        for (MessageDigest d : digests) {
          d.update(b, off, len);
        }
      }
    };
  }

  private record Header(int tag, String vr, long length) {}

  /** Little endian reader that counts what it reads. */
  private static final class In {
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    long pos;

    In(InputStream in) {
      this.in = new BufferedInputStream(in, 64 * 1024);
    }

    boolean atEnd() throws IOException {
      in.mark(1);
      int b = in.read();
      if (b < 0) {
        return true;
      }
      in.reset();
      return false;
    }

    byte[] bytes(int n) throws IOException {
      byte[] b = in.readNBytes(n);
      if (b.length != n) {
        throw new MalformedDicomException("the file ends inside a data element (at byte " + (pos + b.length) + ")");
      }
      pos += n;
      return b;
    }

    void copy(long n, OutputStream out) throws IOException {
      long left = n;
      while (left > 0) {
        int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (r < 0) {
          throw new MalformedDicomException("the file ends inside a data element (at byte " + pos + ")");
        }
        out.write(buffer, 0, r);
        left -= r;
        pos += r;
      }
    }

    int tag() throws IOException {
      ByteBuffer b = ByteBuffer.wrap(bytes(4)).order(ByteOrder.LITTLE_ENDIAN);
      return (b.getShort() & 0xFFFF) << 16 | (b.getShort() & 0xFFFF);
    }

    long u32() throws IOException {
      return Integer.toUnsignedLong(ByteBuffer.wrap(bytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    Header header(boolean implicit) throws IOException {
      int tag = tag();
      if (implicit || (tag >>> 16) == 0xFFFE) {
        return new Header(tag, null, u32());
      }
      String vr = new String(bytes(2), StandardCharsets.US_ASCII);
      if (!vr.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
        throw new MalformedDicomException(String.format("data element (%04X,%04X) at byte %d has no valid VR",
            tag >>> 16, tag & 0xFFFF, pos - 6));
      }
      if (LONG_FORM.contains(vr)) {
        bytes(2);
        return new Header(tag, vr, u32());
      }
      return new Header(tag, vr, ByteBuffer.wrap(bytes(2)).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF);
    }
  }
}
