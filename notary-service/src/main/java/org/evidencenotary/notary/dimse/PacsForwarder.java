package org.evidencenotary.notary.dimse;

import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.network.Association;
import com.pixelmed.network.MultipleInstanceTransferStatusHandlerWithFileName;
import com.pixelmed.network.StorageSOPClassSCU;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.DicomConfig;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceRepository;
import org.evidencenotary.notary.evidence.TemporaryFolder;
import org.evidencenotary.storage.EvidenceStore;
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * Forwards instances received by C-STORE to a PACS once they are notarized and stored (C-STORE
 * SCU, PixelMed's {@link StorageSOPClassSCU}), in the background: the modality's Success never
 * waits for the PACS, and a PACS outage loses nothing.
 *
 * <p>Durable queue: {@link #enqueue} creates an empty file named by the evidence id in {@code
 * data/dicom-forward} and syncs the folder <em>before</em> the modality gets Success; the file is
 * deleted only after the PACS answered Success for that instance. A restart picks up every file
 * left. The bytes sent are the stored original, read back from the store (and so re-checked
 * against its digest) into a copy under {@code data/tmp/dicom-forward}.
 *
 * <p>Attempts: up to {@code batch-size} instances of one transfer syntax per association (PixelMed
 * picks a presentation context by SOP Class only, so mixing compressed syntaxes in one association
 * fails). After a failed attempt the next waits {@code retry-interval}, doubled after each further
 * failure up to {@code max-retry-interval}; a success resets it. Every outcome is logged:
 * {@code Forwarded N instance(s) to PACS ...} and {@code Forwarding to PACS ... failed ...; N
 * instance(s) wait, next attempt in ...}.
 */
@ApplicationScoped
public class PacsForwarder {
  private static final Logger LOG = Logger.getLogger(PacsForwarder.class);
  private static final String PENDING = ".pending";

  @Inject DicomConfig config;
  @Inject NotaryConfig notary;
  @Inject TemporaryFolder temporary;
  @Inject EvidenceRepository repository;
  @Inject EvidenceStore store;

  private final Object lock = new Object();
  /** Evidence ids waiting, oldest first. */
  private final Set<String> pending = new LinkedHashSet<>();
  private Path queue;
  private Path outgoing;
  private Thread worker;
  private volatile boolean running;
  private String target;

  void start(@Observes StartupEvent event) throws IOException {
    DicomConfig.Forward forward = config.forward();
    if (!forward.enabled()) {
      return;
    }
    String host = forward.host().filter(h -> !h.isBlank()).orElseThrow(() -> new ConfigurationException(
        "notary.dicom.forward.enabled=true needs notary.dicom.forward.host (NOTARY_DICOM_FORWARD_HOST)"));
    if (forward.port() < 1 || forward.port() > 65535 || forward.batchSize() < 1) {
      throw new ConfigurationException("notary.dicom.forward.port must be 1-65535 and batch-size at least 1");
    }
    for (String ae : List.of(forward.calledAeTitle(), forward.callingAeTitle())) {
      if (ae.isBlank() || !ae.matches("[\\x20-\\x5b\\x5d-\\x7e]{1,16}")) {
        throw new ConfigurationException("notary.dicom.forward AE titles must be 1 to 16 printable characters"
            + " without backslash");
      }
    }
    target = forward.calledAeTitle() + "@" + host + ":" + forward.port();
    queue = notary.dataDir().resolve("dicom-forward");
    OwnerOnlyFiles.createDirectories(queue);
    // Copies made for an attempt cut short are removed at start with the rest of the temporary folder.
    outgoing = temporary.forwardCopies();
    List<Path> waiting = new ArrayList<>();
    try (var files = Files.list(queue)) {
      files.filter(p -> p.getFileName().toString().endsWith(PENDING)).forEach(waiting::add);
    }
    waiting.sort(Comparator.comparing(PacsForwarder::modified));
    synchronized (lock) {
      for (Path p : List.copyOf(waiting)) {
        String name = p.getFileName().toString();
        try {
          pending.add(UUID.fromString(name.substring(0, name.length() - PENDING.length())).toString());
        } catch (IllegalArgumentException e) {
          // not one of ours (the queue names entries by evidence id): left where it is, never sent
          waiting.remove(p);
          LOG.warnf("Forwarding queue %s: ignoring %s, which does not name an evidence id", queue, name);
        }
      }
    }
    PixelMedLinger.shorten();
    running = true;
    worker = new Thread(this::run, "dicom-forward");
    worker.setDaemon(true);
    worker.start();
    LOG.infof("Forwarding instances received by C-STORE to PACS %s as AE title %s; %d waiting from before",
        target, forward.callingAeTitle(), waiting.size());
  }

  void stop(@Observes ShutdownEvent event) {
    if (worker == null) {
      return;
    }
    running = false;
    synchronized (lock) {
      lock.notifyAll();
    }
    try {
      worker.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether forwarding is on. */
  public boolean enabled() {
    return worker != null;
  }

  /** How many instances wait to be forwarded. */
  public int pending() {
    synchronized (lock) {
      return pending.size();
    }
  }

  /**
   * Queues a notarized, stored instance for forwarding; durable when this returns (a no-op when
   * forwarding is off).
   *
   * @throws IOException when the queue entry cannot be written durably
   */
  public void enqueue(EvidenceRecord record) throws IOException {
    if (!enabled()) {
      return;
    }
    String id = UUID.fromString(record.id()).toString();
    Path entry = queue.resolve(id + PENDING);
    try {
      OwnerOnlyFiles.createFile(entry);
    } catch (FileAlreadyExistsException e) {
      // queued already (the same bytes sent again before they were forwarded)
    }
    try (FileChannel dir = FileChannel.open(queue, StandardOpenOption.READ)) {
      dir.force(true);
    }
    synchronized (lock) {
      pending.add(id);
      lock.notifyAll();
    }
  }

  private void run() {
    DicomConfig.Forward forward = config.forward();
    Duration wait = Duration.ZERO;
    while (running) {
      List<String> batch;
      synchronized (lock) {
        long until = System.nanoTime() + wait.toNanos();
        while (running && (pending.isEmpty() || System.nanoTime() < until)) {
          long left = pending.isEmpty() ? 0 : Math.max(1, (until - System.nanoTime()) / 1_000_000);
          try {
            lock.wait(left);
          } catch (InterruptedException e) {
            return;
          }
        }
        if (!running) {
          return;
        }
        batch = new ArrayList<>(pending);
      }
      boolean failed = false;
      try {
        failed = !send(batch, forward);
      } catch (RuntimeException e) {
        LOG.warnf("Forwarding to PACS %s failed: %s", target, e.toString());
        failed = true;
      }
      if (failed) {
        wait = wait.isZero() ? forward.retryInterval() : wait.multipliedBy(2);
        if (wait.compareTo(forward.maxRetryInterval()) > 0) {
          wait = forward.maxRetryInterval();
        }
        LOG.warnf("Forwarding to PACS %s: %d instance(s) wait, next attempt in %s", target, pending(),
            wait.toString().substring(2).toLowerCase());
      } else {
        wait = Duration.ZERO;
      }
    }
  }

  /** One attempt for the oldest waiting instances of one transfer syntax; true when all went. */
  private boolean send(List<String> waiting, DicomConfig.Forward forward) {
    Map<String, Path> files = new LinkedHashMap<>(); // evidence id -> copy to send
    String syntax = null;
    boolean unreadable = false;
    try {
      for (String id : waiting) {
        Optional<EvidenceRecord> record = repository.findById(id);
        if (record.isEmpty()) {
          LOG.warnf("Evidence %s queued for forwarding has no record; dropped from the queue", id);
          done(id);
          continue;
        }
        String ts = record.get().dicom() == null ? null : record.get().dicom().transferSyntaxUid();
        if (syntax == null) {
          syntax = ts;
        } else if (!syntax.equals(ts)) {
          continue; // next round
        }
        Path copy = outgoing.resolve(id + ".dcm");
        try (InputStream in = store.open(Sha256.fromHex(record.get().sha256()));
            OutputStream out = OwnerOnlyFiles.overwrite(copy)) {
          in.transferTo(out);
        } catch (IOException e) {
          LOG.warnf("Evidence %s cannot be read from the store for forwarding: %s", id, e.getMessage());
          Files.deleteIfExists(copy);
          unreadable = true;
          continue;
        }
        files.put(id, copy);
        if (files.size() >= forward.batchSize()) {
          break;
        }
      }
      if (files.isEmpty()) {
        return !unreadable;
      }
      return associate(files, forward);
    } catch (IOException e) {
      LOG.warnf("Forwarding to PACS %s failed: %s", target, e.getMessage());
      return false;
    } finally {
      for (Path copy : files.values()) {
        try {
          Files.deleteIfExists(copy);
        } catch (IOException e) {
          LOG.debugf("could not delete %s: %s", copy, e.getMessage());
        }
      }
    }
  }

  private boolean associate(Map<String, Path> files, DicomConfig.Forward forward) throws IOException {
    Map<String, String> idByFile = new LinkedHashMap<>();
    SetOfDicomFiles set = new SetOfDicomFiles();
    for (Map.Entry<String, Path> e : files.entrySet()) {
      set.add(e.getValue().toString());
      idByFile.put(e.getValue().toString(), e.getKey());
    }
    List<String> sent = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    // PixelMed reports an unreachable PACS only as a logged stack trace (its logger is quiet in
    // application.properties): try the connection first, to say why in one line.
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(forward.host().orElseThrow(), forward.port()), 10_000);
    } catch (IOException e) {
      LOG.warnf("Forwarding to PACS %s failed: cannot connect (%s)", target, e.getMessage());
      return false;
    }
    try {
      StorageSOPClassSCU scu = new StorageSOPClassSCU(forward.host().orElseThrow(), forward.port(),
          forward.calledAeTitle(), forward.callingAeTitle(), set, 0,
          new MultipleInstanceTransferStatusHandlerWithFileName() {
            @Override
            public void updateStatus(int remaining, int completed, int failed, int warning, String sopInstanceUid,
                String fileName, boolean success) {
              String id = idByFile.get(fileName);
              if (id != null) {
                (success ? sent : refused).add(id);
              }
            }
          });
      if (scu.encounteredTrappedExceptions() && sent.isEmpty()) {
        LOG.warnf("Forwarding to PACS %s failed: the association did not complete", target);
      }
    } catch (Exception e) {
      LOG.warnf("Forwarding to PACS %s failed: %s", target, e.getMessage());
    }
    for (String id : sent) {
      done(id);
    }
    if (!sent.isEmpty()) {
      LOG.infof("Forwarded %d instance(s) to PACS %s (evidence %s%s)", sent.size(), target, sent.get(0),
          sent.size() > 1 ? " and " + (sent.size() - 1) + " more" : "");
    }
    if (!refused.isEmpty()) {
      LOG.warnf("PACS %s refused %d instance(s) (evidence %s%s); they stay queued", target, refused.size(),
          refused.get(0), refused.size() > 1 ? " and " + (refused.size() - 1) + " more" : "");
    }
    return sent.size() == files.size();
  }

  /** Removes an instance from the queue, durably. */
  private void done(String id) throws IOException {
    Files.deleteIfExists(queue.resolve(id + PENDING));
    synchronized (lock) {
      pending.remove(id);
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /** PixelMed's 5 s wait after every association release; see {@link PixelMedLinger#shorten}. */
  static final class PixelMedLinger {
    private PixelMedLinger() {}

    /**
     * PixelMed waits 5 s after every A-RELEASE before closing the connection (a private static
     * field without setter); 20 ms keeps forwarding from idling. Never 0, which waits forever.
     */
    static void shorten() {
      try {
        var field = Association.class.getDeclaredField(
            "associationReleaseToTransportConnectionCloseTimeoutInMilliseconds");
        field.setAccessible(true);
        field.setInt(null, 20);
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.warnf("could not shorten PixelMed's 5 s association linger: %s", e.getMessage());
      }
    }
  }
}
