package org.evidencenotary.notary.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.evidencenotary.format.Sha256;

/**
 * A push parser over the bytes of a DICOM Part 10 file as they stream past: it checks the
 * structure of every element (each length within bounds, sequences and items properly nested,
 * the stream ending on an element boundary), keeps the bytes before Pixel Data (the header, for
 * {@link DicomHeaderReader}), and hashes the Pixel Data value and each frame. It never holds more
 * than the header in memory and never looks back, so the file digest, the staging copy and these
 * digests come from one pass over the bytes.
 *
 * <p>What the pixel digest covers: the Pixel Data (7FE0,0010) value bytes exactly as stored; for
 * encapsulated (compressed) data the concatenated fragments without the Basic Offset Table, so a
 * re-fragmentation keeps the digest. Implicit and explicit VR little endian store the same value
 * bytes, so they agree; explicit VR big endian stores native 16-bit words swapped and gives a
 * different digest. The transfer syntax is recorded beside the digest.
 *
 * <p>A deflated data set (PS3.5 A.5) is inflated as it streams past and walked like explicit VR
 * little endian; the digests of the data set and the file stay over the bytes as received.
 *
 * <p>The data set digest covers every byte after the File Meta Information, as received: the unit
 * a C-STORE transmits, so the modality's own file and the notary's copy (whose File Meta
 * Information the notary wrote) share it.
 *
 * <p>Liberal in what it reads, strict in what it claims: it refuses only what cannot be read as
 * DICOM (a file that ends inside an element or sequence, lengths past the end or past the header
 * bound, a broken file meta group, items and delimiters that nest wrongly). What can be read but
 * departs from the standard is accepted with a warning ({@link DicomScan#warnings()}: short fixed
 * texts naming tags and VRs, never a value), and no pixel digest is claimed where it is not clear
 * which bytes are the picture: only a single top-level Pixel Data element is, never one nested in
 * a sequence (an icon). Where DCMTK reads such a file, this scanner reads it the same way: an
 * unknown VR of two upper-case letters has a 4-byte length and any other a 2-byte one, and of a
 * repeated top-level element the first is read.
 *
 * <p>Not thread-safe: one scanner per stream.
 */
public final class StreamingDicomScanner implements DicomScanner {
  static final String IMPLICIT_LE = TransferSyntaxes.IMPLICIT_LITTLE;
  static final String EXPLICIT_BE = TransferSyntaxes.EXPLICIT_BIG;
  /** At most this many inflated bytes per deflated byte (plus {@link #INFLATE_ALLOWANCE}): a deflate bomb fails. */
  private static final long MAX_INFLATE_RATIO = 100;
  private static final long INFLATE_ALLOWANCE = 16L * 1024 * 1024;
  private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
  /** Where the meta information's values start: after the preamble, DICM and the group length element. */
  private static final long META_VALUES_START = 132 + 12;
  private static final int UNDEFINED = -1;
  /** The VRs of PS3.5 (one table for every reader in this package). */
  private static final Set<String> VRS = Part10Reader.VRS;
  /** The VRs PS3.10 7.1 gives the file meta elements. */
  private static final Map<Integer, String> META_VRS = Map.ofEntries(
      Map.entry(0x00020001, "OB"), Map.entry(0x00020002, "UI"),
      Map.entry(0x00020003, "UI"), Map.entry(0x00020010, "UI"),
      Map.entry(0x00020012, "UI"), Map.entry(0x00020013, "SH"),
      Map.entry(0x00020016, "AE"), Map.entry(0x00020017, "AE"),
      Map.entry(0x00020018, "AE"), Map.entry(0x00020100, "UI"),
      Map.entry(0x00020102, "OB"));
  private static final Set<String> LONG_VRS = Part10Reader.LONG_FORM;

  private enum State { PREAMBLE, ELEMENT, SKIP, CAPTURE, PIXEL_NATIVE, PIXEL_ITEM, PIXEL_FRAGMENT, NOT_DICOM, FAILED }

  private final DicomHeaderReader reader;
  private final int maxHeaderBytes;

  private State state = State.PREAMBLE;
  private String failure;
  /** Bytes walked: the file's bytes up to the data set, then the data set's (inflated when deflated). */
  private long position;
  /** Bytes fed, as received. */
  private long received;
  /**
   * From which byte received the data set digest is fed, once the walk has left the meta
   * information (the first bytes of the data set, read with the element header that ended the
   * meta information, are fed then); else -1.
   */
  private long dataSetOffset = -1;
  private final MessageDigest dataSetDigest = Sha256.newMessageDigest();
  /** Inflates a deflated data set; null otherwise. */
  private Inflater inflater;
  private byte[] inflated;

  // element header assembly
  private final byte[] head = new byte[132];
  private int headLen;
  private long elementStart;

  // structure
  private boolean inMeta = true;
  private boolean explicitVr = true;
  private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
  private int depth;
  private int unSequenceDepth = -1; // depth at which a UN of undefined length (implicit VR inside) opened
  private int fragmentsDepth = -1; // depth inside an encapsulated value nested in a sequence (items only)
  private long lastTopLevelTag = -1;
  /** The top-level data set elements before Pixel Data, in file order: tag (high 32 bits) and start byte. */
  private long[] topLevel = new long[64];
  private int topLevelCount;
  private int topLevelElements;
  private int topLevelElementsBeforePixels;
  private long remaining;
  private int capturedTag;
  private String capturedVr;
  /** The file meta information as walked: each element's VR and value, in file order. */
  private final LinkedHashMap<Integer, String> metaVrs = new LinkedHashMap<>();
  private final LinkedHashMap<Integer, byte[]> metaValues = new LinkedHashMap<>();
  /** Where the data set starts (the end of the file meta information), once known. */
  private int dataSetStart = -1;
  private int metaElementsInFile;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  // header bytes kept for the attribute reader; null once Pixel Data started
  private ByteArrayOutputStream header = new ByteArrayOutputStream(4096);
  private byte[] headerBytes;

  // what the structure walk needs to know
  private String transferSyntax;
  /** The value of the File Meta Information Group Length (0002,0000), or -1 when absent. */
  private long metaGroupLength = -1;
  private int rows;
  private int columns;
  private int samplesPerPixel = 1;
  private int bitsAllocated;
  private int frames = 1;

  // pixel digests
  private boolean pixelSeen;
  private boolean floatPixels;
  private boolean encapsulated;
  private long pixelLength;
  private MessageDigest pixelDigest;
  private long frameSize;
  private long frameFilled;
  private MessageDigest frameDigest;
  private final List<String> frameDigests = new ArrayList<>();
  private int itemIndex;
  private final List<String> fragmentDigests = new ArrayList<>();

  // departures from the standard that were read anyway (see finish() for the texts)
  private boolean disorder;
  private boolean disorderAfterPixels;
  private int nonStandardVrs;
  private String firstNonStandardVr;
  private int nestedPixelData;
  private int extraPixelData;
  private String pixelVr;
  private String metaLengthWarning;
  private int repeatedElements;
  private static final long LONG_FORM_FLAG = 1L << 62;
  /** Where the header has elements with a non-standard VR: start byte, and LONG_FORM_FLAG for the 4-byte form. */
  private long[] oddVrAt = new long[4];
  private int oddVrCount;
  /** Which of the captured data set tags were captured already: of a repeated one the first counts. */
  private final Set<Integer> capturedOnce = new HashSet<>();

  StreamingDicomScanner(DicomHeaderReader reader, int maxHeaderBytes) {
    this.reader = reader;
    this.maxHeaderBytes = maxHeaderBytes;
  }

  @Override
  public void update(byte[] b, int off, int len) {
    long chunkStart = received;
    received += len;
    int end = off + len;
    int i = off;
    while (i < end && live()) {
      if (inflater != null) {
        inflate(b, i, end - i);
        break;
      }
      i = step(b, i, end);
    }
    // After the walk: the data set may have started in this very chunk.
    if (dataSetOffset >= 0 && received > dataSetOffset) {
      long from = Math.max(chunkStart, dataSetOffset);
      dataSetDigest.update(b, off + (int) (from - chunkStart), (int) (received - from));
    }
  }

  private boolean live() {
    return state != State.NOT_DICOM && state != State.FAILED;
  }

  /** Walks the inflated bytes of a deflated data set. */
  private void inflate(byte[] b, int off, int len) {
    if (inflater.finished()) {
      // After the deflate stream: PS3.5 A.5's pad byte, or (as some writers leave) a gzip-style
      // CRC and length. Not part of the data set; kept and hashed with the file like every byte.
      return;
    }
    inflater.setInput(b, off, len);
    try {
      while (live()) {
        int n = inflater.inflate(inflated);
        if (inflater.getBytesWritten() > MAX_INFLATE_RATIO * inflater.getBytesRead() + INFLATE_ALLOWANCE) {
          fail("the deflated data set expands more than " + MAX_INFLATE_RATIO + "-fold; refused as a"
              + " decompression bomb", 0);
          return;
        }
        int j = 0;
        while (j < n && live()) {
          j = step(inflated, j, n);
        }
        if (inflater.finished()) {
          return;
        }
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          return;
        }
      }
    } catch (DataFormatException e) {
      fail("the deflated data set is not a valid deflate stream (RFC 1951)", 0);
    }
  }


  private int step(byte[] b, int i, int end) {
    switch (state) {
      case PREAMBLE -> {
        int n = Math.min(132 - headLen, end - i);
        System.arraycopy(b, i, head, headLen, n);
        headLen += n;
        keepHeader(b, i, n);
        consume(n);
        if (headLen == 132) {
          if (head[128] != 'D' || head[129] != 'I' || head[130] != 'C' || head[131] != 'M') {
            state = State.NOT_DICOM;
            failure = "no DICOM Part 10 marker 'DICM' at byte 128";
          } else {
            headLen = 0;
            elementStart = position;
            state = State.ELEMENT;
          }
        }
        return i + n;
      }
      case ELEMENT -> {
        if (inMeta && headLen == 0 && TransferSyntaxes.deflated(transferSyntax) && metaGroupLength >= 0
            && position == META_VALUES_START + metaGroupLength) {
          // The group length ends the meta information: what follows is deflate, not an element.
          String wrong = endOfMeta();
          return wrong != null ? fail(wrong, i) : i;
        }
        return elementHeader(b, i, end);
      }
      case SKIP, CAPTURE -> {
        int n = (int) Math.min(remaining, end - i);
        if (state == State.CAPTURE) {
          captured.write(b, i, n);
        }
        keepHeader(b, i, n);
        consume(n);
        remaining -= n;
        if (remaining == 0) {
          if (state == State.CAPTURE) {
            captureDone();
          }
          toElement();
        }
        return i + n;
      }
      case PIXEL_NATIVE -> {
        int n = (int) Math.min(remaining, end - i);
        pixelDigest.update(b, i, n);
        frameUpdate(b, i, n);
        consume(n);
        remaining -= n;
        if (remaining == 0) {
          toElement();
        }
        return i + n;
      }
      case PIXEL_ITEM -> {
        return pixelItemHeader(b, i, end);
      }
      case PIXEL_FRAGMENT -> {
        int n = (int) Math.min(remaining, end - i);
        if (itemIndex > 0) {
          pixelDigest.update(b, i, n);
          frameDigest.update(b, i, n);
        }
        consume(n);
        remaining -= n;
        if (remaining == 0) {
          if (itemIndex > 0) {
            fragmentDigests.add(hex(frameDigest.digest()));
          }
          itemIndex++;
          headLen = 0;
          state = State.PIXEL_ITEM;
        }
        return i + n;
      }
      default -> {
        return end;
      }
    }
  }

  private int elementHeader(byte[] b, int i, int end) {
    int need = headLen < 8 ? 8 : 12;
    int n = Math.min(need - headLen, end - i);
    System.arraycopy(b, i, head, headLen, n);
    headLen += n;
    keepHeader(b, i, n);
    consume(n);
    if (headLen < need) {
      return i + n;
    }
    ByteBuffer h = ByteBuffer.wrap(head, 0, headLen).order(ByteOrder.LITTLE_ENDIAN);
    if (inMeta && h.getShort(0) != 0x0002) {
      if (elementStart == 132) {
        return fail("no file meta information (group 0002) after the DICM marker", i + n);
      }
      String wrong = endOfMeta();
      if (wrong != null) {
        return fail(wrong, i + n);
      }
    }
    h.order(inMeta ? ByteOrder.LITTLE_ENDIAN : order);
    int group = h.getShort(0) & 0xFFFF;
    int element = h.getShort(2) & 0xFFFF;
    int tag = (group << 16) | element;
    String vr = null;
    long length;
    if (group == 0xFFFE) {
      length = h.getInt(4) & 0xFFFFFFFFL;
    } else if (explicitVr || inMeta) {
      vr = new String(head, 4, 2, StandardCharsets.ISO_8859_1);
      boolean longForm = LONG_VRS.contains(vr);
      if (!VRS.contains(vr)) {
        if (inMeta) {
          return fail("element " + tagString(tag) + " at byte " + elementStart + " has no valid VR", i + n);
        }
        // As DCMTK reads it: two upper-case letters may be a VR newer than this table, which would
        // have the 4-byte length (PS3.5 7.1.2); anything else has the 2-byte length.
        longForm = upper(head[4]) && upper(head[5]);
      }
      if (longForm) {
        if (headLen < 12) {
          return i + n; // read the 4-byte length next
        }
        length = h.getInt(8) & 0xFFFFFFFFL;
      } else {
        length = h.getShort(6) & 0xFFFF;
      }
      if (!VRS.contains(vr)) {
        nonStandardVr(tag, longForm);
      }
    } else {
      length = h.getInt(4) & 0xFFFFFFFFL;
    }
    headLen = 0;
    boolean undefined = length == 0xFFFFFFFFL;
    return element(tag, vr, undefined ? UNDEFINED : length, i + n);
  }

  /**
   * Ends the file meta information: checks it, and sets up the walk of the data set in its transfer
   * syntax. Returns what is wrong with the meta information, or null.
   */
  private String endOfMeta() {
    if (transferSyntax == null) {
      return "the file meta information names no Transfer Syntax UID (0002,0010)";
    }
    if (!UID.matcher(transferSyntax).matches()) {
      return "the Transfer Syntax UID (0002,0010) is not a UID";
    }
    // The header toolkit finds the end of the meta information by this length, not by the group
    // number: if the two disagree it reads another file than the one walked here (and, guessing
    // a transfer syntax, can take text for element lengths of hundreds of megabytes).
    for (var e : metaVrs.entrySet()) {
      String standard = META_VRS.get(e.getKey());
      if (standard != null && !standard.equals(e.getValue())) {
        return "file meta element " + tagString(e.getKey()) + " has VR " + e.getValue() + ", not " + standard;
      }
    }
    if (metaGroupLength == -2) {
      return "the file meta information group length (0002,0000) is not a 4-byte UL";
    }
    // Without a group length the group ends where group 0002 does, as DCMTK reads it; a length
    // past the group's end too (DCMTK notices the first data set element and stops there). A
    // length short of it would end the group inside itself: DCMTK then fails, and so does this.
    if (metaGroupLength >= 0 && elementStart < META_VALUES_START + metaGroupLength) {
      metaLengthWarning = "the file meta group length (0002,0000) says " + metaGroupLength + " bytes, the group has "
          + (elementStart - META_VALUES_START);
    } else if (metaGroupLength >= 0 && elementStart != META_VALUES_START + metaGroupLength) {
      return "the file meta information group length (0002,0000) says " + metaGroupLength
          + " bytes, but the group has " + (elementStart - META_VALUES_START);
    }
    // The data set starts here, as walked (not as the group length says): the element header
    // read so far is its first bytes, the rest are digested as they arrive.
    dataSetDigest.update(head, 0, headLen);
    dataSetOffset = position;
    inMeta = false;
    dataSetStart = (int) elementStart;
    metaElementsInFile = topLevelElements;
    explicitVr = !IMPLICIT_LE.equals(transferSyntax);
    order = EXPLICIT_BE.equals(transferSyntax) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    if (TransferSyntaxes.deflated(transferSyntax)) {
      inflater = new Inflater(true);
      inflated = new byte[65536];
    }
    return null;
  }

  private int element(int tag, String vr, long length, int next) {
    int group = tag >>> 16;
    if (inMeta && group != 0x0002) {
      return fail("unexpected element in file meta information", next);
    }
    if (group == 0xFFFE) {
      switch (tag) {
        case 0xFFFEE000 -> {
          if (depth == 0) {
            return fail("an item " + tagString(tag) + " at byte " + elementStart + " outside any sequence", next);
          }
          if (depth == fragmentsDepth && length == UNDEFINED) {
            return fail("a fragment of encapsulated data at byte " + elementStart + " has an undefined length", next);
          }
          if (length == UNDEFINED) {
            depth++;
            elementStart = position;
            return next;
          }
          return skip(length, next);
        }
        case 0xFFFEE00D, 0xFFFEE0DD -> {
          if (depth == 0) {
            return fail("a delimiter " + tagString(tag) + " at byte " + elementStart + " closes nothing", next);
          }
          if (depth == fragmentsDepth) {
            if (tag != 0xFFFEE0DD) {
              return fail("an item delimiter at byte " + elementStart + " inside encapsulated data", next);
            }
            fragmentsDepth = -1;
          }
          depth--;
          if (tag == 0xFFFEE0DD && depth == unSequenceDepth) {
            unSequenceDepth = -1;
            explicitVr = !IMPLICIT_LE.equals(transferSyntax);
          }
          elementStart = position;
          return next;
        }
        default -> {
          return fail("unknown item tag " + tagString(tag) + " at byte " + elementStart, next);
        }
      }
    }
    if (depth == fragmentsDepth) {
      return fail("element " + tagString(tag) + " at byte " + elementStart + " inside encapsulated data, where only"
          + " fragment items belong", next);
    }
    if (depth == 0 && !inMeta) {
      if ((tag & 0xFFFFFFFFL) <= lastTopLevelTag) {
        if (header != null) {
          disorder = true;
        } else {
          disorderAfterPixels = true;
        }
      }
      lastTopLevelTag = Math.max(lastTopLevelTag, tag & 0xFFFFFFFFL);
      if (header != null && tag != 0x7FE00010) {
        if (topLevelCount == topLevel.length) {
          topLevel = Arrays.copyOf(topLevel, topLevelCount * 2);
        }
        topLevel[topLevelCount++] = (tag & 0xFFFFFFFFL) << 32 | elementStart;
      }
    }
    if (depth == 0 && tag != 0x7FE00010) {
      topLevelElements++;
    }
    if ((tag == 0x7FE00008 || tag == 0x7FE00009) && depth == 0) {
      floatPixels = true;
    }
    if (tag == 0x7FE00010) {
      if (depth == 0 && !pixelSeen) {
        return pixelData(vr, length, next);
      }
      // Not the picture: an icon's or other embedded image's (nested in a sequence), or a second one.
      if (depth == 0) {
        extraPixelData++;
      } else {
        nestedPixelData++;
      }
      if (length == UNDEFINED && ("OB".equals(vr) || "OW".equals(vr))) {
        // Encapsulated: fragment items up to a sequence delimiter (PS3.5 A.4), skipped one by one.
        fragmentsDepth = depth + 1;
        depth++;
        elementStart = position;
        return next;
      }
    }
    if (length == UNDEFINED) {
      if (vr != null && !vr.equals("SQ") && !vr.equals("UN")) {
        return fail("element " + tagString(tag) + " (" + vr + ") has an undefined length", next);
      }
      if ("UN".equals(vr) && unSequenceDepth < 0) {
        // PS3.5 6.2.2: a UN value of undefined length is a sequence encoded in implicit VR little endian.
        unSequenceDepth = depth;
        explicitVr = false;
      }
      depth++;
      elementStart = position;
      return next;
    }
    if (depth == 0 && length <= 64 && isCaptured(tag) && (inMeta || capturedOnce.add(tag))) {
      capturedTag = tag;
      capturedVr = vr;
      captured.reset();
      remaining = length;
      state = length == 0 ? State.ELEMENT : State.CAPTURE;
      if (length == 0) {
        captureDone();
        toElement();
      }
      return next;
    }
    return skip(length, next);
  }

  private void nonStandardVr(int tag, boolean longForm) {
    if (nonStandardVrs++ == 0) {
      firstNonStandardVr = vrText(head[4], head[5]) + " at " + tagString(tag);
    }
    if (header != null) {
      if (oddVrCount == oddVrAt.length) {
        oddVrAt = Arrays.copyOf(oddVrAt, oddVrCount * 2);
      }
      oddVrAt[oddVrCount++] = elementStart | (longForm ? LONG_FORM_FLAG : 0);
    }
  }

  private int skip(long length, int next) {
    if (header != null && header.size() + length > maxHeaderBytes) {
      return fail("an element at byte " + elementStart + " declares " + length + " bytes, more than the "
          + maxHeaderBytes + " bytes allowed before Pixel Data", next);
    }
    remaining = length;
    if (length == 0) {
      toElement();
    } else {
      state = State.SKIP;
    }
    return next;
  }

  private int pixelData(String vr, long length, int next) {
    pixelSeen = true;
    topLevelElementsBeforePixels = topLevelElements;
    headerBytes = truncatedHeader(elementStart);
    header = null;
    if (vr != null && !vr.equals("OB") && !vr.equals("OW") && !vr.equals("UN")) {
      // Read past, but not taken for the picture.
      pixelVr = vr;
      if (length == UNDEFINED) {
        return fail("Pixel Data with VR " + vrText((byte) vr.charAt(0), (byte) vr.charAt(1))
            + " has an undefined length", next);
      }
      return skip(length, next);
    }
    pixelDigest = Sha256.newMessageDigest();
    frameDigest = Sha256.newMessageDigest();
    if (length == UNDEFINED) {
      encapsulated = true;
      headLen = 0;
      state = State.PIXEL_ITEM;
      return next;
    }
    pixelLength = length;
    long bits = (long) rows * columns * samplesPerPixel * bitsAllocated;
    frameSize = bitsAllocated > 0 && bitsAllocated % 8 == 0 && bits > 0 ? bits / 8 : 0;
    if (frameSize > 0 && frameSize * frames > length) {
      frameSize = 0; // shorter than rows x columns x frames: no per-frame digests
    }
    remaining = length;
    if (length == 0) {
      toElement();
    } else {
      state = State.PIXEL_NATIVE;
    }
    return next;
  }

  private int pixelItemHeader(byte[] b, int i, int end) {
    int n = Math.min(8 - headLen, end - i);
    System.arraycopy(b, i, head, headLen, n);
    headLen += n;
    consume(n);
    if (headLen < 8) {
      return i + n;
    }
    headLen = 0;
    ByteBuffer h = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
    int tag = ((h.getShort(0) & 0xFFFF) << 16) | (h.getShort(2) & 0xFFFF);
    long length = h.getInt(4) & 0xFFFFFFFFL;
    if (tag == 0xFFFEE0DD) {
      if (itemIndex == 0) {
        return fail("encapsulated Pixel Data without its Basic Offset Table item", i + n);
      }
      toElement();
      return i + n;
    }
    if (tag != 0xFFFEE000 || length == 0xFFFFFFFFL) {
      return fail("encapsulated Pixel Data holds " + tagString(tag) + " where a fragment item was expected", i + n);
    }
    pixelLength += itemIndex > 0 ? length : 0;
    remaining = length;
    if (length == 0) {
      if (itemIndex > 0) {
        fragmentDigests.add(hex(frameDigest.digest()));
      }
      itemIndex++;
    } else {
      state = State.PIXEL_FRAGMENT;
    }
    return i + n;
  }

  private void frameUpdate(byte[] b, int off, int len) {
    if (frameSize == 0) {
      return;
    }
    while (len > 0 && frameDigests.size() < frames) {
      int n = (int) Math.min(len, frameSize - frameFilled);
      frameDigest.update(b, off, n);
      frameFilled += n;
      off += n;
      len -= n;
      if (frameFilled == frameSize) {
        frameDigests.add(hex(frameDigest.digest()));
        frameFilled = 0;
      }
    }
  }

  private boolean isCaptured(int tag) {
    return (inMeta && (tag >>> 16) == 0x0002) || tag == 0x00020010 || tag == 0x00280010 || tag == 0x00280011 || tag == 0x00280002 || tag == 0x00280100
        || tag == 0x00280008;
  }

  private void captureDone() {
    byte[] v = captured.toByteArray();
    ByteBuffer value = ByteBuffer.wrap(v).order(inMeta ? ByteOrder.LITTLE_ENDIAN : order);
    if (inMeta && (capturedTag >>> 16) == 0x0002 && capturedTag != 0x00020000) {
      metaVrs.put(capturedTag, capturedVr == null ? "UN" : capturedVr);
      metaValues.put(capturedTag, v);
    }
    switch (capturedTag) {
      case 0x00020000 -> {
        metaGroupLength = v.length == 4 ? Integer.toUnsignedLong(value.getInt(0)) : -2;
      }
      case 0x00020010 -> transferSyntax = new String(v, StandardCharsets.US_ASCII).replace("\0", "").strip();
      case 0x00280010 -> rows = v.length >= 2 ? value.getShort(0) & 0xFFFF : 0;
      case 0x00280011 -> columns = v.length >= 2 ? value.getShort(0) & 0xFFFF : 0;
      case 0x00280002 -> samplesPerPixel = v.length >= 2 ? value.getShort(0) & 0xFFFF : 1;
      case 0x00280100 -> bitsAllocated = v.length >= 2 ? value.getShort(0) & 0xFFFF : 0;
      case 0x00280008 -> {
        try {
          frames = Math.max(1, Integer.parseInt(new String(v, StandardCharsets.US_ASCII).replace("\0", "").strip()));
        } catch (NumberFormatException e) {
          frames = 1;
        }
      }
      default -> { }
    }
  }

  private void toElement() {
    headLen = 0;
    elementStart = position;
    state = State.ELEMENT;
  }

  private void keepHeader(byte[] b, int off, int n) {
    if (header != null && n > 0) {
      if (header.size() + n > maxHeaderBytes) {
        fail("more than " + maxHeaderBytes + " bytes before Pixel Data", 0);
        return;
      }
      header.write(b, off, n);
    }
  }

  private void consume(int n) {
    position += n;
  }

  private int fail(String reason, int next) {
    if (state != State.FAILED) {
      failure = reason;
      state = State.FAILED;
      header = null;
    }
    return next;
  }

  private byte[] truncatedHeader(long length) {
    byte[] all = header.toByteArray();
    return length >= all.length ? all : Arrays.copyOf(all, (int) length);
  }

  /** Preamble, DICM, a meta group of the walked meta elements (with its length), the data set. */
  private byte[] rebuiltHeader(byte[] headerPart) {
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    metaValues.forEach((tag, kept) -> {
      String vr = metaVrs.get(tag);
      // The toolkit reads the data set inflated: tell it so (the scan reports the real syntax).
      byte[] value = tag == 0x00020010 && inflater != null
          ? (TransferSyntaxes.EXPLICIT_LITTLE + "\0").getBytes(StandardCharsets.US_ASCII) : kept;
      ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      h.putShort((short) (tag >>> 16)).putShort((short) (int) tag);
      h.put((byte) vr.charAt(0)).put((byte) vr.charAt(1));
      if (LONG_VRS.contains(vr)) {
        h.putShort((short) 0).putInt(value.length);
      } else {
        h.putShort((short) value.length);
      }
      meta.write(h.array(), 0, h.position());
      meta.writeBytes(value);
    });
    ByteArrayOutputStream out = new ByteArrayOutputStream(headerPart.length + 256);
    out.write(new byte[128], 0, 128);
    out.writeBytes(new byte[] {'D', 'I', 'C', 'M'});
    ByteBuffer groupLength = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
        .putShort((short) 0x0002).putShort((short) 0x0000).put((byte) 'U').put((byte) 'L').putShort((short) 4)
        .putInt(meta.size());
    out.writeBytes(groupLength.array());
    out.writeBytes(meta.toByteArray());
    out.write(headerPart, dataSetStart, headerPart.length - dataSetStart);
    return out.toByteArray();
  }

  @Override
  public DicomScan finish() {
    if (state == State.NOT_DICOM || (state == State.PREAMBLE)) {
      return DicomScan.notDicom(failure != null ? failure : "shorter than a DICOM Part 10 preamble (132 bytes)");
    }
    if (state == State.FAILED) {
      return DicomScan.malformed(failure);
    }
    if (inflater != null && !inflater.finished() && !inflatedToTheEnd()) {
      return DicomScan.malformed("the deflated data set ends before its deflate stream does (at byte " + received
          + ")");
    }
    if (state != State.ELEMENT || headLen != 0) {
      return DicomScan.malformed("the file ends inside an element (at byte " + position + ", element started at byte "
          + elementStart + ")");
    }
    if (depth != 0) {
      return DicomScan.malformed("the file ends inside a sequence (" + depth + " level(s) not closed)");
    }
    if (inMeta) {
      return DicomScan.malformed("the file holds no data set after its file meta information");
    }
    byte[] headerPart = pixelSeen ? headerBytes : header.toByteArray();
    // The toolkit refuses VRs it does not know: it reads each as one of the same length form whose
    // value it keeps as stored (UN for the 4-byte form, LT for the 2-byte one).
    for (int k = 0; k < oddVrCount; k++) {
      int at = (int) (oddVrAt[k] & ~LONG_FORM_FLAG);
      if (at + 6 > headerPart.length) {
        // Pixel Data itself with an odd VR: recorded before the header was cut at its start.
        continue;
      }
      boolean longForm = (oddVrAt[k] & LONG_FORM_FLAG) != 0;
      headerPart[at + 4] = (byte) (longForm ? 'U' : 'L');
      headerPart[at + 5] = (byte) (longForm ? 'N' : 'T');
    }
    List<String> repeated = new ArrayList<>();
    if (disorder) {
      headerPart = withoutRepeats(headerPart, repeated);
    }
    // The toolkit reads a file meta information rebuilt from the elements walked here, then the
    // data set's own bytes: it cannot take a damaged meta group another way than this walk did
    // (guessing a transfer syntax, it once took text for element lengths of hundreds of MB).
    byte[] rebuilt = rebuiltHeader(headerPart);
    DicomHeader parsed;
    try {
      parsed = reader.read(rebuilt);
    } catch (MalformedDicomException e) {
      return DicomScan.malformed(e.getMessage());
    }
    if (inflater != null) {
      parsed = parsed.with(0x00020010, transferSyntax);
    }
    // Cross-check: the lenient toolkit must have read exactly the elements the structure walk found
    // before Pixel Data (each repeated tag once); anything else means it "compensated" for something.
    int expected = (pixelSeen ? topLevelElementsBeforePixels : topLevelElements) - metaElementsInFile
        - repeatedElements + 1 + metaValues.size();
    if (parsed.attributes().size() != expected) {
      return DicomScan.malformed("the header's " + expected + " top-level elements could not all be read ("
          + parsed.attributes().size() + " were)");
    }
    boolean picture = pixelSeen && pixelVr == null && extraPixelData == 0;
    List<String> warnings = warnings(parsed, repeated, picture);
    PixelDigests pixels = null;
    if (picture) {
      String digest = hex(pixelDigest.digest());
      List<String> perFrame;
      if (encapsulated) {
        perFrame = fragmentDigests.size() == frames ? List.copyOf(fragmentDigests)
            : frames == 1 ? List.of(digest) : List.of();
      } else {
        perFrame = frameDigests.size() == frames ? List.copyOf(frameDigests) : List.of();
      }
      pixels = new PixelDigests(digest, encapsulated ? PixelDigests.ENCAPSULATED : PixelDigests.NATIVE, pixelLength,
          perFrame);
    }
    return DicomScan.parsed(parsed, pixels, hex(dataSetDigest.digest()), warnings);
  }

  /**
   * Whether a raw inflater needs one more (dummy) byte to see the end of a complete stream
   * (java.util.zip.Inflater's documented quirk with {@code nowrap}); walks what it gives.
   */
  private boolean inflatedToTheEnd() {
    if (!live()) {
      return false;
    }
    inflate(new byte[1], 0, 1);
    return inflater.finished() && live();
  }

  /**
   * The warnings of a file that was read: fixed texts naming tags, VRs and counts, never a value.
   * Each says what departs from the standard and what it means for the claims.
   */
  private List<String> warnings(DicomHeader h, List<String> repeated, boolean picture) {
    List<String> w = new ArrayList<>();
    if (metaGroupLength == -1) {
      w.add("no file meta group length (0002,0000): the group ends where group 0002 does");
    } else if (metaLengthWarning != null) {
      w.add(metaLengthWarning);
    }
    if (blank(h.value(0x00080016))) {
      w.add("no SOP Class UID (0008,0016): not in a series manifest");
    }
    if (blank(h.value(0x00080018))) {
      w.add("no SOP Instance UID (0008,0018): not found by its identity, not in a series manifest");
    }
    if (!pixelSeen && rows > 0 && !floatPixels) {
      w.add("image attributes (Rows) without Pixel Data: no pixel digest");
    }
    if (floatPixels) {
      w.add("Float or Double Float Pixel Data (7FE0,0008/0009): not digested");
    }
    if (pixelVr != null) {
      w.add("Pixel Data (7FE0,0010) with VR " + vrText((byte) pixelVr.charAt(0), (byte) pixelVr.charAt(1))
          + ": no pixel digest");
    }
    if (extraPixelData > 0) {
      w.add((extraPixelData + 1) + " top-level Pixel Data elements: no pixel digest");
    }
    if (nestedPixelData > 0) {
      w.add(nestedPixelData + " Pixel Data element(s) inside sequences (icons or other embedded images): not the"
          + " picture, not digested");
    }
    if (nonStandardVrs > 0) {
      w.add(nonStandardVrs + " element(s) with a non-standard VR (first " + firstNonStandardVr + ")");
    }
    if (disorder) {
      w.add("top-level elements not in ascending tag order");
    }
    if (disorderAfterPixels) {
      w.add("elements after Pixel Data not in ascending tag order, or repeated");
    }
    if (!repeated.isEmpty()) {
      w.add("repeated top-level element(s) " + String.join(" ", repeated.subList(0, Math.min(3, repeated.size())))
          + (repeated.size() > 3 ? " and " + (repeated.size() - 3) + " more" : "") + ": the first of each is read");
    }
    String privates = privateElementProblems(h);
    if (privates != null) {
      w.add(privates);
    }
    return w;
  }

  /** Private data elements without their Private Creator, or in groups PS3.5 7.1 reserves. */
  private static String privateElementProblems(DicomHeader h) {
    Set<Integer> tags = new HashSet<>();
    h.attributes().forEach(a -> tags.add(a.tag()));
    int orphans = 0;
    int reserved = 0;
    for (int tag : tags) {
      int group = tag >>> 16;
      int element = tag & 0xFFFF;
      if ((group & 1) == 0) {
        continue;
      }
      if (group <= 0x0007 || group == 0xFFFF) {
        reserved++;
      } else if (element >= 0x1000 && !tags.contains(group << 16 | element >>> 8)) {
        orphans++;
      }
    }
    List<String> parts = new ArrayList<>();
    if (orphans > 0) {
      parts.add(orphans + " private element(s) without their Private Creator");
    }
    if (reserved > 0) {
      parts.add(reserved + " element(s) in the reserved odd groups 0001-0007 or FFFF");
    }
    return parts.isEmpty() ? null : String.join("; ", parts);
  }

  /**
   * The header bytes with every top-level element whose tag came before dropped (from its start to
   * the next top-level element's), so that the toolkit reads the first of each, as DCMTK does.
   * Adds each repeated tag to {@code repeated}.
   */
  private byte[] withoutRepeats(byte[] headerPart, List<String> repeated) {
    long[] byTag = Arrays.copyOf(topLevel, topLevelCount);
    Arrays.sort(byTag); // by tag, then start: the first of equal tags is the one in the file first
    List<Long> drop = new ArrayList<>();
    for (int k = 1; k < byTag.length; k++) {
      if (byTag[k] >>> 32 == byTag[k - 1] >>> 32) {
        drop.add(byTag[k] & 0xFFFFFFFFL);
        String t = tagString((int) (byTag[k] >>> 32));
        if (repeated.isEmpty() || !repeated.get(repeated.size() - 1).equals(t)) {
          repeated.add(t);
        }
      }
    }
    if (drop.isEmpty()) {
      return headerPart;
    }
    repeatedElements = drop.size();
    Set<Long> dropped = new HashSet<>(drop);
    ByteArrayOutputStream out = new ByteArrayOutputStream(headerPart.length);
    long from = 0;
    for (int k = 0; k < topLevelCount; k++) {
      long start = topLevel[k] & 0xFFFFFFFFL;
      if (dropped.contains(start)) {
        long end = k + 1 < topLevelCount ? topLevel[k + 1] & 0xFFFFFFFFL : headerPart.length;
        out.write(headerPart, (int) from, (int) (start - from));
        from = end;
      }
    }
    out.write(headerPart, (int) from, (int) (headerPart.length - from));
    return out.toByteArray();
  }

  private static boolean blank(String value) {
    return value == null || value.replace('\0', ' ').isBlank();
  }

  private static boolean upper(byte b) {
    return b >= 'A' && b <= 'Z';
  }

  /** A VR as read: its letters when printable, else its two bytes in hex. */
  private static String vrText(byte a, byte b) {
    boolean printable = a >= 0x21 && a <= 0x7E && b >= 0x21 && b <= 0x7E;
    return printable ? "'" + (char) a + (char) b + "'" : String.format("%02X %02X", a & 0xFF, b & 0xFF);
  }

  private static String tagString(int tag) {
    return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
  }

  private static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
