package org.evidencenotary.notary.evidence;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * The one place, {@code <data>/tmp}, for every file a request writes before the object store has
 * its bytes, and for copies of originals made to be sent: raw and STOW-RS uploads and C-STORE data
 * sets being staged ({@code staging}), multipart parts spooled by the HTTP layer ({@code uploads}),
 * DICOM-signed copies ({@code dicom-signed}) and copies on their way to a PACS ({@code
 * dicom-forward}).
 *
 * <p>Nothing there was ever acknowledged: a file outlives its request only when the process died.
 * So at start, before the HTTP and DICOM listeners open (this observer runs first; Quarkus opens
 * the HTTP port after the start-up observers), the folder is emptied. A data folder therefore
 * belongs to one running service; two services must never share one.
 */
@ApplicationScoped
public class TemporaryFolder {
  private static final Logger LOG = Logger.getLogger(TemporaryFolder.class);
  /** Runs before every other start-up observer, among them the DICOM listener. */
  static final int FIRST = 1;

  /** Where earlier versions kept these files, emptied and removed at start. */
  private static final List<String> EARLIER_PLACES =
      List.of("uploads", "staging", "dicom-signed", "dicom-incoming", "objects/.staging", "dicom-forward/outgoing");

  private final Path data;
  private final Path root;

  @Inject
  public TemporaryFolder(NotaryConfig config) {
    this.data = config.dataDir().toAbsolutePath().normalize();
    this.root = data.resolve("tmp");
  }

  @ConfigProperty(name = "quarkus.http.body.uploads-directory")
  Optional<String> uploadsSetting;

  /** The folder itself. */
  public Path root() {
    return root;
  }

  /** The object store's staging area. */
  public Path staging() {
    return root.resolve("staging");
  }

  /** Multipart parts the HTTP layer spools (quarkus.http.body.uploads-directory). */
  public Path uploads() {
    return root.resolve("uploads");
  }

  /** DICOM-signed copies while they are sent. */
  public Path signedCopies() {
    return root.resolve("dicom-signed");
  }

  /** Copies of originals while they are sent to a PACS. */
  public Path forwardCopies() {
    return root.resolve("dicom-forward");
  }

  void clean(@Observes @Priority(FIRST) StartupEvent event) {
    requireUploadsInside();
    try {
      OwnerOnlyFiles.createDirectories(data);
      Removed removed = new Removed();
      if (Files.isDirectory(root)) {
        empty(root, removed);
      }
      for (String earlier : EARLIER_PLACES) {
        Path place = data.resolve(earlier);
        if (Files.isDirectory(place)) {
          empty(place, removed);
          Files.delete(place);
        }
      }
      for (Path sub : List.of(staging(), uploads(), signedCopies(), forwardCopies())) {
        OwnerOnlyFiles.createDirectories(sub);
      }
      // The HTTP layer makes its uploads folder (and so the data folder, on a first start) before
      // any start-up code runs, with the default mode: both are narrowed here.
      for (Path folder : List.of(data, root, uploads())) {
        if (OwnerOnlyFiles.restrictFolder(folder)) {
          LOG.infof("Made %s readable by this account only (mode 0700): it holds keys and patient images", folder);
        }
      }
      if (removed.files > 0) {
        // Counts only: the names may carry nothing, but the contents are patient images.
        LOG.infof("Removed %d temporary file(s), %d bytes, that requests cut short by a stop left in %s",
            removed.files, removed.bytes, root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty the temporary folder " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * The HTTP layer's multipart spool must be inside this folder, or start-up would not clean it.
   */
  private void requireUploadsInside() {
    Path configured = uploadsSetting.map(s -> Path.of(s).toAbsolutePath().normalize()).orElse(null);
    if (configured == null || !configured.equals(uploads())) {
      throw new ConfigurationException("quarkus.http.body.uploads-directory is " + configured + "; it must be "
          + uploads() + " (<notary.data-dir>/tmp/uploads), the folder that start-up empties");
    }
  }

  /** Deletes everything inside {@code dir} (never following a link out of it), keeping {@code dir}. */
  private static void empty(Path dir, Removed removed) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        removed.files++;
        removed.bytes += attrs.isRegularFile() ? attrs.size() : 0;
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        if (!d.equals(dir)) {
          Files.delete(d);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static final class Removed {
    long files;
    long bytes;
  }
}
