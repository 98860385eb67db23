package org.evidencenotary.storage;

import java.io.IOException;
import java.nio.file.Path;

/** Entry point: obtains {@link EvidenceStore} implementations. */
public final class EvidenceStores {
  private EvidenceStores() {}

  /**
   * A store on the local filesystem under {@code root} (created if missing). Objects live at
   * {@code sha256/ab/cd/<hex>}; incoming bytes are staged under {@code .staging} on the same
   * filesystem, synced, and linked into place so that an existing object is never replaced.
   */
  public static EvidenceStore filesystem(Path root) throws IOException {
    return FilesystemEvidenceStore.open(root);
  }
}
