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
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.dicom.Dcmtk;
import org.evidencenotary.notary.dicom.DicomScan;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forwarding to a PACS, with DCMTK's own storescp as the PACS on a random port, and storescu as
 * the modality.
 */
@QuarkusTest
@TestProfile(PacsForwardingTest.ForwardToPacs.class)
class PacsForwardingTest {
  private static final int PACS_PORT = TestPacs.freePort();
  private static final String SERIES = "1.2.826.0.1.3680043.10.1.99.4.1";
  private static final Map<String, String> NO_DELAY = Map.of("TCP_NODELAY", "1");

  /** Forwarding on, to a PACS on PACS_PORT, retrying quickly. */
  public static class ForwardToPacs implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return TestPacs.forwardingTo(PACS_PORT, "200ms", "1s");
    }
  }

  @Inject StorageScp scp;
  @Inject PacsForwarder forwarder;
  @Inject NotaryConfig config;
  @TempDir Path dir;

  @Test
  void stored_instance_arrives_at_the_pacs_with_the_same_instance_and_pixels() throws Exception {
    byte[] bytes = DicomTestFiles.ct(501, 64, 64, 1, SERIES, 1);
    Path file = DicomTestFiles.write(dir, "ct.dcm", bytes);
    Path pacsFolder = Files.createDirectory(dir.resolve("pacs"));
    try (TestPacs pacs = TestPacs.start(pacsFolder, PACS_PORT, false)) {
      store(file);

      // Once the PACS has answered Success the queue is empty and its file complete.
      await().atMost(Duration.ofSeconds(20)).until(() -> forwarder.pending() == 0);
      assertThat(queueEntries()).isEmpty();
      DicomScan sent = DicomTestFiles.scan(bytes);
      List<Path> received = pacs.received();
      assertThat(received).hasSize(1);
      DicomScan arrived = DicomTestFiles.scan(received.get(0));
      assertThat(arrived.isDicom()).as(arrived.reason()).isTrue();
      assertThat(arrived.header().value(0x00080018)).isEqualTo(sent.header().value(0x00080018));
      assertThat(arrived.pixels().sha256()).isEqualTo(sent.pixels().sha256());
    }
  }

  @Test
  void forwarding_catches_up_when_the_pacs_comes_back() throws Exception {
    Path series = Files.createDirectory(dir.resolve("series"));
    for (int i = 1; i <= 3; i++) {
      DicomTestFiles.write(series, "slice-" + i + ".dcm", DicomTestFiles.ct(510 + i, 32, 32, 1, SERIES, i));
    }

    // The PACS is down: the modality still gets Success at once, and the instances wait, durably.
    long start = System.nanoTime();
    store(series);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(forwarder.pending()).isEqualTo(3);
    assertThat(queueEntries()).hasSize(3);

    Path pacsFolder = Files.createDirectory(dir.resolve("pacs-later"));
    try (TestPacs pacs = TestPacs.start(pacsFolder, PACS_PORT, false)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> forwarder.pending() == 0);
      assertThat(pacs.received()).hasSize(3);
      assertThat(queueEntries()).isEmpty();
    }
  }

  private void store(Path fileOrFolder) throws Exception {
    Dcmtk.Result r = Dcmtk.exec("storescu", NO_DELAY, "-aet", "CT01", "-aec", "NOTARY", "+sd", "127.0.0.1",
        Integer.toString(scp.port()), fileOrFolder.toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  private List<Path> queueEntries() throws IOException {
    try (var files = Files.list(config.dataDir().resolve("dicom-forward"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".pending")).toList();
    }
  }

}
