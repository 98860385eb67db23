package org.evidencenotary.notary.dicom;

import static org.evidencenotary.notary.dicom.Part10Reader.ITEM;
import static org.evidencenotary.notary.dicom.Part10Reader.ITEM_DELIMITATION;
import static org.evidencenotary.notary.dicom.Part10Reader.LONG_FORM;
import static org.evidencenotary.notary.dicom.Part10Reader.MAX_DEPTH;
import static org.evidencenotary.notary.dicom.Part10Reader.PIXEL_DATA;
import static org.evidencenotary.notary.dicom.Part10Reader.SEQUENCE_DELIMITATION;
import static org.evidencenotary.notary.dicom.Part10Reader.UNDEFINED;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.evidencenotary.notary.dicom.Part10Reader.Header;
import org.evidencenotary.notary.dicom.Part10Reader.Vrs;

/**
 * Writes a copy of a DICOM Part 10 file with one more DICOM digital signature (PS3.3 C.12.1.1.3,
 * PS3.15 Annex C): an item in the MAC Parameters Sequence (4FFE,0001) and one in the Digital
 * Signatures Sequence (FFFA,FFFA), which are created when absent and extended when the original
 * already carries signatures (those stay valid: no signature covers these two sequences).
 *
 * <p>Every other byte of the original is copied unchanged, so the pixel data and every attribute
 * keep their encoding; the original itself is only read (twice: once to compute the signature,
 * once to copy it), never written. Both reads must give the same bytes (SHA-256 compared). The
 * preamble, file meta information and element headers are read by {@code Part10Reader}, the
 * element reader {@link PixelDataMac} uses too, with every VR checked against PS3.5.
 *
 * <p><b>What is signed.</b> Every top-level data element the standard lets a signature cover
 * (C.12.1.1.3.1.1): all but the file meta group and other groups below 0008, group lengths,
 * Length to End, elements with VR UN, the FFFA group, the MAC Parameters Sequence and the Data
 * Set Trailing Padding. A sequence is signed with all its items unless something inside it could
 * not be signed the same way by every reader (UN, a group length, an odd length, a nested
 * signature); such a sequence is left out of Data Elements Signed as a whole. This covers the
 * minimum lists of the Creator and Authorization profiles (PS3.15 C.2, C.3) whenever those
 * attributes are present. The MAC algorithm is SHA256; the MAC Calculation Transfer Syntax is the
 * file's own, which must use explicit VR little endian for its data set (Explicit VR Little
 * Endian, or an encapsulated JPEG/RLE/MPEG syntax); implicit VR and big endian files are refused
 * with {@link UnsignableDicomException}, because re-encoding them needs a data dictionary on
 * both sides.
 *
 * <p><b>The signature.</b> The MAC byte stream is the signed elements in the MAC transfer syntax
 * (sequences and encapsulated pixel data without their value lengths, each item tag without its
 * length, a Sequence Delimitation Item tag after the last item), followed by the new Digital
 * Signatures Sequence item's MAC ID Number, Digital Signature UID, Digital Signature DateTime,
 * Certificate Type and Digital Signature Purpose Code Sequence. It is signed with {@code
 * SHA256withECDSA} (EC keys; DER value) or {@code SHA256withRSA} (RSA keys; PKCS#1 v1.5, as the
 * RSA profiles ask) through {@link Signature}, so a PKCS#11 key that never leaves its token works.
 * Certificate Type is {@code X509_1993_SIG}; Certificate of Signer is the signer's DER
 * certificate. With a {@link Timestamper}, a Certified Timestamp ({@code CMS_TSP}, an RFC 3161
 * token over the signature value) follows the signature.
 *
 * <p><b>Security.</b> This class writes signatures; it does not check the signer's certificate
 * (the caller hands it a key it may use). DCMTK's {@code dcmsign --verify} checks the result.
 *
 * <pre>{@code
 * DicomSignature s = DicomSignatureWriter.write(() -> Files.newInputStream(original),
 *     new DicomSignatureWriter.Signer(key, certificate, Purpose.CREATOR), out);
 * }</pre>
 */
public final class DicomSignatureWriter {
  /** Explicit VR Little Endian. */
  public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
  /** The MAC Algorithm written: SHA-256. */
  public static final String MAC_ALGORITHM = "SHA256";
  /** The Certificate Type written: an X.509 signature certificate. */
  public static final String CERTIFICATE_TYPE = "X509_1993_SIG";
  /**
   * The size of the buffer DCMTK (3.6.7 to 3.7.0) feeds a MAC through; see {@link
   * #macStreamLength}.
   */
  public static final int DCMTK_MAC_BLOCK_SIZE = 16_384;

  private static final int MAC_PARAMETERS_SEQUENCE = 0x4FFE0001;
  private static final int DIGITAL_SIGNATURES_SEQUENCE = 0xFFFAFFFA;
  private static final int MAC_ID_NUMBER = 0x04000005;
  /** Largest sequence whose MAC bytes are held in memory (the ingest scanner's header limit). */
  private static final int MAX_SEQUENCE_BYTES = 16 * 1024 * 1024;
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSSSS").withZone(ZoneOffset.UTC);

  private DicomSignatureWriter() {}

  /**
   * The role of a signature, written as its Digital Signature Purpose Code (ASTM E1762,
   * coding scheme {@code ASTM-sigpurpose}).
   */
  public enum Purpose {
    /** The device that created the instance (Creator profile, PS3.15 C.2): "Source Signature". */
    CREATOR("14", "Source Signature"),
    /** The technologist who approved the instance (Authorization profile, C.3): "Author's Signature". */
    AUTHORIZATION("1", "Author's Signature");

    private final String code;
    private final String meaning;

    Purpose(String code, String meaning) {
      this.code = code;
      this.meaning = meaning;
    }

    public String code() {
      return code;
    }

    public String meaning() {
      return meaning;
    }
  }

  /**
   * Who signs: a private key (EC or RSA, software or PKCS#11), its certificate and the purpose;
   * optionally a time-stamping authority for a Certified Timestamp.
   */
  public record Signer(PrivateKey key, X509Certificate certificate, Purpose purpose, Timestamper timestamper) {
    public Signer {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(purpose, "purpose");
    }

    /** A signer without a certified time-stamp. */
    public Signer(PrivateKey key, X509Certificate certificate, Purpose purpose) {
      this(key, certificate, purpose, null);
    }
  }

  /**
   * Gets an RFC 3161 time-stamp token (DER ContentInfo) whose message imprint is a hash of {@code
   * signatureValue}, the DER signature as signed (without padding). It becomes the Certified
   * Timestamp (0400,0310), type {@code CMS_TSP} (PS3.15 C.1); neither is covered by the MAC.
   */
  @FunctionalInterface
  public interface Timestamper {
    byte[] stamp(byte[] signatureValue) throws IOException;
  }

  /** Opens the original afresh; called twice. */
  @FunctionalInterface
  public interface Source {
    InputStream open() throws IOException;
  }

  /**
   * What was written.
   *
   * @param uid the Digital Signature UID
   * @param macId the MAC ID Number linking the two new items
   * @param dateTime the Digital Signature DateTime as written
   * @param transferSyntax the MAC Calculation Transfer Syntax UID
   * @param signedTags the Data Elements Signed, in data set order
   * @param purpose the Digital Signature Purpose
   * @param timestamped whether a Certified Timestamp was added
   * @param size bytes written
   */
  public record DicomSignature(String uid, int macId, String dateTime, String transferSyntax, List<Integer> signedTags,
      Purpose purpose, boolean timestamped, long size) {}

  /**
   * The length in bytes of the MAC byte stream a signature of {@code original} covers for its data
   * set: the elements {@link #write} would sign, in the MAC transfer syntax, without the signature
   * item's own elements that close the stream (those are a few hundred bytes, and DCMTK feeds them
   * to the MAC separately). Nothing is signed or written.
   *
   * <p>Interoperability: DCMTK 3.6.7 to 3.7.0 compute a wrong MAC when their {@value
   * #DCMTK_MAC_BLOCK_SIZE}-byte MAC buffer fills inside a sequence nested in an item; a document
   * whose stream is shorter than that never fills it (docs/decisions.md).
   *
   * @throws MalformedDicomException when the original is not a well-formed Part 10 file
   * @throws UnsignableDicomException when its encoding cannot be signed here
   */
  public static long macStreamLength(Source original) throws IOException {
    Counting counted = new Counting(OutputStream.nullOutputStream());
    try (InputStream in = original.open()) {
      analyse(in, counted);
    }
    return counted.count;
  }

  /** Signs the file at {@code original} into {@code out}. */
  public static DicomSignature write(Path original, Signer signer, OutputStream out) throws IOException {
    return write(() -> Files.newInputStream(original), signer, out);
  }

  /**
   * Writes a signed copy of the original to {@code out}.
   *
   * @throws MalformedDicomException when the original is not a well-formed Part 10 file; nothing
   *     was written
   * @throws UnsignableDicomException when its encoding cannot be signed here; nothing was written
   * @throws IOException when the original cannot be read, or reads differently the second time
   *     (then {@code out} may hold a partial copy: write to a temporary file)
   * @throws DicomSigningException when the key cannot sign
   */
  public static DicomSignature write(Source original, Signer signer, OutputStream out) throws IOException {
    Analysis analysis;
    Instant now = Instant.now();
    String uid = "2.25." + new BigInteger(1, uuidBytes(UUID.randomUUID()));
    String dateTime = DATE_TIME.format(now) + "+0000";
    Signature signature = signatureFor(signer.key());
    try (InputStream in = original.open()) {
      analysis = analyse(in, new SignatureStream(signature));
    }
    int macId = analysis.freeMacId();
    byte[] certificate;
    try {
      certificate = signer.certificate().getEncoded();
    } catch (CertificateEncodingException e) {
      throw new DicomSigningException("the signer's certificate cannot be encoded", e);
    }
    byte[] purposeSequence = purposeSequence(signer.purpose());
    byte[] signatureValue;
    try {
      // The signature item's own elements close the MAC stream (C.12.1.1.3.1.3).
      ByteArrayOutputStream tail = new ByteArrayOutputStream();
      tail.writeBytes(element(MAC_ID_NUMBER, "US", le16(macId)));
      tail.writeBytes(element(0x04000100, "UI", uidValue(uid)));
      tail.writeBytes(element(0x04000105, "DT", text(dateTime)));
      tail.writeBytes(element(0x04000110, "CS", text(CERTIFICATE_TYPE)));
      tail.writeBytes(purposeSequenceMacBytes(signer.purpose()));
      signature.update(tail.toByteArray());
      signatureValue = signature.sign();
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new DicomSigningException(
          "the DICOM signature could not be made: " + e.getMessage(), e);
    }

    ByteArrayOutputStream macItem = new ByteArrayOutputStream();
    macItem.writeBytes(element(MAC_ID_NUMBER, "US", le16(macId)));
    macItem.writeBytes(element(0x04000010, "UI", uidValue(analysis.transferSyntax)));
    macItem.writeBytes(element(0x04000015, "CS", text(MAC_ALGORITHM)));
    ByteBuffer tags = ByteBuffer.allocate(4 * analysis.signedTags.size()).order(ByteOrder.LITTLE_ENDIAN);
    for (int tag : analysis.signedTags) {
      tags.putShort((short) (tag >>> 16)).putShort((short) tag);
    }
    if (tags.capacity() > 0xFFFE) {
      throw new UnsignableDicomException("the data set has too many elements to list in Data Elements Signed");
    }
    macItem.writeBytes(element(0x04000020, "AT", tags.array()));

    ByteArrayOutputStream signatureItem = new ByteArrayOutputStream();
    signatureItem.writeBytes(element(MAC_ID_NUMBER, "US", le16(macId)));
    signatureItem.writeBytes(element(0x04000100, "UI", uidValue(uid)));
    signatureItem.writeBytes(element(0x04000105, "DT", text(dateTime)));
    signatureItem.writeBytes(element(0x04000110, "CS", text(CERTIFICATE_TYPE)));
    signatureItem.writeBytes(element(0x04000115, "OB", padded(certificate)));
    // DER signatures may have an odd length; OB is padded with a zero byte (DCMTK strips it).
    signatureItem.writeBytes(element(0x04000120, "OB", padded(signatureValue)));
    if (signer.timestamper() != null) {
      byte[] token = signer.timestamper().stamp(signatureValue);
      signatureItem.writeBytes(element(0x04000305, "CS", text("CMS_TSP")));
      signatureItem.writeBytes(element(0x04000310, "OB", padded(token)));
    }
    signatureItem.writeBytes(purposeSequence);

    long written;
    try (InputStream in = original.open()) {
      written = copy(in, analysis, item(macItem.toByteArray()), item(signatureItem.toByteArray()), out);
    }
    return new DicomSignature(uid, macId, dateTime, analysis.transferSyntax, List.copyOf(analysis.signedTags),
        signer.purpose(), signer.timestamper() != null, written);
  }

  // ---------------------------------------------------------------- pass 1: parse, choose, MAC

  /** A top-level element's place in the file. */
  private record Range(int tag, long start, long end, boolean undefinedLength, long valueStart) {}

  private static final class Analysis {
    String transferSyntax;
    long dataSetStart;
    final List<Range> elements = new ArrayList<>();
    final List<Integer> signedTags = new ArrayList<>();
    final Set<Integer> macIds = new TreeSet<>();
    byte[] sha256;

    int freeMacId() {
      for (int id = 0; id <= 0xFFFF; id++) {
        if (!macIds.contains(id)) {
          return id;
        }
      }
      throw new UnsignableDicomException("every MAC ID Number is in use");
    }

    Range find(int tag) {
      return elements.stream().filter(r -> r.tag() == tag).findFirst().orElse(null);
    }
  }

  private static Analysis analyse(InputStream raw, OutputStream mac) throws IOException {
    Part10Reader in = Part10Reader.hashing(raw, Vrs.STANDARD);
    Analysis analysis = new Analysis();
    analysis.transferSyntax = readFileMeta(in);
    analysis.dataSetStart = in.position();
    long previous = -1;
    while (!in.atEnd()) {
      long start = in.position();
      Header h = header(in, false);
      if (Integer.toUnsignedLong(h.tag()) <= previous) {
        throw new MalformedDicomException(String.format(
            "data element (%04X,%04X) at byte %d is out of order or repeated", h.tag() >>> 16, h.tag() & 0xFFFF,
            start));
      }
      if ((h.tag() >>> 16) == 0xFFFE) {
        throw new MalformedDicomException(String.format("unexpected item tag at byte %d", start));
      }
      previous = Integer.toUnsignedLong(h.tag());
      long valueStart = in.position();
      boolean signable = signableTopLevel(h);
      if ("SQ".equals(h.vr())) {
        Encoded encoded = new Encoded();
        encoded.sequenceHeader(h.tag());
        boolean special = h.tag() == MAC_PARAMETERS_SEQUENCE || h.tag() == DIGITAL_SIGNATURES_SEQUENCE;
        sequence(in, h.length(), false, encoded, special ? analysis.macIds : null, 1);
        encoded.tag(SEQUENCE_DELIMITATION);
        if (signable && encoded.signable) {
          encoded.bytes.writeTo(mac);
          analysis.signedTags.add(h.tag());
        }
      } else if (h.length() == UNDEFINED && "UN".equals(h.vr())) {
        // UN of undefined length holds implicit VR items (PS3.5 6.2.2); never signed.
        sequence(in, UNDEFINED, true, new Encoded(), null, 1);
      } else if (h.length() == UNDEFINED) {
        // Encapsulated pixel data: fragments, each without its length in the MAC stream.
        if (signable) {
          mac.write(tagVr(h.tag(), h.vr()));
          fragments(in, mac);
          mac.write(tagBytes(SEQUENCE_DELIMITATION));
          analysis.signedTags.add(h.tag());
        } else {
          fragments(in, OutputStream.nullOutputStream());
        }
      } else if (signable && h.length() % 2 == 0) {
        mac.write(explicitHeader(h.tag(), h.vr(), h.length()));
        in.copy(h.length(), mac);
        analysis.signedTags.add(h.tag());
      } else {
        in.skip(h.length());
      }
      analysis.elements.add(new Range(h.tag(), start, in.position(), h.length() == UNDEFINED, valueStart));
    }
    if (!analysis.signedTags.contains(0x00080018) || !analysis.signedTags.contains(0x00080016)) {
      throw new UnsignableDicomException("the SOP Class and Instance UIDs, which every signature profile signs,"
          + " are missing or cannot be signed");
    }
    analysis.sha256 = in.digest();
    return analysis;
  }

  /**
   * The next element header, as {@link Part10Reader#header} reads it, refusing encapsulated values
   * that are not Pixel Data: DCMTK, like PS3.5 A.4, reads encapsulated values only as Pixel Data.
   */
  private static Header header(Part10Reader in, boolean implicit) throws IOException {
    Header h = in.header(implicit);
    if (h.length() == UNDEFINED && ("OB".equals(h.vr()) || "OW".equals(h.vr())) && h.tag() != PIXEL_DATA) {
      throw new UnsignableDicomException(String.format("element (%04X,%04X) is encapsulated but is not Pixel Data",
          h.tag() >>> 16, h.tag() & 0xFFFF));
    }
    return h;
  }

  private static boolean signableTopLevel(Header h) {
    int group = h.tag() >>> 16;
    int element = h.tag() & 0xFFFF;
    return group >= 0x0008 && element != 0x0000 && h.tag() != 0x00080001 && !"UN".equals(h.vr()) && group != 0xFFFA
        && h.tag() != MAC_PARAMETERS_SEQUENCE && h.tag() != 0xFFFCFFFC;
  }

  private static String readFileMeta(Part10Reader in) throws IOException {
    String transferSyntax = in.fileMeta();
    if (!explicitLittleEndian(transferSyntax)) {
      throw new UnsignableDicomException("transfer syntax " + transferSyntax + " is not signed here: DICOM"
          + " signatures are written for explicit VR little endian data sets (" + EXPLICIT_VR_LITTLE_ENDIAN
          + " or an encapsulated JPEG, JPEG 2000, JPEG-LS, RLE or MPEG syntax)");
    }
    return transferSyntax;
  }

  /** Explicit VR Little Endian, or an encapsulated or referenced syntax (whose data set is explicit VR LE, not deflated). */
  static boolean explicitLittleEndian(String uid) {
    return TransferSyntaxes.readable(uid).map(TransferSyntaxes.Syntax::encoding)
        .filter(e -> e == TransferSyntaxes.Encoding.EXPLICIT_LITTLE || e == TransferSyntaxes.Encoding.ENCAPSULATED
            || e == TransferSyntaxes.Encoding.REFERENCED).isPresent();
  }

  /**
   * Reads a sequence's items. The MAC bytes go to {@code encoded}; anything a reader could encode
   * differently marks it unsignable. {@code macIds} collects the first-level MAC ID Numbers.
   */
  private static void sequence(Part10Reader in, long length, boolean implicit, Encoded encoded, Set<Integer> macIds,
      int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new MalformedDicomException("sequences are nested more than " + MAX_DEPTH + " deep");
    }
    long end = length == UNDEFINED ? -1 : in.position() + length;
    while (end < 0 || in.position() < end) {
      long at = in.position();
      int tag = in.tag();
      long itemLength = in.u32();
      if (tag == SEQUENCE_DELIMITATION && end < 0) {
        return;
      }
      if (tag != ITEM) {
        throw new MalformedDicomException(String.format("expected an item at byte %d", at));
      }
      encoded.tag(ITEM);
      dataSet(in, itemLength, implicit, encoded, macIds, depth);
    }
    if (in.position() != end) {
      throw new MalformedDicomException("a sequence's items overrun its length");
    }
  }

  private static void dataSet(Part10Reader in, long length, boolean implicit, Encoded encoded, Set<Integer> macIds,
      int depth) throws IOException {
    long end = length == UNDEFINED ? -1 : in.position() + length;
    while (end < 0 || in.position() < end) {
      long at = in.position();
      Header h = header(in, implicit);
      if (h.tag() == ITEM_DELIMITATION && end < 0) {
        return;
      }
      if ((h.tag() >>> 16) == 0xFFFE) {
        throw new MalformedDicomException(String.format("unexpected delimiter at byte %d", at));
      }
      int group = h.tag() >>> 16;
      if (implicit || "UN".equals(h.vr()) || (h.tag() & 0xFFFF) == 0 || group == 0xFFFA || group == 0xFFFC
          || h.tag() == MAC_PARAMETERS_SEQUENCE || (h.length() != UNDEFINED && h.length() % 2 != 0)) {
        encoded.signable = false;
      }
      if ("SQ".equals(h.vr()) || (implicit && h.length() == UNDEFINED)
          || ("UN".equals(h.vr()) && h.length() == UNDEFINED)) {
        encoded.sequenceHeader(h.tag());
        sequence(in, h.length(), implicit || "UN".equals(h.vr()), encoded, null, depth + 1);
        encoded.tag(SEQUENCE_DELIMITATION);
      } else if (h.length() == UNDEFINED) {
        encoded.write(tagVr(h.tag(), h.vr()));
        fragments(in, encoded);
        encoded.tag(SEQUENCE_DELIMITATION);
      } else {
        if (macIds != null && h.tag() == MAC_ID_NUMBER && h.length() == 2) {
          byte[] v = in.bytes(2);
          macIds.add((v[0] & 0xFF) | (v[1] & 0xFF) << 8);
          encoded.write(explicitHeader(h.tag(), h.vr(), 2));
          encoded.write(v);
        } else {
          encoded.write(explicitHeader(h.tag(), implicit ? "UN" : h.vr(), h.length()));
          in.copy(h.length(), encoded);
        }
      }
    }
    if (in.position() != end) {
      throw new MalformedDicomException("an item's elements overrun its length");
    }
  }

  /** Encapsulated fragments up to the sequence delimiter: each item tag and its bytes. */
  private static void fragments(Part10Reader in, OutputStream mac) throws IOException {
    while (true) {
      long at = in.position();
      int tag = in.tag();
      long length = in.u32();
      if (tag == SEQUENCE_DELIMITATION) {
        return;
      }
      if (tag != ITEM || length == UNDEFINED || length % 2 != 0) {
        throw new MalformedDicomException(String.format("malformed encapsulated fragment at byte %d", at));
      }
      mac.write(tagBytes(ITEM));
      in.copy(length, mac);
    }
  }

  // ---------------------------------------------------------------- pass 2: copy and insert

  private static long copy(InputStream raw, Analysis analysis, byte[] macItem, byte[] signatureItem,
      OutputStream out) throws IOException {
    Part10Reader in = Part10Reader.hashing(raw, Vrs.STANDARD);
    Counting counted = new Counting(out);
    in.copy(analysis.dataSetStart, counted);
    Range existingMac = analysis.find(MAC_PARAMETERS_SEQUENCE);
    Range existingSignatures = analysis.find(DIGITAL_SIGNATURES_SEQUENCE);
    boolean macWritten = false;
    boolean signaturesWritten = false;
    for (Range r : analysis.elements) {
      if (!macWritten && Integer.compareUnsigned(r.tag(), MAC_PARAMETERS_SEQUENCE) >= 0) {
        insert(in, counted, MAC_PARAMETERS_SEQUENCE, existingMac, macItem);
        macWritten = true;
        if (r == existingMac) {
          continue;
        }
      }
      if (!signaturesWritten && Integer.compareUnsigned(r.tag(), DIGITAL_SIGNATURES_SEQUENCE) >= 0) {
        insert(in, counted, DIGITAL_SIGNATURES_SEQUENCE, existingSignatures, signatureItem);
        signaturesWritten = true;
        if (r == existingSignatures) {
          continue;
        }
      }
      in.copy(r.end() - r.start(), counted);
    }
    if (!macWritten) {
      insert(in, counted, MAC_PARAMETERS_SEQUENCE, null, macItem);
    }
    if (!signaturesWritten) {
      insert(in, counted, DIGITAL_SIGNATURES_SEQUENCE, null, signatureItem);
    }
    if (!in.atEnd()) {
      throw new IOException("the original grew between the two reads; no signed copy is made from it");
    }
    if (!Arrays.equals(in.digest(), analysis.sha256)) {
      throw new IOException("the original changed between the two reads; no signed copy is made from it");
    }
    return counted.count;
  }

  /** Writes a sequence with our item appended to the original's items (read from {@code in}). */
  private static void insert(Part10Reader in, OutputStream out, int tag, Range existing, byte[] item)
      throws IOException {
    if (existing == null) {
      out.write(explicitHeader(tag, "SQ", item.length));
      out.write(item);
      return;
    }
    in.skip(existing.valueStart() - existing.start());
    long valueLength = existing.end() - existing.valueStart();
    if (existing.undefinedLength()) {
      out.write(explicitHeader(tag, "SQ", UNDEFINED));
      in.copy(valueLength - 8, out);
      in.skip(8); // the sequence delimiter, written again below
      out.write(item);
      out.write(tagBytes(SEQUENCE_DELIMITATION));
      out.write(new byte[4]);
    } else {
      if (valueLength + item.length >= UNDEFINED) {
        throw new UnsignableDicomException("the existing signature sequence is too long to extend");
      }
      out.write(explicitHeader(tag, "SQ", valueLength + item.length));
      in.copy(valueLength, out);
      out.write(item);
    }
  }

  // ---------------------------------------------------------------- encoding helpers

  private static byte[] purposeSequence(Purpose purpose) {
    byte[] item = item(purposeItemContent(purpose));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(explicitHeader(0x04000401, "SQ", item.length));
    out.writeBytes(item);
    return out.toByteArray();
  }

  private static byte[] purposeSequenceMacBytes(Purpose purpose) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(tagVr(0x04000401, "SQ"));
    out.writeBytes(tagBytes(ITEM));
    out.writeBytes(purposeItemContent(purpose));
    out.writeBytes(tagBytes(SEQUENCE_DELIMITATION));
    return out.toByteArray();
  }

  private static byte[] purposeItemContent(Purpose purpose) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(element(0x00080100, "SH", text(purpose.code())));
    out.writeBytes(element(0x00080102, "SH", text("ASTM-sigpurpose")));
    out.writeBytes(element(0x00080104, "LO", text(purpose.meaning())));
    return out.toByteArray();
  }

  private static byte[] item(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(tagBytes(ITEM));
    out.writeBytes(le32(content.length));
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] element(int tag, String vr, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(explicitHeader(tag, vr, value.length));
    out.writeBytes(value);
    return out.toByteArray();
  }

  /** Tag, VR, and for the long forms two zero bytes: a sequence's header in the MAC stream. */
  private static byte[] tagVr(int tag, String vr) {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) (tag >>> 16)).putShort((short) tag).put(vr.getBytes(StandardCharsets.US_ASCII)).putShort((short) 0);
    return b.array();
  }

  private static byte[] explicitHeader(int tag, String vr, long length) {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) (tag >>> 16)).putShort((short) tag).put(vr.getBytes(StandardCharsets.US_ASCII));
    if (LONG_FORM.contains(vr)) {
      b.putShort((short) 0).putInt((int) length);
    } else {
      b.putShort((short) length);
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  private static byte[] tagBytes(int tag) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) (tag >>> 16)).putShort((short) tag)
        .array();
  }

  private static byte[] le16(int v) {
    return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  private static byte[] uidValue(String uid) {
    byte[] b = uid.getBytes(StandardCharsets.US_ASCII);
    return b.length % 2 == 0 ? b : Arrays.copyOf(b, b.length + 1);
  }

  private static byte[] text(String s) {
    return (s.length() % 2 == 0 ? s : s + " ").getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] padded(byte[] value) {
    return value.length % 2 == 0 ? value : Arrays.copyOf(value, value.length + 1);
  }

  private static byte[] uuidBytes(UUID uuid) {
    return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
        .array();
  }

  private static Signature signatureFor(PrivateKey key) {
    String algorithm = switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> throw new UnsignableDicomException("keys of type " + key.getAlgorithm()
          + " cannot make DICOM signatures here (EC or RSA)");
    };
    try {
      Signature signature = Signature.getInstance(algorithm);
      signature.initSign(key);
      return signature;
    } catch (GeneralSecurityException e) {
      throw new DicomSigningException(
          "the signer's key cannot sign with " + algorithm + ": " + e.getMessage(), e);
    }
  }

  /** MAC bytes of one sequence, held until it is known whether they may be signed. */
  private static final class Encoded extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean signable = true;

    void sequenceHeader(int tag) {
      write(tagVr(tag, "SQ"));
    }

    void tag(int tag) {
      write(tagBytes(tag));
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b) {
      write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (bytes.size() + len > MAX_SEQUENCE_BYTES) {
        throw new UnsignableDicomException("a sequence is larger than " + MAX_SEQUENCE_BYTES
            + " bytes, which the signer holds in memory");
      }
      bytes.write(b, off, len);
    }
  }

  /** Feeds the MAC byte stream to the signature. */
  private static final class SignatureStream extends OutputStream {
    private final Signature signature;

    SignatureStream(Signature signature) {
      this.signature = signature;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        signature.update(b, off, len);
      } catch (GeneralSecurityException e) {
        throw new IOException("the signature refused data: " + e.getMessage(), e);
      }
    }
  }

  private static final class Counting extends OutputStream {
    private final OutputStream out;
    long count;

    Counting(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
