package org.evidencenotary.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Small files written whole or not at all, and on disk before the call returns: records,
 * identities, manifests. Each write goes to a temporary file beside the target ({@code *.tmp}),
 * synced, then put in place, and the folder synced. Files are created with mode 0600 ({@link
 * OwnerOnlyFiles}).
 */
public final class DurableFiles {
  private static final String TEMPORARY = ".tmp";

  private DurableFiles() {}

  /**
   * Writes {@code bytes} to {@code target}, replacing what was there: a crash leaves the old
   * content or the new, never a mix.
   */
  public static void replace(Path target, byte[] bytes) throws IOException {
    Path tmp = writeTemporary(target, bytes);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(target.toAbsolutePath().getParent());
  }

  /**
   * Writes {@code bytes} to a new file {@code target} (a hard link to the synced temporary file,
   * so the target appears whole or not at all).
   *
   * @throws java.nio.file.FileAlreadyExistsException when {@code target} exists; it is left as it was
   */
  public static void create(Path target, byte[] bytes) throws IOException {
    Path tmp = writeTemporary(target, bytes);
    try {
      Files.createLink(target, tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(target.toAbsolutePath().getParent());
  }

  /** Deletes {@code target} if it exists, and syncs its folder. */
  public static void delete(Path target) throws IOException {
    Files.deleteIfExists(target);
    syncDirectory(target.toAbsolutePath().getParent());
  }

  /**
   * The files in {@code dir} whose names end in {@code suffix}, in name order, after deleting the
   * temporary files of writes a crash interrupted.
   */
  public static List<Path> list(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.sorted().toList();
      for (Path file : all) {
        if (file.getFileName().toString().endsWith(TEMPORARY)) {
          Files.delete(file);
        }
      }
      return all.stream().filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
    }
  }

  /** Makes the folder's entries (new, renamed or deleted names) durable. */
  public static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static Path writeTemporary(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + TEMPORARY);
    try (FileChannel ch = FileChannel.open(tmp,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnlyFiles.file())) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }
}
