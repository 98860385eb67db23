package org.evidencenotary.storage;

import java.io.IOException;
import java.io.InputStream;
import org.evidencenotary.format.Sha256;

/**
 * Write-once, content-addressed storage of notarized originals.
 *
 * <p>Guarantees of every implementation:
 *
 * <ul>
 *   <li>Objects are addressed by the SHA-256 of their bytes; an object is never overwritten.
 *   <li>An object is visible only once it is durable (on disk and synced, or acknowledged by the
 *       object store).
 *   <li>Every read re-hashes the bytes: {@link #verify} hashes the whole object, and the stream
 *       from {@link #open} throws {@link StorageIntegrityException} at its end if the bytes it
 *       delivered do not match. A corrupted object is reported, never passed off as good.
 * </ul>
 *
 * <p>Get one from {@link EvidenceStores}.
 */
public interface EvidenceStore {
  /** The kind of store; its text form is a short name, e.g. {@code filesystem}. */
  StoreKind kind();

  /**
   * Reads {@code in} to its end into a staging area, hashing in the same pass.
   *
   * @param maxBytes the most bytes accepted
   * @throws SizeLimitExceededException when {@code in} holds more than {@code maxBytes}; nothing
   *     is kept
   * @throws IOException when reading or staging fails; nothing is kept
   */
  StagedObject stage(InputStream in, long maxBytes) throws IOException;

  /** Whether an object is stored under {@code digest} (its bytes are not checked). */
  boolean contains(Sha256 digest) throws IOException;

  /** The store's address for {@code digest} (whether or not it is stored). */
  String address(Sha256 digest);

  /** The stored size of an object. */
  long size(Sha256 digest) throws IOException;

  /**
   * Hashes the whole stored object and compares it with its digest.
   *
   * @throws ObjectNotFoundException when nothing is stored under {@code digest}
   * @throws StorageIntegrityException when the bytes do not match
   */
  void verify(Sha256 digest) throws IOException;

  /**
   * Opens the stored object for reading. The stream re-hashes what it delivers and throws {@link
   * StorageIntegrityException} when it reaches the end and the bytes did not match. Callers that
   * must not emit a single bad byte call {@link #verify} first.
   *
   * @throws ObjectNotFoundException when nothing is stored under {@code digest}
   */
  InputStream open(Sha256 digest) throws IOException;

  /**
   * Checks that the store can be written to now (for health checks).
   *
   * @throws IOException saying why not
   */
  void checkWritable() throws IOException;
}
