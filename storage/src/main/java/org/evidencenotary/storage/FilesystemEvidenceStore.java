package org.evidencenotary.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.UUID;

/** The embedded store: content-addressed files, synced and linked into place, never replaced. */
final class FilesystemEvidenceStore implements EvidenceStore {
  private static final int BUFFER = 256 * 1024;
  private static final System.Logger LOG = System.getLogger(FilesystemEvidenceStore.class.getName());

  private final Path root;
  private final Path staging;

  private FilesystemEvidenceStore(Path root) {
    this.root = root;
    this.staging = root.resolve(".staging");
  }

  static FilesystemEvidenceStore open(Path root) throws IOException {
    Objects.requireNonNull(root, "root");
    Path absolute = root.toAbsolutePath().normalize();
    Files.createDirectories(absolute.resolve("sha256"));
    Files.createDirectories(absolute.resolve(".staging"));
    FilesystemEvidenceStore store = new FilesystemEvidenceStore(absolute);
    store.clearStaging();
    return store;
  }

  /** Staged files left by a crash were never acknowledged: they are removed on open. */
  private void clearStaging() throws IOException {
    try (var files = Files.list(staging)) {
      for (Path leftover : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(leftover);
      }
    }
  }

  @Override
  public String kind() {
    return "filesystem";
  }

  @Override
  public String address(Sha256 digest) {
    String hex = digest.hex();
    return "sha256/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex;
  }

  private Path pathOf(Sha256 digest) {
    return root.resolve(address(digest));
  }

  @Override
  public StagedObject stage(InputStream in, long maxBytes) throws IOException {
    Objects.requireNonNull(in, "in");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
    Path tmp = staging.resolve(UUID.randomUUID() + ".part");
    MessageDigest sha = Sha256.newMessageDigest();
    long size = 0;
    boolean ok = false;
    try (FileChannel out =
        FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
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
      // Durable before it can be committed: the rename/link only publishes synced bytes.
      out.force(true);
      ok = true;
    } finally {
      if (!ok) {
        Files.deleteIfExists(tmp);
      }
    }
    return new Staged(tmp, Sha256.of(sha.digest()), size);
  }

  @Override
  public boolean contains(Sha256 digest) {
    return Files.isRegularFile(pathOf(digest));
  }

  @Override
  public long size(Sha256 digest) throws IOException {
    try {
      return Files.size(pathOf(digest));
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(digest);
    }
  }

  @Override
  public void verify(Sha256 digest) throws IOException {
    try (InputStream in = open(digest)) {
      in.transferTo(OutputStreamSink.INSTANCE);
    }
  }

  @Override
  public InputStream open(Sha256 digest) throws IOException {
    Path path = pathOf(digest);
    try {
      return new VerifyingInputStream(Files.newInputStream(path), digest, address(digest));
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(digest);
    }
  }

  @Override
  public void checkWritable() throws IOException {
    Path probe = staging.resolve("probe-" + UUID.randomUUID());
    try (FileChannel ch =
        FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {1}));
      ch.force(true);
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private final class Staged implements StagedObject {
    private final Path tmp;
    private final Sha256 digest;
    private final long size;
    private StoredObject committed;
    private boolean closed;

    Staged(Path tmp, Sha256 digest, long size) {
      this.tmp = tmp;
      this.digest = digest;
      this.size = size;
    }

    @Override
    public Sha256 digest() {
      return digest;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public synchronized StoredObject commit() throws IOException {
      if (committed != null) {
        return committed;
      }
      if (closed) {
        throw new IllegalStateException("staged object was discarded");
      }
      Path target = pathOf(digest);
      Files.createDirectories(target.getParent());
      boolean created;
      try {
        // A hard link fails when the target exists: publishing can never replace an object.
        Files.createLink(target, tmp);
        created = true;
      } catch (FileAlreadyExistsException e) {
        created = false;
      }
      Files.deleteIfExists(tmp);
      if (created) {
        makeReadOnly(target);
        syncDirectory(target.getParent());
        syncDirectory(target.getParent().getParent());
        syncDirectory(target.getParent().getParent().getParent());
      } else {
        // Same digest, so the same bytes, unless what is stored was damaged: check it.
        verify(digest);
      }
      committed = new StoredObject(digest, size, address(digest), created);
      return committed;
    }

    @Override
    public synchronized void rollback() throws IOException {
      if (committed == null || !committed.newlyStored()) {
        return;
      }
      Files.deleteIfExists(pathOf(digest));
      syncDirectory(pathOf(digest).getParent());
      LOG.log(System.Logger.Level.INFO, "rolled back object {0}", digest.hex());
      committed = null;
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "could not remove staged file " + tmp, e);
      }
    }
  }

  private static void makeReadOnly(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
    } catch (UnsupportedOperationException | IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not mark {0} read-only", file);
    }
  }

  /** Discards what is written to it; used to hash a whole stream through the verifying stream. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

}
