package org.evidencenotary.storage;

import java.io.IOException;
import org.evidencenotary.format.Sha256;

/**
 * Bytes received and hashed but not yet stored. Nothing is visible in the store until {@link
 * #commit()}; {@link #close()} throws the staged bytes away unless they were committed.
 */
public interface StagedObject extends AutoCloseable {
  /** SHA-256 of the staged bytes, computed while they streamed in. */
  Sha256 digest();

  /** Number of staged bytes. */
  long size();

  /**
   * Stores the bytes durably under their digest. When the store already holds an object with this
   * digest (same digest, same bytes) the existing object is checked and kept, and the result says
   * {@code newlyStored=false}.
   *
   * @throws StorageIntegrityException when the existing object does not match its digest
   * @throws StorageException when the bytes cannot be made durable; nothing is left behind
   */
  StoredObject commit() throws IOException;

  /**
   * As {@link #commit()}, and keeps {@code labels} beside a newly stored object where the store
   * can (the MinIO store writes them as object metadata; the filesystem store ignores them).
   */
  default StoredObject commit(ObjectLabels labels) throws IOException {
    return commit();
  }

  /**
   * Undoes a {@link #commit()} of this staging whose notarization then failed, before anything
   * referenced the object. Only an object this staging newly stored is removed. Stores that keep
   * objects under retention (WORM) cannot remove them and throw {@link ObjectRetainedException}
   * (after logging the orphan); the object then stays, unreferenced, until its retention ends.
   */
  void rollback() throws IOException;

  /** Discards the staged bytes if they were not committed. Never throws. */
  @Override
  void close();
}
