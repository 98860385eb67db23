package org.evidencenotary.notary.evidence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.evidencenotary.format.Canonical;
import org.evidencenotary.format.EvidenceStatement;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.dicom.DicomScan;
import org.evidencenotary.notary.dicom.DicomScanner;
import org.evidencenotary.notary.identity.AcquisitionSigner;
import org.evidencenotary.notary.identity.IdentityRegistry;
import org.evidencenotary.notary.pki.NotaryIdentity;
import org.evidencenotary.storage.EvidenceStore;
import org.evidencenotary.storage.ObjectLabels;
import org.evidencenotary.storage.StagedObject;
import org.evidencenotary.storage.StoredObject;
import org.jboss.logging.Logger;

/**
 * Notarizes one submission, in this order (docs/architecture.md):
 *
 * <ol>
 *   <li>stream the bytes into the store's staging area, hashing in the same pass;
 *   <li>refuse empty input; return the earlier record for bytes already notarized;
 *   <li>build and sign the evidence statement;
 *   <li>commit the original to the store (durable, never overwriting);
 *   <li>write the record as {@code PENDING}: from here the item is accepted and will be anchored;
 *   <li>hand it to the anchoring worker and wait a bounded time for the anchor.
 * </ol>
 *
 * A failure before step 5 completes leaves nothing behind: the staged bytes are discarded and an
 * object this request stored is rolled back.
 */
@ApplicationScoped
public class EvidenceService {
  private static final Logger LOG = Logger.getLogger(EvidenceService.class);
  private static final Object[] LOCKS = new Object[64];

  static {
    for (int i = 0; i < LOCKS.length; i++) {
      LOCKS[i] = new Object();
    }
  }

  @Inject EvidenceStore store;
  @Inject EvidenceRepository repository;
  @Inject NotaryIdentity identity;
  @Inject IdentityRegistry identities;
  @Inject AcquisitionSigner acquisitionSigner;
  @Inject AnchorWorker worker;
  @Inject NotaryConfig config;
  @Inject DicomService dicom;
  @Inject Event<EvidenceAccepted> accepted;

  /** The largest accepted upload in bytes. */
  public long maxSize() {
    return config.ingest().maxSize().asLongValue();
  }

  public IngestResult ingest(InputStream body, Submission submission) throws IOException {
    return ingest(body, submission, true);
  }

  /**
   * Notarizes like {@link #ingest(InputStream, Submission)}; with {@code waitForAnchor} false it
   * returns as soon as the record is durably written ({@code PENDING}), as the DICOM C-STORE path
   * does (the anchor follows; the sender need not wait for the ledger).
   */
  public IngestResult ingest(InputStream body, Submission submission, boolean waitForAnchor) throws IOException {
    return ingest(body, submission, waitForAnchor, scan -> {});
  }

  /**
   * Notarizes like {@link #ingest(InputStream, Submission, boolean)}, and lets {@code admit} look at
   * the DICOM scan of the bytes (whether DICOM or not) once they are all received, before anything
   * is signed or stored: an exception it throws refuses the upload, leaves nothing behind and
   * reaches the caller. STOW-RS uses it to refuse an instance of another study than the one in the
   * request path.
   */
  public IngestResult ingest(InputStream body, Submission submission, boolean waitForAnchor, Consumer<DicomScan> admit)
      throws IOException {
    CompletableFuture<EvidenceRecord> anchored;
    EvidenceRecord record;
    boolean created;
    DicomScanner scanner = DicomScanner.create(); // DICOM hook: digests in the same pass as staging
    try (StagedObject staged = store.stage(scanner.tee(body), maxSize())) {
      if (staged.size() == 0) {
        throw new EmptyEvidenceException();
      }
      DicomScan scan = scanner.finish();
      admit.accept(scan);
      Optional<DicomService.Notarized> dicomPart = dicom.notarizable(scan, submission.mediaType());
      Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      String digest = staged.digest().hex();
      synchronized (LOCKS[Math.floorMod(digest.hashCode(), LOCKS.length)]) {
        Optional<EvidenceRecord> existing = repository.findByDigest(digest);
        if (existing.isPresent()) {
          record = existing.get();
          created = false;
          anchored = record.status() == EvidenceStatus.ANCHORED
              ? CompletableFuture.completedFuture(record)
              : worker.submit(record.id());
        } else {
          record = notarize(staged, submission, receivedAt, dicomPart.orElse(null));
          created = true;
          anchored = worker.submit(record.id());
        }
      }
    }
    return new IngestResult(waitForAnchor ? await(anchored, record) : record, created);
  }

  private EvidenceRecord notarize(StagedObject staged, Submission s, Instant receivedAt, DicomService.Notarized dicomPart)
      throws IOException {
    String id = UUID.randomUUID().toString();
    EvidenceStatement statement =
        new EvidenceStatement(
            EvidenceStatement.TYPE,
            id,
            staged.digest().hex(),
            staged.size(),
            s.mediaType(),
            s.fileName(),
            s.caseReference(),
            s.description(),
            receivedAt.toString(),
            s.submitter(),
            new EvidenceStatement.NotaryRef(identity.serviceSubject(), identity.serviceCertificateSha256()),
            dicomPart == null ? null : dicomPart.evidence(),
            s.submittedBy());
    byte[] canonical = Canonical.bytes(statement);
    byte[] signature = identity.sign(canonical);
    String referenceHash = s.caseReference() == null ? null : identity.referenceHash(s.caseReference());
    // The acquiring technologist's or device's own signature over the exact bytes (their digest,
    // computed while streaming) and the statement; a revoked or unknown signer fails the request
    // here, before anything is stored.
    String acquisition = null;
    if (s.signer() != null) {
      IdentityRegistry.SigningKey key = identities.signingKey(s.signer());
      acquisition = Base64.getEncoder().encodeToString(acquisitionSigner.sign(
          staged.digest(), Sha256.digest(canonical), key.key(), key.chain()));
    }

    StoredObject stored = staged.commit(new ObjectLabels(s.mediaType(), id));
    EvidenceRecord record =
        new EvidenceRecord(
            id,
            stored.digest().hex(),
            stored.size(),
            s.mediaType(),
            statement,
            Sha256.digest(canonical).hex(),
            referenceHash,
            Base64.getEncoder().encodeToString(signature),
            store.kind().text(),
            stored.address(),
            EvidenceStatus.PENDING,
            null,
            null,
            0,
            null,
            dicomPart == null ? null : dicomPart.attributes(),
            acquisition,
            s.signer());
    try {
      repository.create(record);
    } catch (IOException | RuntimeException e) {
      LOG.errorf("Could not record evidence %s (%s); rolling back its stored object", id, e.getMessage());
      try {
        staged.rollback();
      } catch (IOException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
    dicom.indexed(record);
    accepted.fire(new EvidenceAccepted(record));
    LOG.infof("Accepted evidence %s: sha256 %s, %d bytes, %s", id, record.sha256(), record.size(), record.mediaType());
    return record;
  }

  private EvidenceRecord await(CompletableFuture<EvidenceRecord> anchored, EvidenceRecord current) {
    Duration wait = config.ingest().anchorWait();
    try {
      return anchored.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return repository.findById(current.id()).orElse(current);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return current;
    } catch (ExecutionException e) {
      return repository.findById(current.id()).orElse(current);
    }
  }

  public EvidenceRecord get(String id) {
    return repository.findById(id).orElseThrow(() -> new EvidenceNotFoundException(id));
  }
}
