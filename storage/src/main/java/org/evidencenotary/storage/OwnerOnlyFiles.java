package org.evidencenotary.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Files and folders that only the service's own account may read: keys, records, staged images.
 * New files are created with mode 0600 and new folders with 0700, set at creation (never widened
 * first and narrowed later, so no other account can open them in between). The process umask can
 * only remove bits, so it never makes them wider.
 *
 * <p>On a file system without POSIX permissions (Windows' NTFS, FAT) nothing is set here: the
 * files inherit the folder's access list, and the operator restricts the data folder itself
 * (docs/operations.md).
 */
public final class OwnerOnlyFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final FileAttribute<?>[] FILE =
      POSIX
          ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
          }
          : new FileAttribute<?>[0];
  private static final FileAttribute<?>[] FOLDER =
      POSIX
          ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
          }
          : new FileAttribute<?>[0];

  private OwnerOnlyFiles() {}

  /** Whether the default file system has POSIX permissions (and modes are therefore set). */
  public static boolean posix() {
    return POSIX;
  }

  /**
   * The attribute that makes a new file 0600, for {@code Files.createFile} or {@code
   * FileChannel.open}; none where the file system has no POSIX permissions.
   */
  public static FileAttribute<?>[] file() {
    return FILE.clone();
  }

  /**
   * Creates {@code dir} and any missing parent with mode 0700. Folders that exist already keep
   * their mode.
   */
  public static Path createDirectories(Path dir) throws IOException {
    Objects.requireNonNull(dir, "dir");
    return Files.createDirectories(dir, FOLDER);
  }

  /**
   * Opens {@code file} for writing as a new file with mode 0600. A file already there (a temporary
   * file a crash left behind) is removed first, so that its mode is never inherited.
   */
  public static OutputStream overwrite(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Files.deleteIfExists(file);
    return Channels.newOutputStream(Files.newByteChannel(file,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), FILE));
  }

  /**
   * Sets the existing folder {@code dir} to mode 0700 when it grants anything to group or others.
   *
   * @return whether the mode was changed (never where the file system has no POSIX permissions)
   */
  public static boolean restrictFolder(Path dir) throws IOException {
    Objects.requireNonNull(dir, "dir");
    if (!POSIX) {
      return false;
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
    if (mode.equals(PosixFilePermissions.fromString("rwx------"))) {
      return false;
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    return true;
  }

  /** Creates the new, empty file {@code file} with mode 0600. */
  public static Path createFile(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return Files.createFile(file, FILE);
  }
}
