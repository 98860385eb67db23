package org.evidencenotary.notary.verify;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import org.evidencenotary.storage.Sha256;
import org.evidencenotary.storage.SizeLimitExceededException;

/** An exhibit as verification sees it: its digest and length, from one streaming pass. */
public record Exhibit(Sha256 sha256, long size) {
  /** Hashes {@code in} to its end without keeping the bytes. */
  public static Exhibit read(InputStream in, long maxBytes) throws IOException {
    MessageDigest sha = Sha256.newMessageDigest();
    byte[] buffer = new byte[256 * 1024];
    long size = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      size += n;
      if (size > maxBytes) {
        throw new SizeLimitExceededException(maxBytes);
      }
      sha.update(buffer, 0, n);
    }
    return new Exhibit(Sha256.of(sha.digest()), size);
  }
}
