package org.evidencenotary.notary.evidence;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.evidencenotary.chaincode.core.AnchorRequest;
import org.evidencenotary.notary.config.LedgerConfig;
import org.evidencenotary.notary.ledger.AnchorResult;
import org.evidencenotary.notary.ledger.Ledger;
import org.evidencenotary.notary.ledger.LedgerConfigurationException;
import org.evidencenotary.notary.ledger.LedgerKind;
import org.evidencenotary.notary.ledger.LedgerUnavailableException;
import org.jboss.logging.Logger;

/**
 * Anchors accepted evidence, in batches, from the durable queue of {@code PENDING} records.
 *
 * <p>Exactly once: the rules never anchor a digest twice, so a crash between the ledger write and
 * the record update only means the next attempt finds the existing anchor and records it. A
 * failed attempt keeps the record {@code PENDING} and retries with a growing delay (capped at
 * 10 s); nothing accepted is dropped.
 *
 * <p>A batch is what is queued when the worker wakes, plus what arrives within {@code
 * notary.ledger.max-wait} of its first item, up to {@code notary.ledger.max-items}: one block on
 * the embedded ledger, one transaction on Fabric.
 */
@ApplicationScoped
public class AnchorWorker {
  private static final Logger LOG = Logger.getLogger(AnchorWorker.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  @Inject Ledger ledger;
  @Inject EvidenceRepository repository;
  @Inject LedgerConfig config;

  private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final Map<String, CompletableFuture<EvidenceRecord>> waiters = new ConcurrentHashMap<>();
  private volatile Thread thread;
  private volatile boolean running;
  private Duration maxWait = Duration.ZERO;
  private int maxItems = 1;

  void start(@Observes StartupEvent event) {
    maxWait = config.maxWait().orElse(ledger.batchWait());
    maxItems = config.maxItems().orElse(ledger.batchItems());
    if (maxItems < 1 || maxWait.isNegative()) {
      throw new LedgerConfigurationException("notary.ledger.max-items must be at least 1 and notary.ledger.max-wait"
          + " not negative (they are " + maxItems + " and " + maxWait + ")");
    }
    checkAnchoredRecordsAreOnTheLedger();
    List<EvidenceRecord> pending = repository.pending();
    pending.forEach(r -> queue.add(r.id()));
    if (!pending.isEmpty()) {
      LOG.infof("Resuming anchoring of %d accepted but not yet anchored items", pending.size());
    }
    running = true;
    thread = new Thread(this::run, "anchor-worker");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * A record that says ANCHORED must find its anchor on the ledger, at the same transaction. If
   * not, the ledger was truncated or replaced (each block still chains, but blocks are missing):
   * refuse to start rather than keep issuing proofs against it.
   */
  private void checkAnchoredRecordsAreOnTheLedger() {
    List<EvidenceRecord> all = repository.anchored();
    Optional<LedgerKind> thisLedger = Optional.of(ledger.kind());
    List<EvidenceRecord> anchored =
        all.stream().filter(r -> LedgerKind.of(r.anchor().ledger()).equals(thisLedger)).toList();
    if (anchored.size() < all.size()) {
      // Anchored before a switch of ledger: their proofs name the other ledger and stay checkable
      // offline; this ledger has never seen them.
      LOG.warnf("%d evidence records were anchored on another ledger than this %s one; they are not checked"
          + " against it", all.size() - anchored.size(), ledger.kind());
    }
    if (anchored.size() > ledger.recordsToRecheckAtStart()) {
      anchored = anchored.stream()
          .sorted(Comparator.comparing((EvidenceRecord r) -> r.statement().receivedAt()).reversed())
          .limit(ledger.recordsToRecheckAtStart())
          .toList();
    }
    long missing = 0;
    String example = null;
    for (EvidenceRecord record : anchored) {
      boolean found;
      try {
        found = ledger.find(record.sha256())
            .map(e -> e.location().transactionId().equals(record.anchor().transactionId()))
            .orElse(false);
      } catch (LedgerUnavailableException e) {
        // Do not refuse to start because the ledger is away: accepted items wait as PENDING.
        LOG.warnf("The %s ledger does not answer at start (%s); anchored records are not re-checked now",
            ledger.kind(), e.getMessage());
        return;
      }
      if (!found) {
        missing++;
        example = example == null ? record.id() : example;
      }
    }
    if (missing > 0) {
      String message = "LEDGER INTEGRITY FAILURE: " + missing + " evidence records say they are anchored but the"
          + " ledger does not hold their anchor (for example evidence " + example + "). The block log was"
          + " truncated or replaced; restore it from a backup. The service will not run on it.";
      LOG.error(message);
      throw new IllegalStateException(message);
    }
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    running = false;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      t.join(10_000);
    }
  }

  /** Queues a stored, recorded item for anchoring; the future completes once it is anchored. */
  public CompletableFuture<EvidenceRecord> submit(String evidenceId) {
    CompletableFuture<EvidenceRecord> future = waiters.computeIfAbsent(evidenceId, k -> new CompletableFuture<>());
    queue.add(evidenceId);
    return future;
  }

  /** Number of items waiting to be anchored. */
  public int backlog() {
    return queue.size();
  }

  private void run() {
    long backoffMillis = 0;
    while (running) {
      try {
        if (backoffMillis > 0) {
          Thread.sleep(backoffMillis);
        }
        String first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        backoffMillis = anchorBatch(collect(first)) ? 0 : nextBackoff(backoffMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("anchoring worker hit an unexpected error; it keeps running", e);
        backoffMillis = nextBackoff(backoffMillis);
      }
    }
  }

  /**
   * The batch that starts with {@code first}: whatever else is queued, and what arrives within
   * max-wait of it, up to max-items distinct items.
   */
  private Set<String> collect(String first) throws InterruptedException {
    Set<String> batch = new LinkedHashSet<>();
    batch.add(first);
    long deadline = System.nanoTime() + maxWait.toNanos();
    List<String> more = new ArrayList<>();
    while (batch.size() < maxItems) {
      more.clear();
      queue.drainTo(more, maxItems - batch.size());
      batch.addAll(more);
      long left = deadline - System.nanoTime();
      if (batch.size() >= maxItems || left <= 0) {
        break;
      }
      String next = queue.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        break;
      }
      batch.add(next);
    }
    return batch;
  }

  private static long nextBackoff(long current) {
    return Math.min(MAX_BACKOFF.toMillis(), current == 0 ? 200 : current * 2);
  }

  /** Returns false when the ledger failed and the batch was put back. */
  private boolean anchorBatch(Set<String> ids) {
    List<EvidenceRecord> records = new ArrayList<>();
    for (String id : ids) {
      Optional<EvidenceRecord> record = repository.findById(id);
      if (record.isEmpty()) {
        continue; // rolled back before it was acknowledged
      }
      if (record.get().status() == EvidenceStatus.ANCHORED) {
        complete(record.get());
      } else {
        records.add(record.get());
      }
    }
    if (records.isEmpty()) {
      return true;
    }
    List<AnchorRequest> requests = records.stream().map(AnchorWorker::requestOf).toList();
    List<AnchorResult> results;
    try {
      results = ledger.anchor(requests);
    } catch (RuntimeException e) {
      LOG.warnf("Ledger unavailable, %d items stay PENDING and will be retried: %s", records.size(), e.getMessage());
      for (EvidenceRecord r : records) {
        recordFailure(r, "ledger unavailable: " + e.getMessage());
      }
      queue.addAll(records.stream().map(EvidenceRecord::id).toList());
      return false;
    }
    for (int i = 0; i < records.size(); i++) {
      EvidenceRecord record = records.get(i);
      AnchorResult result = results.get(i);
      if (result.refusal() != null) {
        // A refusal is final for this request as it stands; it stays PENDING and visible.
        LOG.errorf("Ledger rules refused evidence %s: %s %s", record.id(),
            result.refusal().code(), result.refusal().getMessage());
        recordFailure(record, result.refusal().code() + ": " + result.refusal().getMessage());
        continue;
      }
      if (!result.entry().anchor().evidenceId().equals(record.id())) {
        LOG.warnf("Digest %s was already anchored as evidence %s; evidence %s records that anchor",
            record.sha256(), result.entry().anchor().evidenceId(), record.id());
      }
      EvidenceRecord anchored = record.anchored(result.entry());
      try {
        repository.update(anchored);
        complete(anchored);
      } catch (IOException e) {
        LOG.warnf("Evidence %s is anchored but its record could not be updated (%s); retrying", record.id(), e.getMessage());
        queue.add(record.id());
      }
    }
    return true;
  }

  private void recordFailure(EvidenceRecord record, String error) {
    try {
      repository.update(record.failedAttempt(error));
    } catch (IOException e) {
      LOG.warnf("could not note the failed attempt on evidence %s: %s", record.id(), e.getMessage());
    }
  }

  private void complete(EvidenceRecord record) {
    CompletableFuture<EvidenceRecord> waiter = waiters.remove(record.id());
    if (waiter != null) {
      waiter.complete(record);
    }
  }

  static AnchorRequest requestOf(EvidenceRecord r) {
    String pixels = r.statement().dicom() == null ? null : r.statement().dicom().pixelDataSha256();
    return new AnchorRequest(
        r.sha256(), r.id(), r.statementSha256(), r.referenceHash(), r.size(), r.mediaType(), pixels);
  }
}
