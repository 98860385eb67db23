package org.evidencenotary.notary.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.evidencenotary.notary.config.DicomConfig;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.dicom.Dcmtk;
import org.evidencenotary.notary.dicom.DicomScan;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.evidence.EvidenceRepository;
import org.evidencenotary.notary.evidence.TemporaryFolder;
import org.evidencenotary.storage.EvidenceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarding queue survives a restart: an instance queued while the PACS is down is sent by
 * the next {@link PacsForwarder} that starts on the same queue folder, once, and the queue ends
 * empty. The application's forwarder is the first; the test stops it as shutdown does and builds
 * the second by hand from the application's configuration, records and store (the state a
 * restarted service finds on disk), so Quarkus itself is not restarted. DCMTK's storescp is the
 * PACS; with {@code +uf} it writes every instance it receives to a file of its own, so a second
 * delivery of the same instance would show as a second file.
 */
@QuarkusTest
@TestProfile(PacsForwarderRestartTest.PacsDownAtFirst.class)
class PacsForwarderRestartTest {
  private static final int PACS_PORT = TestPacs.freePort();
  private static final String SERIES = "1.2.826.0.1.3680043.10.1.99.4.2";

  /** Forwarding on, to a PACS on PACS_PORT that is not started yet, retrying quickly. */
  public static class PacsDownAtFirst implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return TestPacs.forwardingTo(PACS_PORT, "100ms", "400ms");
    }
  }

  @Inject StorageScp scp;
  @Inject PacsForwarder forwarder;
  @Inject DicomConfig dicomConfig;
  @Inject NotaryConfig notaryConfig;
  @Inject EvidenceRepository repository;
  @Inject EvidenceStore store;
  @Inject TemporaryFolder temporary;
  @TempDir Path dir;

  @Test
  void an_instance_queued_while_the_pacs_was_down_is_forwarded_once_after_a_restart() throws Exception {
    byte[] bytes = DicomTestFiles.ct(601, 32, 32, 1, SERIES, 1);
    Path file = DicomTestFiles.write(dir, "ct.dcm", bytes);
    Attempts attempts = Attempts.watch();
    try {
      // PACS down: the modality gets Success, the instance waits, and attempts keep failing.
      Dcmtk.Result r = Dcmtk.exec("storescu", Map.of("TCP_NODELAY", "1"), "-aet", "CT01", "-aec", "NOTARY",
          "127.0.0.1", Integer.toString(scp.port()), file.toString());
      assertThat(r.exitCode()).as(r.output()).isZero();
      await().atMost(Duration.ofSeconds(20)).until(() -> attempts.failed() >= 2);
      assertThat(forwarder.pending()).isEqualTo(1);
      List<Path> queued = queueEntries();
      assertThat(queued).hasSize(1);
      String evidenceId = queued.get(0).getFileName().toString().replace(".pending", "");
      assertThat(repository.findById(evidenceId)).isPresent();
    } finally {
      attempts.close();
    }

    // Shutdown, as Quarkus does it: the worker stops; the entry stays on disk.
    forwarder.stop(null);
    assertThat(queueEntries()).hasSize(1);
    // Someone left a file of their own in the queue folder: it must not stop the restart.
    Path stray = Files.writeString(notaryConfig.dataDir().resolve("dicom-forward").resolve("notes.pending"), "x");

    Path pacsFolder = Files.createDirectory(dir.resolve("pacs"));
    PacsForwarder restarted = new PacsForwarder();
    restarted.config = dicomConfig;
    restarted.notary = notaryConfig;
    restarted.repository = repository;
    restarted.store = store;
    restarted.temporary = temporary;
    List<Path> received;
    try (TestPacs pacs = TestPacs.start(pacsFolder, PACS_PORT, true)) {
      try {
        restarted.start(null);
        await().atMost(Duration.ofSeconds(30)).until(() -> restarted.pending() == 0);
      } finally {
        restarted.stop(null); // joins the worker: nothing more is sent after this
      }
      received = pacs.received();
    }

    assertThat(received).as("instances the PACS received").hasSize(1);
    DicomScan arrived = DicomTestFiles.scan(received.get(0));
    assertThat(arrived.header().value(0x00080018))
        .isEqualTo(DicomTestFiles.scan(bytes).header().value(0x00080018));
    assertThat(queueEntries()).as("only the stray file, left alone").containsExactly(stray);
    Files.delete(stray);
    try (var left = Files.list(temporary.forwardCopies())) {
      assertThat(left.toList()).as("copies made for sending").isEmpty();
    }
  }

  private List<Path> queueEntries() throws IOException {
    try (var files = Files.list(notaryConfig.dataDir().resolve("dicom-forward"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".pending")).toList();
    }
  }

  /** Counts the forwarder's "cannot connect" log records: each is one failed attempt. */
  private static final class Attempts extends Handler {
    private final List<String> messages = new CopyOnWriteArrayList<>();

    static Attempts watch() {
      Attempts a = new Attempts();
      java.util.logging.Logger.getLogger(PacsForwarder.class.getName()).addHandler(a);
      return a;
    }

    long failed() {
      return messages.stream().filter(m -> m.contains("cannot connect")).count();
    }

    @Override
    public void publish(LogRecord record) {
      String message = record.getMessage();
      Object[] parameters = record.getParameters();
      messages.add(parameters == null ? String.valueOf(message) : message + " " + List.of(parameters));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      java.util.logging.Logger.getLogger(PacsForwarder.class.getName()).removeHandler(this);
    }
  }
}
