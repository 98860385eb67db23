package org.evidencenotary.notary.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.evidencenotary.notary.config.DicomConfig;
import org.evidencenotary.notary.config.NotaryConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the storage SCP ends its threads: the accept loop and every association, idle or not,
 * so that nothing of a stopped service keeps running (and keeps it in memory) after its shutdown.
 * The SCP runs on its own here, without Quarkus, so that the test can stop it.
 */
class StorageScpShutdownTest {
  @TempDir Path dataDir;
  private StorageScp scp;
  private Set<Thread> before;

  @BeforeEach
  void start() throws Exception {
    SmallRyeConfig config = new SmallRyeConfigBuilder()
        .withMapping(DicomConfig.class)
        .withMapping(NotaryConfig.class)
        .withConverter(Duration.class, 200, new DurationConverter())
        .withConverter(MemorySize.class, 200, new MemorySizeConverter())
        .withDefaultValues(Map.of(
            "notary.data-dir", dataDir.toString(),
            "notary.dicom.scp.port", "0",
            "notary.dicom.scp.tls-enabled", "false",
            "notary.dicom.scp.max-associations", "1",
            // This listener runs without the identity registry: any calling AE, as a lab would set.
            "notary.dicom.scp.allow-any-calling-ae", "true"))
        .build();
    before = Thread.getAllStackTraces().keySet();
    scp = new StorageScp();
    scp.config = config.getConfigMapping(DicomConfig.class);
    scp.notary = config.getConfigMapping(NotaryConfig.class);
    scp.start(null);
  }

  @AfterEach
  void stop() {
    scp.stop(null);
  }

  @Test
  void stop_closes_an_idle_association_at_once_and_its_thread_ends() throws Exception {
    try (Socket modality = new Socket("127.0.0.1", scp.port())) {
      Thread association = await().atMost(Duration.ofSeconds(10)).until(() -> newThread("dicom-association"),
          t -> t != null);

      long started = System.nanoTime();
      scp.stop(null);

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      // The pool counts as terminated while its last worker is still returning: allow it a moment.
      association.join(2000);
      assertThat(association.isAlive()).as("association thread after stop").isFalse();
      assertThat(closedByPeer(modality)).as("the modality's connection is closed").isTrue();
    }
  }

  @Test
  void stop_ends_the_accept_loop_even_when_every_association_slot_is_taken() throws Exception {
    try (Socket first = new Socket("127.0.0.1", scp.port());
        Socket waiting = new Socket("127.0.0.1", scp.port())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> newThread("dicom-association"), t -> t != null);
      Thread acceptor = newThread("dicom-accept");

      scp.stop(null);

      assertThat(acceptor).isNotNull();
      acceptor.join(2000);
      assertThat(acceptor.isAlive()).as("accept loop after stop").isFalse();
      assertThat(closedByPeer(first)).as("the idle association's connection is closed").isTrue();
      assertThat(closedByPeer(waiting)).as("the connection waiting for a slot is closed").isTrue();
    }
  }

  private Thread newThread(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name) && t.isAlive() && !before.contains(t))
        .findFirst().orElse(null);
  }

  /** True when the peer closed the connection: end of stream or a reset, within two seconds. */
  private static boolean closedByPeer(Socket socket) throws Exception {
    socket.setSoTimeout(2000);
    InputStream in = socket.getInputStream();
    try {
      return in.read() == -1;
    } catch (SocketException e) {
      return true; // reset
    } catch (java.net.SocketTimeoutException e) {
      return false;
    }
  }
}
