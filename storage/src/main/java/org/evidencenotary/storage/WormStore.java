package org.evidencenotary.storage;

import java.io.IOException;
import org.evidencenotary.format.Sha256;

/**
 * An {@link EvidenceStore} that keeps objects write-once-read-many: every stored object is under a
 * retention period (COMPLIANCE mode: nobody, not even an administrator, can delete or shorten it)
 * and can additionally be frozen by a legal hold, for example while a court case runs.
 *
 * <p>Deletion exists only for objects whose protection has ended; while retention or a legal hold
 * is in force it throws {@link ObjectRetainedException}, which callers must not retry.
 */
public interface WormStore extends EvidenceStore {
  /**
   * The retention and legal hold of the stored object.
   *
   * @throws ObjectNotFoundException when nothing is stored under {@code digest}
   */
  ObjectRetention retention(Sha256 digest) throws IOException;

  /**
   * Sets ({@code true}) or releases ({@code false}) the legal hold of the stored object. Releasing
   * leaves the retention period in force.
   *
   * @throws ObjectNotFoundException when nothing is stored under {@code digest}
   */
  void legalHold(Sha256 digest, boolean on) throws IOException;

  /**
   * Deletes the stored version of the object.
   *
   * @throws ObjectRetainedException while retention or a legal hold protects it (not retried)
   * @throws ObjectNotFoundException when nothing is stored under {@code digest}
   */
  void delete(Sha256 digest) throws IOException;
}
