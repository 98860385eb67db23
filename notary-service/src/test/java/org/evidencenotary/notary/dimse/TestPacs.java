package org.evidencenotary.notary.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.evidencenotary.notary.dicom.Dcmtk;

/**
 * DCMTK's {@code storescp} as the PACS the notary forwards to, in tests: started on a given port,
 * waited for until it accepts connections, stopped on close. (storescp 3.6.7 has no option to
 * bind one address; it runs on a random port for the seconds a test needs.)
 */
final class TestPacs implements AutoCloseable {
  private final Process process;
  private final Path folder;

  private TestPacs(Process process, Path folder) {
    this.process = process;
    this.folder = folder;
  }

  /** The configuration that forwards C-STORE instances to a test PACS on {@code port}, retrying as given. */
  static java.util.Map<String, String> forwardingTo(int port, String retryInterval, String maxRetryInterval) {
    return java.util.Map.of(
        "notary.dicom.forward.enabled", "true",
        "notary.dicom.forward.host", "127.0.0.1",
        "notary.dicom.forward.port", Integer.toString(port),
        "notary.dicom.forward.called-ae-title", "STORESCP",
        "notary.dicom.forward.retry-interval", retryInterval,
        "notary.dicom.forward.max-retry-interval", maxRetryInterval);
  }

  /** A free port on loopback, for a PACS started later. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * storescp accepting any transfer syntax ({@code +xa}) on {@code port}, writing into {@code folder}
   * (its log beside it); {@code filePerReception} ({@code +uf}) names each file uniquely, so a
   * second reception of the same instance shows as a second file.
   */
  static TestPacs start(Path folder, int port, boolean filePerReception) throws Exception {
    List<String> command = new ArrayList<>(List.of(Dcmtk.tool("storescp").toString(), "-aet", "STORESCP", "+xa"));
    if (filePerReception) {
      command.add("+uf");
    }
    command.addAll(List.of("-od", folder.toString(), Integer.toString(port)));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(folder.resolveSibling(folder.getFileName() + ".log").toFile()).start();
    p.getOutputStream().close();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      assertThat(p.isAlive()).as("storescp exited").isTrue();
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return s.isConnected();
      } catch (IOException e) {
        return false;
      }
    });
    return new TestPacs(p, folder);
  }

  /** The CT instances storescp wrote (named by modality and SOP Instance UID). */
  List<Path> received() throws IOException {
    try (var files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().startsWith("CT.")).toList();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
