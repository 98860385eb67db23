package org.evidencenotary.notary.dicom;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Looks at a file's bytes as they stream past and says, at the end, whether they are a DICOM Part
 * 10 file, and if so its header attributes and its Pixel Data digests ({@link DicomScan}). Feed it
 * with {@link #update} or let {@link #tee} feed it while something else reads the stream, so that
 * storing, the file digest and the DICOM digests share one pass over the bytes.
 *
 * <pre>{@code
 * DicomScanner scanner = DicomScanner.create();
 * StagedObject staged = store.stage(scanner.tee(body), max);
 * DicomScan scan = scanner.finish();
 * }</pre>
 *
 * <p>Security: the scanner is for untrusted input. It checks every element length against a bound
 * (at most {@link #MAX_HEADER_BYTES} before Pixel Data) before anything is kept, and hands the
 * header to the attribute parser only after the whole file proved well-formed.
 */
public interface DicomScanner {
  /** The most bytes kept in memory: everything before Pixel Data must fit. */
  int MAX_HEADER_BYTES = 16 * 1024 * 1024;

  /** A scanner for one stream. */
  static DicomScanner create() {
    return new StreamingDicomScanner(PixelMedHeaderReader.INSTANCE, MAX_HEADER_BYTES);
  }

  /** Feeds the next bytes of the file. Never throws: a malformed file is reported by {@link #finish}. */
  void update(byte[] b, int off, int len);

  /** What the bytes fed so far are, once they are all fed. */
  DicomScan finish();

  /** A stream that feeds this scanner with every byte read through it. */
  default InputStream tee(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          update(new byte[] {(byte) b}, 0, 1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          update(b, off, n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        // Skipped bytes must still be seen: read them instead.
        byte[] buffer = new byte[8192];
        long done = 0;
        while (done < n) {
          int r = read(buffer, 0, (int) Math.min(buffer.length, n - done));
          if (r < 0) {
            break;
          }
          done += r;
        }
        return done;
      }
    };
  }
}
