package org.evidencenotary.notary.dicom;

import static org.evidencenotary.notary.dicom.Part10Reader.ITEM;
import static org.evidencenotary.notary.dicom.Part10Reader.ITEM_DELIMITATION;
import static org.evidencenotary.notary.dicom.Part10Reader.MAX_DEPTH;
import static org.evidencenotary.notary.dicom.Part10Reader.SEQUENCE_DELIMITATION;
import static org.evidencenotary.notary.dicom.Part10Reader.UNDEFINED;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.dicom.Part10Reader.Header;
import org.evidencenotary.notary.dicom.Part10Reader.Vrs;

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
 * <p>The stream is read to its end, so a store stream that checks its digest at the end does. It
 * is read by {@code Part10Reader}, the element reader {@link DicomSignatureWriter} uses too; the
 * elements around Pixel Data are only skipped, so any upper-case VR is accepted for them.
 */
public final class PixelDataMac {
  /** The MAC Algorithm (0400,0015) of every MAC computed here. */
  public static final String ALGORITHM = "SHA256";
  /** The only Data Elements Signed (0400,0020): Pixel Data. */
  public static final int PIXEL_DATA = Part10Reader.PIXEL_DATA;

  private static final String IMPLICIT_LE = "1.2.840.10008.1.2";

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
    // Only Pixel Data is interpreted: other elements are skipped whatever their (upper-case) VR.
    Part10Reader in = Part10Reader.of(raw, Vrs.LETTERS);
    String fileSyntax = in.fileMeta();
    boolean implicit = fileSyntax.equals(IMPLICIT_LE);
    if (!implicit && !DicomSignatureWriter.explicitLittleEndian(fileSyntax)) {
      throw new UnsignableDicomException("transfer syntax " + fileSyntax + " is not little endian; its Pixel Data"
          + " would have to be re-encoded for a MAC");
    }
    Result result = null;
    while (!in.atEnd()) {
      long at = in.position();
      Header h = in.header(implicit);
      if (h.tag() == PIXEL_DATA) {
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

  private static Result pixelData(Part10Reader in, Header h, String macSyntax, boolean implicit) throws IOException {
    MessageDigest mac = Sha256.newMessageDigest();
    MessageDigest pixels = Sha256.newMessageDigest();
    String vr = implicit ? "OW" : h.vr();
    if (!"OB".equals(vr) && !"OW".equals(vr)) {
      throw new MalformedDicomException("Pixel Data has VR " + vr + " (expected OB or OW)");
    }
    ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    head.putShort((short) (h.tag() >>> 16)).putShort((short) h.tag()).put(vr.getBytes(StandardCharsets.US_ASCII))
        .putShort((short) 0);
    if (h.length() != UNDEFINED) {
      if (h.length() % 2 != 0) {
        throw new MalformedDicomException("Pixel Data has an odd length");
      }
      mac.update(head.putInt((int) h.length()).array());
      in.copy(h.length(), out(mac, pixels));
      return new Result(macSyntax, mac.digest(), HexFormat.of().formatHex(pixels.digest()));
    }
    if (implicit) {
      throw new MalformedDicomException("encapsulated Pixel Data in an implicit VR file");
    }
    mac.update(head.array(), 0, 8);
    boolean offsetTable = true;
    while (true) {
      long at = in.position();
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

  private static void skipValue(Part10Reader in, Header h, boolean implicit, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new MalformedDicomException("sequences are nested more than " + MAX_DEPTH + " deep");
    }
    if (h.length() != UNDEFINED) {
      in.skip(h.length());
    } else if (implicit || "SQ".equals(h.vr()) || "UN".equals(h.vr())) {
      // Items until the Sequence Delimitation Item; UN of undefined length holds implicit VR items.
      boolean inner = implicit || "UN".equals(h.vr());
      while (true) {
        long at = in.position();
        int tag = in.tag();
        long length = in.u32();
        if (tag == SEQUENCE_DELIMITATION) {
          return;
        }
        if (tag != ITEM) {
          throw new MalformedDicomException("expected an item at byte " + at);
        }
        if (length != UNDEFINED) {
          in.skip(length);
          continue;
        }
        while (true) {
          Header e = in.header(inner);
          if (e.tag() == ITEM_DELIMITATION) {
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
          throw new MalformedDicomException("malformed encapsulated value at byte " + in.position());
        }
        in.skip(length);
      }
    }
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
}
