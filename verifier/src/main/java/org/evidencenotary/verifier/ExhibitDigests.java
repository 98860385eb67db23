package org.evidencenotary.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.evidencenotary.format.Sha256;

/**
 * An exhibit's digests, from one pass over its bytes: the SHA-256 of the whole file and, when it
 * is a DICOM Part 10 file, the SHA-256 of its data set alone (every byte after the File Meta
 * Information) with the transfer syntax its meta information names. Statements sign the data set
 * digest because a DICOM network transfer carries the data set, never the meta information: the
 * modality's own file and the notary's copy share the data set, not the file.
 *
 * <p>Only the File Meta Information is read, by the rule of PS3.10 7.1: a 128-byte preamble,
 * {@code DICM}, then the group length (0002,0000) as the first element, explicit VR little endian,
 * giving where the data set starts. A file without that group length gets no data set digest here
 * (the notary's own reader is more lenient; this verifier claims only what the standard makes
 * certain). Written here, not taken from a DICOM toolkit, so the offline verifier stays one small
 * jar: fourteen bytes and one group are all it reads.
 *
 * @param sha256 of the whole file (hex)
 * @param size bytes
 * @param dataSetSha256 of the data set alone (hex), or null when the file is not Part 10 as above
 * @param transferSyntax the Transfer Syntax UID (0002,0010), or null likewise
 */
record ExhibitDigests(String sha256, long size, String dataSetSha256, String transferSyntax) {
  /** The most bytes of File Meta Information read: far more than any real group holds. */
  private static final int MAX_META = 64 * 1024;
  private static final int GROUP_LENGTH_END = 144;

  static ExhibitDigests of(Path file) throws IOException {
    MessageDigest whole = Sha256.newMessageDigest();
    MessageDigest dataSet = Sha256.newMessageDigest();
    long total;
    String syntax = null;
    boolean part10 = false;
    try (InputStream in = Files.newInputStream(file)) {
      // The head: enough for any File Meta Information; then the rest streams.
      byte[] head = in.readNBytes(GROUP_LENGTH_END + MAX_META);
      whole.update(head);
      total = head.length;
      long start = head.length >= GROUP_LENGTH_END ? dataSetStart(head) : -1;
      if (start > 0 && start <= head.length) {
        syntax = transferSyntax(head, (int) start);
        part10 = syntax != null;
        dataSet.update(head, (int) start, head.length - (int) start);
      }
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) != -1) {
        whole.update(buffer, 0, n);
        dataSet.update(buffer, 0, n);
        total += n;
      }
    }
    HexFormat hex = HexFormat.of();
    return new ExhibitDigests(hex.formatHex(whole.digest()), total, part10 ? hex.formatHex(dataSet.digest()) : null,
        part10 ? syntax : null);
  }

  /** Where the data set starts by the group length, or -1 when the file does not open as PS3.10 says. */
  private static long dataSetStart(byte[] b) {
    if (b[128] != 'D' || b[129] != 'I' || b[130] != 'C' || b[131] != 'M') {
      return -1;
    }
    ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    if (h.getShort(132) != 0x0002 || h.getShort(134) != 0x0000 || b[136] != 'U' || b[137] != 'L'
        || h.getShort(138) != 4) {
      return -1;
    }
    long length = Integer.toUnsignedLong(h.getInt(140));
    return length > MAX_META ? -1 : GROUP_LENGTH_END + length;
  }

  /** The value of (0002,0010) in the meta group that ends at {@code end}, or null. */
  private static String transferSyntax(byte[] b, int end) {
    ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int p = GROUP_LENGTH_END;
    while (p + 8 <= end) {
      int group = h.getShort(p) & 0xFFFF;
      int element = h.getShort(p + 2) & 0xFFFF;
      String vr = new String(b, p + 4, 2, StandardCharsets.US_ASCII);
      boolean longForm = vr.equals("OB") || vr.equals("UN") || vr.equals("SQ") || vr.equals("UT") || vr.equals("OW");
      long length = longForm ? Integer.toUnsignedLong(h.getInt(p + 8)) : h.getShort(p + 6) & 0xFFFF;
      int value = p + (longForm ? 12 : 8);
      if (group != 0x0002 || value + length > end) {
        return null;
      }
      if (element == 0x0010) {
        return new String(b, value, (int) length, StandardCharsets.US_ASCII).replace("\0", "").strip();
      }
      p = (int) (value + length);
    }
    return null;
  }
}
