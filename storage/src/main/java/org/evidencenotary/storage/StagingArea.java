package org.evidencenotary.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.evidencenotary.format.Sha256;

/**
 * Local temp files for incoming bytes, hashed in the same pass, for stores whose objects live
 * elsewhere. A staged file is private to one upload (mode 0600) and deleted once committed or
 * discarded.
 */
final class StagingArea {
  private static final int BUFFER = 256 * 1024;
  private static final String PART = ".part";
  private static final System.Logger LOG = System.getLogger(StagingArea.class.getName());

  private final Path dir;

  private StagingArea(Path dir) {
    this.dir = dir;
  }

  /** Opens (creating) {@code dir}; files left by a crash were never acknowledged and are removed. */
  static StagingArea open(Path dir) throws IOException {
    Objects.requireNonNull(dir, "dir");
    Path absolute = dir.toAbsolutePath().normalize();
    OwnerOnlyFiles.createDirectories(absolute);
    try (var files = Files.list(absolute)) {
      for (Path leftover : (Iterable<Path>) files::iterator) {
        if (leftover.getFileName().toString().endsWith(PART)) {
          Files.deleteIfExists(leftover);
        }
      }
    }
    return new StagingArea(absolute);
  }

  Staged stage(InputStream in, long maxBytes) throws IOException {
    return stage(in, maxBytes, false);
  }

  /**
   * Reads {@code in} to its end into a new staged file, hashing in the same pass.
   *
   * @param durable sync the file before returning, for stores that publish the staged file itself
   * @throws SizeLimitExceededException past {@code maxBytes}; the partial file is removed
   */
  Staged stage(InputStream in, long maxBytes, boolean durable) throws IOException {
    Objects.requireNonNull(in, "in");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
    Path tmp = dir.resolve(UUID.randomUUID() + PART);
    MessageDigest sha = Sha256.newMessageDigest();
    long size = 0;
    boolean ok = false;
    try (FileChannel out = FileChannel.open(tmp,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnlyFiles.file())) {
      byte[] buf = new byte[BUFFER];
      ByteBuffer wrap = ByteBuffer.wrap(buf);
      int n;
      while ((n = in.read(buf)) != -1) {
        size += n;
        if (size > maxBytes) {
          throw new SizeLimitExceededException(maxBytes);
        }
        sha.update(buf, 0, n);
        wrap.clear().limit(n);
        while (wrap.hasRemaining()) {
          out.write(wrap);
        }
      }
      if (durable) {
        out.force(true);
      }
      ok = true;
    } finally {
      if (!ok) {
        Files.deleteIfExists(tmp);
      }
    }
    return new Staged(tmp, Sha256.of(sha.digest()), size);
  }

  /** A scratch file name in the staging folder that the next open clears if it is left behind. */
  Path scratch(String prefix) {
    return dir.resolve(prefix + UUID.randomUUID() + PART);
  }

  /** One staged file. */
  static final class Staged {
    private final Path path;
    private final Sha256 digest;
    private final long size;

    private Staged(Path path, Sha256 digest, long size) {
      this.path = path;
      this.digest = digest;
      this.size = size;
    }

    Sha256 digest() {
      return digest;
    }

    long size() {
      return size;
    }

    Path path() {
      return path;
    }

    InputStream open() throws IOException {
      return Files.newInputStream(path);
    }

    /** Removes the file; never throws. */
    void delete() {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "could not remove staged file " + path, e);
      }
    }
  }
}
