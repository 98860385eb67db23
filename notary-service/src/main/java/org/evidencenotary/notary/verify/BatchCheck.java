package org.evidencenotary.notary.verify;

import static org.evidencenotary.notary.verify.BatchRefusedException.Reason.COMPRESSION_RATIO;
import static org.evidencenotary.notary.verify.BatchRefusedException.Reason.FILE_TOO_LARGE;
import static org.evidencenotary.notary.verify.BatchRefusedException.Reason.MALFORMED_ZIP;
import static org.evidencenotary.notary.verify.BatchRefusedException.Reason.TOO_MANY_FILES;
import static org.evidencenotary.notary.verify.BatchRefusedException.Reason.TOTAL_TOO_LARGE;
import static org.evidencenotary.notary.verify.BatchRefusedException.Reason.UNSAFE_NAME;
import static org.evidencenotary.notary.verify.BatchRefusedException.Reason.UPLOAD_TOO_LARGE;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.evidencenotary.format.Verdict;
import org.evidencenotary.notary.auth.Caller;

/**
 * One batch check while it runs: files are added one by one (as sent, or expanded from a zip),
 * each verified exactly as {@code POST /api/v1/verify} verifies a file without a proof and
 * disclosed as the caller may see it. Nothing is written anywhere: every file, a zip's entries
 * included, streams through {@link Exhibit#read} and only its digest is kept.
 *
 * <p><b>Security:</b> the limits are counted over the bytes actually read (compressed bytes from
 * the request, uncompressed bytes out of the inflater), never over the sizes or counts a zip
 * declares, and reading stops at the byte that crosses one ({@link BatchRefusedException}). A zip
 * inside a zip is checked as a file, not opened. Not thread-safe: one request, one instance.
 */
public final class BatchCheck {
  /** The verdicts the service answers, in the order the totals list them. */
  private static final List<Verdict> SERVICE_VERDICTS = List.of(Verdict.AUTHENTIC,
      Verdict.PIXELS_AUTHENTIC_HEADER_CHANGED, Verdict.MODIFIED, Verdict.UNVERIFIABLE, Verdict.UNKNOWN);
  private static final int MAX_NAME = 1000;

  private final VerificationService verifier;
  private final BatchLimits limits;
  private final Caller caller;
  private final List<BatchRow> rows = new ArrayList<>();
  private int files;
  private int folders;
  private long total;

  BatchCheck(VerificationService verifier, BatchLimits limits, Caller caller) {
    this.verifier = verifier;
    this.limits = limits;
    this.caller = caller;
  }

  /** Refuses the batch when {@code bytes}, the size of the request body's parts, is over the upload limit. */
  public void checkUploadSize(long bytes) {
    if (bytes > limits.maxUpload()) {
      throw uploadTooLarge();
    }
  }

  /** Verifies one file as sent; its name must be safe ({@link #safeName}). */
  public void file(String name, InputStream in) throws IOException {
    String shown = safeName(name);
    countFile();
    verifyOne(shown, new Counted(in, null, 0), null);
  }

  /**
   * Expands the zip {@code in} and verifies each file in it, named {@code prefix/entry} (or
   * {@code entry} without a prefix). With {@code countUpload}, the zip is the whole request body
   * and its compressed bytes count against the upload limit.
   */
  public void zip(String prefix, InputStream in, boolean countUpload) throws IOException {
    String shownPrefix = prefix == null ? null : safeName(prefix);
    Compressed compressed = new Compressed(in, countUpload ? limits.maxUpload() : Long.MAX_VALUE);
    int entries = 0;
    try (ZipInputStream zip = new ZipInputStream(compressed)) {
      ZipEntry entry;
      while ((entry = next(zip)) != null) {
        entries++;
        String name = safeName(entry.getName());
        if (entry.isDirectory()) {
          if (++folders > limits.maxFiles()) {
            throw new BatchRefusedException(TOO_MANY_FILES, limits.maxFiles(), "the zip lists more than "
                + limits.maxFiles() + " folders; nothing was kept");
          }
          continue;
        }
        countFile();
        String shown = shownPrefix == null ? name : shownPrefix + "/" + name;
        String note = name.toLowerCase(Locale.ROOT).endsWith(".zip")
            ? "a zip inside the zip is checked as a file, not opened" : null;
        verifyOne(shown, new Counted(zip, compressed, compressed.count), note);
      }
    }
    if (entries == 0) {
      throw new BatchRefusedException(MALFORMED_ZIP, -1, "the zip" + (shownPrefix == null ? "" : " '" + shownPrefix
          + "'") + " is not a zip archive, or holds no files; nothing was kept");
    }
  }

  /** The answer: every row in order, the totals per verdict and the number of errors. */
  public BatchReport report() {
    Map<String, Integer> totals = new LinkedHashMap<>();
    SERVICE_VERDICTS.forEach(v -> totals.put(v.name(), 0));
    int errors = 0;
    for (BatchRow row : rows) {
      if (row.verdict() == null) {
        errors++;
      } else {
        totals.merge(row.verdict().name(), 1, Integer::sum);
      }
    }
    return new BatchReport(rows.size(), totals, errors, List.copyOf(rows));
  }

  /** The number of files read so far. */
  public int files() {
    return files;
  }

  private void verifyOne(String name, Counted in, String note) throws IOException {
    Exhibit exhibit;
    try {
      exhibit = Exhibit.read(in, Long.MAX_VALUE);
    } catch (ZipException e) {
      // Damaged data inside one entry (a checksum or length that does not match): that file's
      // row says so; the next entry header is read as usual, and a zip broken there is refused.
      rows.add(BatchRow.failed(name, in.read, "the file inside the zip is damaged (its checksum or length does"
          + " not match) and was not checked"));
      return;
    }
    if (exhibit.size() == 0) {
      rows.add(BatchRow.failed(name, 0, "the file is empty; there is nothing to check"));
      return;
    }
    BatchRow row = BatchRow.checked(name, verifier.verify(exhibit, null).forCaller(caller));
    rows.add(note == null ? row : new BatchRow(row.name(), row.size(), row.sha256(), row.verdict(),
        row.summary() + " (" + note + ")", row.evidenceId(), null));
  }

  private void countFile() {
    if (++files > limits.maxFiles()) {
      throw new BatchRefusedException(TOO_MANY_FILES, limits.maxFiles(), "the batch holds more than "
          + limits.maxFiles() + " files; send at most " + limits.maxFiles() + " at once; nothing was kept");
    }
  }

  private static ZipEntry next(ZipInputStream zip) {
    try {
      return zip.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      // IllegalArgumentException: an entry name that is not valid UTF-8.
      throw new BatchRefusedException(MALFORMED_ZIP, -1, "the zip cannot be read (damaged, encrypted, or not a"
          + " zip archive); nothing was kept");
    }
  }

  /**
   * {@code name} when it is safe to show and to use as a path: no {@code ..} segment, not absolute,
   * no control characters, at most 1000 characters; refused otherwise (the whole batch, since a
   * zip that carries such a name was made to attack whatever unpacks it).
   */
  static String safeName(String name) {
    if (name == null || name.isEmpty()) {
      return "(unnamed)";
    }
    String problem = null;
    if (name.length() > MAX_NAME) {
      problem = "is longer than " + MAX_NAME + " characters";
    } else if (name.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0))) {
      problem = "holds control characters";
    } else if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
      problem = "is an absolute path";
    } else {
      for (String segment : name.split("[/\\\\]")) {
        if (segment.equals("..")) {
          problem = "has a '..' segment";
          break;
        }
      }
    }
    if (problem != null) {
      throw new BatchRefusedException(UNSAFE_NAME, -1, "a file name in the batch " + problem
          + "; such names are refused, nothing was kept");
    }
    return name;
  }

  private BatchRefusedException uploadTooLarge() {
    return new BatchRefusedException(UPLOAD_TOO_LARGE, limits.maxUpload(), "the batch upload exceeds the limit"
        + " of " + limits.maxUpload() + " bytes; nothing was kept");
  }

  /** The compressed bytes of a zip as they are read from the request. */
  private final class Compressed extends FilterInputStream {
    private final long limit;
    private long count;

    Compressed(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b != -1) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      add(skipped);
      return skipped;
    }

    private void add(long n) {
      count += n;
      if (count > limit) {
        throw uploadTooLarge();
      }
    }
  }

  /**
   * One file's uncompressed bytes as they are read: the file and total limits, and for a zip
   * entry its ratio against the compressed bytes read since the entry began (which include the
   * entry's header and a little read-ahead, so the ratio is if anything underestimated).
   */
  private final class Counted extends FilterInputStream {
    private final Compressed compressed;
    private final long compressedAtStart;
    private long read;

    Counted(InputStream in, Compressed compressed, long compressedAtStart) {
      super(in);
      this.compressed = compressed;
      this.compressedAtStart = compressedAtStart;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n == 1 ? one[0] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    @Override
    public long skip(long n) {
      return 0; // Exhibit.read never skips; nothing may pass uncounted
    }

    @Override
    public void close() {
      // A zip entry's stream is the zip's; the caller closes what it opened.
    }

    private void add(int n) {
      read += n;
      total += n;
      if (read > limits.maxFileSize()) {
        throw new BatchRefusedException(FILE_TOO_LARGE, limits.maxFileSize(), "a file in the batch is larger than"
            + " the limit of " + limits.maxFileSize() + " bytes (uncompressed); nothing was kept");
      }
      if (total > limits.maxTotalSize()) {
        throw new BatchRefusedException(TOTAL_TOO_LARGE, limits.maxTotalSize(), "the files of the batch together"
            + " are larger than the limit of " + limits.maxTotalSize() + " bytes (uncompressed); nothing was kept");
      }
      if (compressed != null && read > limits.ratioGrace()) {
        long packed = Math.max(1, compressed.count - compressedAtStart);
        if (read > packed * limits.maxRatio()) {
          throw new BatchRefusedException(COMPRESSION_RATIO, limits.maxRatio(), "a file in the zip expands more"
              + " than " + limits.maxRatio() + " times its compressed size (a zip bomb?); reading stopped there,"
              + " nothing was kept");
        }
      }
    }
  }
}
