package org.evidencenotary.notary.dicom;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The transfer syntaxes the notary can keep and read (PS3.5 section 10 and annex A, PS3.6 table
 * A-1), in one table for the C-STORE listener's negotiation, the parser and the documentation.
 *
 * <p>The notary never decodes pixels: it keeps an instance as received and hashes what was sent.
 * So any transfer syntax whose data set encoding is known can be kept, whatever the codec of its
 * encapsulated frames, including codecs no library here can decode (JPEG XL, HTJ2K, video). A
 * transfer syntax not in this table cannot be read at all (its encoding is private), and is
 * refused in negotiation.
 *
 * <p>Why our own table rather than PixelMed's {@code TransferSyntax}: PixelMed 20220618 (Debian's)
 * predates HTJ2K and JPEG XL and does not know several of the video syntaxes, and its negotiation
 * policies prefer to convert; the table is the list of PS3.6, nothing more.
 */
public final class TransferSyntaxes {
  /** How a transfer syntax encodes the data set (PS3.5 section 10). */
  public enum Encoding {
    /** Implicit VR little endian. */
    IMPLICIT_LITTLE,
    /** Explicit VR little endian, native pixel data. */
    EXPLICIT_LITTLE,
    /** Explicit VR big endian (retired, still sent by old equipment). */
    EXPLICIT_BIG,
    /** Explicit VR little endian after deflate (RFC 1951) of the whole data set. */
    DEFLATED,
    /** Explicit VR little endian, Pixel Data encapsulated in fragments (PS3.5 A.4). */
    ENCAPSULATED,
    /** Explicit VR little endian, pixels referenced by JPIP (Pixel Data Provider URL), none in the file. */
    REFERENCED
  }

  /** One transfer syntax of PS3.6. */
  public record Syntax(String uid, String name, Encoding encoding) {}

  public static final String IMPLICIT_LITTLE = "1.2.840.10008.1.2";
  public static final String EXPLICIT_LITTLE = "1.2.840.10008.1.2.1";
  public static final String DEFLATED = "1.2.840.10008.1.2.1.99";
  public static final String EXPLICIT_BIG = "1.2.840.10008.1.2.2";

  private static final Map<String, Syntax> ALL = new LinkedHashMap<>();

  static {
    add(IMPLICIT_LITTLE, "Implicit VR Little Endian", Encoding.IMPLICIT_LITTLE);
    add(EXPLICIT_LITTLE, "Explicit VR Little Endian", Encoding.EXPLICIT_LITTLE);
    add("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", Encoding.ENCAPSULATED);
    add(DEFLATED, "Deflated Explicit VR Little Endian", Encoding.DEFLATED);
    add(EXPLICIT_BIG, "Explicit VR Big Endian (retired)", Encoding.EXPLICIT_BIG);
    add("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 and 4)", Encoding.ENCAPSULATED);
    // The retired JPEG processes: still written by some tools (DCMTK's img2dcm keeps a progressive
    // JPEG as Full Progression, 1.2.840.10008.1.2.4.55) and still a data set the notary can keep.
    add("1.2.840.10008.1.2.4.52", "JPEG Extended, Process 3 and 5 (retired)", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.53", "JPEG Spectral Selection, Non-Hierarchical, Process 6 and 8 (retired)",
        Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.54", "JPEG Spectral Selection, Non-Hierarchical, Process 7 and 9 (retired)",
        Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.55", "JPEG Full Progression, Non-Hierarchical, Process 10 and 12 (retired)",
        Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.56", "JPEG Full Progression, Non-Hierarchical, Process 11 and 13 (retired)",
        Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.58", "JPEG Lossless, Non-Hierarchical, Process 15 (retired)", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.59", "JPEG Extended, Hierarchical, Process 16 and 18 (retired)", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.60", "JPEG Extended, Hierarchical, Process 17 and 19 (retired)", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.61", "JPEG Spectral Selection, Hierarchical, Process 20 and 22 (retired)",
        Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.62", "JPEG Spectral Selection, Hierarchical, Process 21 and 23 (retired)",
        Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.63", "JPEG Full Progression, Hierarchical, Process 24 and 26 (retired)",
        Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.64", "JPEG Full Progression, Hierarchical, Process 25 and 27 (retired)",
        Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.65", "JPEG Lossless, Hierarchical, Process 28 (retired)", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.66", "JPEG Lossless, Hierarchical, Process 29 (retired)", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.70", "JPEG Lossless, First-Order Prediction (Process 14, SV1)", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.90", "JPEG 2000 (Lossless Only)", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.91", "JPEG 2000", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component (Lossless Only)", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.94", "JPIP Referenced", Encoding.REFERENCED);
    add("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate", Encoding.DEFLATED);
    add("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.100.1", "Fragmentable MPEG2 Main Profile / Main Level", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.101.1", "Fragmentable MPEG2 Main Profile / High Level", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.102.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1",
        Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.103.1", "Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1",
        Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.104.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video",
        Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.105.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video",
        Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.106.1", "Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2",
        Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.110", "JPEG XL Lossless", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.112", "JPEG XL", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)",
        Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.4.204", "JPIP HTJ2K Referenced", Encoding.REFERENCED);
    add("1.2.840.10008.1.2.4.205", "JPIP HTJ2K Referenced Deflate", Encoding.DEFLATED);
    add("1.2.840.10008.1.2.5", "RLE Lossless", Encoding.ENCAPSULATED);
    add("1.2.840.10008.1.2.6.1", "RFC 2557 MIME encapsulation (retired)", null);
    add("1.2.840.10008.1.2.6.2", "XML Encoding (retired)", null);
    add("1.2.840.10008.1.2.7.1", "SMPTE ST 2110-20 Uncompressed Progressive Active Video", null);
    add("1.2.840.10008.1.2.7.2", "SMPTE ST 2110-20 Uncompressed Interlaced Active Video", null);
    add("1.2.840.10008.1.2.7.3", "SMPTE ST 2110-30 PCM Digital Audio", null);
    add("1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression", Encoding.ENCAPSULATED);
  }

  private TransferSyntaxes() {}

  private static void add(String uid, String name, Encoding encoding) {
    ALL.put(uid, new Syntax(uid, name, encoding));
  }

  /**
   * The transfer syntax with this UID when the notary can keep and read an instance in it: every
   * one of PS3.6 that encodes a DICOM data set. The retired MIME and XML encodings and the SMPTE
   * ST 2110 network streams carry no data set a file can hold, and give empty like unknown UIDs.
   */
  public static Optional<Syntax> readable(String uid) {
    Syntax s = uid == null ? null : ALL.get(uid.strip());
    return s == null || s.encoding() == null ? Optional.empty() : Optional.of(s);
  }

  /** Whether {@code uid} names a transfer syntax whose data set is deflated (PS3.5 A.5). */
  public static boolean deflated(String uid) {
    return readable(uid).map(s -> s.encoding() == Encoding.DEFLATED).orElse(false);
  }

  /** Every transfer syntax the notary can keep, in the order of PS3.6. */
  public static java.util.List<Syntax> all() {
    return ALL.values().stream().filter(s -> s.encoding() != null).toList();
  }

  /** The name PS3.6 gives {@code uid}, or the UID itself when it is not a transfer syntax of PS3.6. */
  public static String name(String uid) {
    Syntax s = uid == null ? null : ALL.get(uid.strip());
    return s == null ? String.valueOf(uid) : s.name();
  }
}
