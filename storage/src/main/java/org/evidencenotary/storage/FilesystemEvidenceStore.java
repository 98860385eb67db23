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
import java.util.Objects;
import org.evidencenotary.format.Sha256;

/** The embedded store: content-addressed files, synced and linked into place, never replaced. */
final class FilesystemEvidenceStore implements EvidenceStore {
  private static final System.Logger LOG = System.getLogger(FilesystemEvidenceStore.class.getName());

  private final Path root;
  private final StagingArea staging;

  private FilesystemEvidenceStore(Path root, StagingArea staging) {
    this.root = root;
    this.staging = staging;
  }

  /** Staged files left by a crash were never acknowledged: opening the staging area removes them. */
  static FilesystemEvidenceStore open(Path root) throws IOException {
    Objects.requireNonNull(root, "root");
    return open(root, root.toAbsolutePath().normalize().resolve(".staging"));
  }

  /**
   * A store under {@code root} whose incoming bytes are staged in {@code staging}, which must be on
   * the same file system: a staged file is published by a hard link, never by a copy.
   *
   * @throws StorageConfigurationException when {@code staging} is on another file system
   */
  static FilesystemEvidenceStore open(Path root, Path staging) throws IOException {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(staging, "staging");
    Path absolute = root.toAbsolutePath().normalize();
    OwnerOnlyFiles.createDirectories(absolute.resolve("sha256"));
    StagingArea area = StagingArea.open(staging);
    if (!Files.getFileStore(absolute).equals(Files.getFileStore(staging))) {
      throw new StorageConfigurationException("the staging folder " + staging.toAbsolutePath().normalize()
          + " is on another file system than the object store " + absolute + "; objects are published by a"
          + " hard link, so both must be on the same one");
    }
    return new FilesystemEvidenceStore(absolute, area);
  }

  @Override
  public StoreKind kind() {
    return StoreKind.FILESYSTEM;
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
    // Durable before it can be committed: the link only publishes synced bytes.
    return new Staged(staging.stage(in, maxBytes, true));
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
    Path probe = staging.scratch("probe-");
    try (FileChannel ch =
        FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {1}));
      ch.force(true);
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  private final class Staged implements StagedObject {
    private final StagingArea.Staged file;
    private StoredObject committed;
    private boolean closed;

    Staged(StagingArea.Staged file) {
      this.file = file;
    }

    @Override
    public Sha256 digest() {
      return file.digest();
    }

    @Override
    public long size() {
      return file.size();
    }

    @Override
    public synchronized StoredObject commit() throws IOException {
      if (committed != null) {
        return committed;
      }
      if (closed) {
        throw new IllegalStateException("staged object was discarded");
      }
      Path target = pathOf(file.digest());
      OwnerOnlyFiles.createDirectories(target.getParent());
      boolean created;
      try {
        // A hard link fails when the target exists: publishing can never replace an object.
        Files.createLink(target, file.path());
        created = true;
      } catch (FileAlreadyExistsException e) {
        created = false;
      }
      Files.deleteIfExists(file.path());
      if (created) {
        makeReadOnly(target);
        DurableFiles.syncDirectory(target.getParent());
        DurableFiles.syncDirectory(target.getParent().getParent());
        DurableFiles.syncDirectory(target.getParent().getParent().getParent());
      } else {
        // Same digest, so the same bytes, unless what is stored was damaged: check it.
        verify(file.digest());
      }
      committed = new StoredObject(file.digest(), file.size(), address(file.digest()), created);
      return committed;
    }

    @Override
    public synchronized void rollback() throws IOException {
      if (committed == null || !committed.newlyStored()) {
        return;
      }
      Files.deleteIfExists(pathOf(file.digest()));
      DurableFiles.syncDirectory(pathOf(file.digest()).getParent());
      LOG.log(System.Logger.Level.INFO, "rolled back object {0}", file.digest().hex());
      committed = null;
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      file.delete();
    }
  }

  private static void makeReadOnly(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
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
