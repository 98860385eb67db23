package org.evidencenotary.notary.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the parts of a MIME multipart body (RFC 2046 5.1: {@code multipart/related} of STOW-RS,
 * RFC 2387, and {@code multipart/form-data}, RFC 7578) as they stream in, one part after another,
 * without holding a part in memory: each part's body is an {@link InputStream} that ends exactly
 * before the next boundary delimiter.
 *
 * <pre>{@code
 * MultipartReader reader = new MultipartReader(body, boundary, limits, StandardCharsets.UTF_8);
 * for (MultipartReader.Part part; (part = reader.next()) != null; ) {
 *   store(part.body());
 * }
 * }</pre>
 *
 * <p>Security: the input is untrusted. Memory is bounded: one buffer, a part's header block at most
 * {@link Limits#maxHeaderBytes()} (so each header field too), at most {@link Limits#maxParts()}
 * parts; crossing a limit throws {@link MultipartLimitException}. A part's stream never reports its end unless the delimiter that closes it
 * was read, so a body cut short can never pass for a complete part: reading it throws {@link
 * MalformedMultipartException} instead.
 */
final class MultipartReader {
  /** The most bytes of header fields a part may have, unless configured otherwise. */
  static final int MAX_HEADER_BYTES = 16 * 1024;
  /** The most characters RFC 2046 allows in a boundary. */
  static final int MAX_BOUNDARY = 70;
  private static final int BUFFER = 64 * 1024;
  /** Spaces and tabs allowed after a delimiter (RFC 2046 "transport-padding"), within reason. */
  private static final int MAX_PADDING = 256;

  private final InputStream in;
  private final Limits limits;
  private final Charset headerCharset;
  private int parts;
  private final byte[] delimiter;
  private final byte[] buf;
  private int pos;
  private int end;
  private boolean eof;
  /** Unread bytes before this index are known not to start a delimiter: part data. */
  private int clear;
  private PartBody current;
  private boolean started;
  private boolean closed;

  /** A part: its header fields (names in lowercase) and its body. */
  record Part(Map<String, String> headers, InputStream body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * What one body may hold.
   *
   * @param maxHeaderBytes the most bytes of one part's header block (its fields and their line ends)
   * @param maxParts the most parts in one body
   */
  record Limits(int maxHeaderBytes, int maxParts) {
    Limits {
      if (maxHeaderBytes < 256 || maxHeaderBytes > BUFFER || maxParts < 1) {
        throw new IllegalArgumentException("the part header limit must be 256 bytes to " + BUFFER / 1024
            + " KiB, and at least one part must be allowed");
      }
    }
  }

  /** The body is not well-formed multipart, or ended before its close delimiter. */
  static final class MalformedMultipartException extends IOException {
    MalformedMultipartException(String message) {
      super(message);
    }
  }

  /** The body is over one of the {@link Limits} (or a limit of its reader): it is refused, not read on. */
  static final class MultipartLimitException extends IOException {
    /** Which limit. */
    enum Kind { PART_HEADER, PARTS, PART_SIZE }

    private final Kind kind;
    private final long limit;

    MultipartLimitException(Kind kind, long limit, String message) {
      super(message);
      this.kind = kind;
      this.limit = limit;
    }

    Kind kind() {
      return kind;
    }

    long limit() {
      return limit;
    }
  }

  /** A reader with the default limits (16 KiB of part header, 1,000 parts), header fields read as ISO-8859-1. */
  MultipartReader(InputStream in, String boundary) {
    this(in, boundary, new Limits(MAX_HEADER_BYTES, 1000), StandardCharsets.ISO_8859_1);
  }

  /**
   * @param boundary the {@code boundary} parameter of the Content-Type, 1 to 70 characters
   * @param headerCharset how header field bytes are read (browsers send form-data file names in UTF-8)
   * @throws IllegalArgumentException for a boundary RFC 2046 does not allow
   */
  MultipartReader(InputStream in, String boundary, Limits limits, Charset headerCharset) {
    this.in = in;
    this.limits = limits;
    this.headerCharset = headerCharset;
    if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY
        || !boundary.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("the boundary must be 1 to 70 printable ASCII characters");
    }
    delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    buf = new byte[BUFFER + delimiter.length];
    // The first delimiter may open the body without a CRLF before it: read as if there were one.
    buf[0] = '\r';
    buf[1] = '\n';
    end = 2;
    current = new PartBody(); // the preamble, discarded
  }

  /**
   * The next part. The previous part's body, if not read to its end, is read and discarded first.
   *
   * @return the next part, or null after the close delimiter
   * @throws MalformedMultipartException when the body is not well-formed multipart
   * @throws MultipartLimitException when the part is one too many or its header block too large
   * @throws IOException when reading the request fails
   */
  Part next() throws IOException {
    if (closed) {
      return null;
    }
    current.skipToEnd(!started);
    started = true;
    // After a delimiter: "--" closes the body; otherwise transport padding and CRLF open a part.
    if (!available(2)) {
      if (end - pos == 0) {
        // The body ended right after a delimiter: every part before it is complete.
        closed = true;
        return null;
      }
      throw new MalformedMultipartException("the body ends inside a boundary delimiter line");
    }
    if (buf[pos] == '-' && buf[pos + 1] == '-') {
      closed = true; // anything after the close delimiter is the epilogue, ignored
      return null;
    }
    int padding = 0;
    while (available(1) && (buf[pos] == ' ' || buf[pos] == '\t') && padding < MAX_PADDING) {
      pos++;
      padding++;
    }
    if (!available(2) || buf[pos] != '\r' || buf[pos + 1] != '\n') {
      throw new MalformedMultipartException("a boundary delimiter is not followed by CRLF or \"--\";"
          + " the boundary may occur inside a part, which RFC 2046 does not allow");
    }
    pos += 2;
    if (++parts > limits.maxParts()) {
      throw new MultipartLimitException(MultipartLimitException.Kind.PARTS, limits.maxParts(),
          "the body holds more than " + limits.maxParts() + " parts");
    }
    Map<String, String> headers = readHeaders();
    current = new PartBody();
    return new Part(headers, current);
  }

  private Map<String, String> readHeaders() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    int total = 0;
    String last = null;
    while (true) {
      int lineEnd = -1;
      while (true) {
        for (int i = pos; i + 1 < end; i++) {
          if (buf[i] == '\r' && buf[i + 1] == '\n') {
            lineEnd = i;
            break;
          }
        }
        if (lineEnd >= 0) {
          break;
        }
        if (end - pos + total > limits.maxHeaderBytes()) {
          throw headerTooLarge();
        }
        if (!fill()) {
          throw new MalformedMultipartException("the body ends inside the header fields of a part");
        }
      }
      int length = lineEnd - pos;
      total += length + 2;
      if (total > limits.maxHeaderBytes()) {
        throw headerTooLarge();
      }
      String line = new String(buf, pos, length, headerCharset);
      pos = lineEnd + 2;
      if (line.isEmpty()) {
        return Collections.unmodifiableMap(headers);
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
        headers.put(last, headers.get(last) + " " + line.strip()); // an obsolete folded line
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new MalformedMultipartException("a header line of a part is not \"Name: value\"");
      }
      last = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      headers.merge(last, line.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
    }
  }

  private MultipartLimitException headerTooLarge() {
    return new MultipartLimitException(MultipartLimitException.Kind.PART_HEADER, limits.maxHeaderBytes(),
        "the header fields of part " + parts + " exceed " + limits.maxHeaderBytes() + " bytes");
  }

  /** Makes at least {@code n} unread bytes available, unless the input ends first. */
  private boolean available(int n) throws IOException {
    while (end - pos < n) {
      if (!fill()) {
        return false;
      }
    }
    return true;
  }

  /** Reads more input after the unread bytes; false at the end of the input. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, end - pos);
      end -= pos;
      clear = Math.max(0, clear - pos);
      pos = 0;
    }
    if (end == buf.length) {
      return true; // full: the caller consumes before asking again
    }
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) {
      eof = true;
      return false;
    }
    end += n;
    return true;
  }

  /** Where the delimiter starts in the unread bytes, or -1. */
  private int findDelimiter() {
    byte first = delimiter[0];
    outer:
    for (int i = pos; i + delimiter.length <= end; i++) {
      if (buf[i] != first) {
        continue;
      }
      for (int j = 1; j < delimiter.length; j++) {
        if (buf[i + j] != delimiter[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The body of one part (or the preamble): the bytes up to the next delimiter. */
  private final class PartBody extends InputStream {
    private boolean done;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return read(b, off, len, false);
    }

    private int read(byte[] b, int off, int len, boolean preamble) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      while (true) {
        int ready = clear - pos;
        if (ready <= 0) {
          int at = findDelimiter();
          if (at == pos) {
            pos += delimiter.length;
            done = true;
            return -1;
          }
          // Bytes before a delimiter, or all but the last (delimiter length - 1) bytes, which may be
          // the start of one.
          clear = at >= 0 ? at : end - (delimiter.length - 1);
          ready = clear - pos;
        }
        if (ready > 0) {
          int n = Math.min(len, ready);
          if (b != null) {
            System.arraycopy(buf, pos, b, off, n);
          }
          pos += n;
          return n;
        }
        if (!fill()) {
          throw new MalformedMultipartException(preamble
              ? "the body holds no boundary delimiter \"--" + boundaryText() + "\""
              : "the body ends inside a part, before the boundary delimiter that closes it");
        }
      }
    }

    void skipToEnd(boolean preamble) throws IOException {
      while (read(null, 0, Integer.MAX_VALUE, preamble) >= 0) {
        // discarded
      }
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = 0;
      while (skipped < n) {
        int r = read(null, 0, (int) Math.min(Integer.MAX_VALUE, n - skipped), false);
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }
  }

  private String boundaryText() {
    return new String(delimiter, 4, delimiter.length - 4, StandardCharsets.US_ASCII);
  }
}
