package org.evidencenotary.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.evidencenotary.format.Sha256;

/**
 * Hashes what it delivers; at the end of the stream compares with the expected digest and throws
 * {@link StorageIntegrityException} instead of reporting a clean end when they differ.
 */
final class VerifyingInputStream extends FilterInputStream {
  private final MessageDigest sha = Sha256.newMessageDigest();
  private final Sha256 expected;
  private final String address;
  private boolean checked;

  VerifyingInputStream(InputStream in, Sha256 expected, String address) {
    super(in);
    this.expected = expected;
    this.address = address;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b == -1) {
      atEnd();
    } else {
      sha.update((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n == -1) {
      atEnd();
    } else {
      sha.update(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipping would bypass the hash; read and discard instead.
    byte[] buf = new byte[8192];
    long done = 0;
    while (done < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r == -1) {
        break;
      }
      done += r;
    }
    return done;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void atEnd() throws StorageIntegrityException {
    if (checked) {
      return;
    }
    checked = true;
    byte[] found = sha.digest();
    if (!MessageDigest.isEqual(found, expected.bytes())) {
      throw new StorageIntegrityException(expected, HexFormat.of().formatHex(found), address);
    }
  }
}
