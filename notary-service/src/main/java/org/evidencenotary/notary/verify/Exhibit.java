package org.evidencenotary.notary.verify;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.dicom.DicomScan;
import org.evidencenotary.notary.dicom.DicomScanner;
import org.evidencenotary.notary.evidence.EmptyEvidenceException;
import org.evidencenotary.storage.SizeLimitExceededException;

/**
 * An exhibit as verification sees it: its digest and length and, for a DICOM file, its header and
 * Pixel Data digests, all from one streaming pass.
 */
public record Exhibit(Sha256 sha256, long size, DicomScan dicom) {
  public Exhibit(Sha256 sha256, long size) {
    this(sha256, size, null);
  }

  /** Hashes {@code in} to its end without keeping the bytes (beyond a DICOM header). */
  public static Exhibit read(InputStream in, long maxBytes) throws IOException {
    MessageDigest sha = Sha256.newMessageDigest();
    DicomScanner scanner = DicomScanner.create();
    byte[] buffer = new byte[256 * 1024];
    long size = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      size += n;
      if (size > maxBytes) {
        throw new SizeLimitExceededException(maxBytes);
      }
      sha.update(buffer, 0, n);
      scanner.update(buffer, 0, n);
    }
    return new Exhibit(Sha256.of(sha.digest()), size, scanner.finish());
  }

  /**
   * An exhibit sent to be checked, read as {@link #read} does; an empty one is refused, since
   * nothing can be said about no bytes.
   *
   * @throws EmptyEvidenceException when {@code in} holds no byte
   */
  public static Exhibit readNonEmpty(InputStream in, long maxBytes) throws IOException {
    Exhibit exhibit = read(in, maxBytes);
    if (exhibit.size() == 0) {
      throw new EmptyEvidenceException();
    }
    return exhibit;
  }

  /** Whether the exhibit is a well-formed DICOM instance. */
  public boolean isDicom() {
    return dicom != null && dicom.isDicom();
  }
}
