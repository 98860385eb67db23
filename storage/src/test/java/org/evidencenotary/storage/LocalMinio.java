package org.evidencenotary.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real MinIO server for one test class, started with the project's own {@code
 * network-config/minio/minio.sh up} in a fresh folder under {@code target/} and stopped after the
 * class, even when tests fail (and by a shutdown hook if the JVM ends first); its folder is then
 * deleted.
 *
 * <p>Missing binaries fail the tests with the script's message on how to build them; they are
 * never skipped.
 */
final class LocalMinio implements BeforeAllCallback, AfterAllCallback {
  private static final long COMMAND_TIMEOUT_SECONDS = 120;

  private Path script;
  private Path runDir;
  private Map<String, String> env = Map.of();
  private Thread shutdownHook;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    script = findScript();
    Path target = Path.of("target").toAbsolutePath();
    Files.createDirectories(target);
    runDir = Files.createTempDirectory(target, "minio-");
    shutdownHook = new Thread(this::stopQuietly, "stop-test-minio");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      stop();
      deleteTree(runDir); // objects under retention are only files once the server is gone
    } finally {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    }
  }

  static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Starts (or restarts, on the same port and data) the server. */
  void start() throws IOException {
    run(List.of("bash", script.toString(), "up", runDir.toString()), Map.of());
    env = readEnv(runDir.resolve("minio.env"));
  }

  /** Stops the server; its data stays for {@link #start()}. */
  void stop() throws IOException {
    run(List.of("bash", script.toString(), "down", runDir.toString()), Map.of());
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (IOException | RuntimeException e) {
      // Best effort at JVM exit.
    }
  }

  URI endpoint() {
    return URI.create(env.get("MINIO_ENDPOINT"));
  }

  String accessKey() {
    return env.get("MINIO_ROOT_USER");
  }

  String secretKey() {
    return env.get("MINIO_ROOT_PASSWORD");
  }

  Path runDir() {
    return runDir;
  }

  /** Runs the real MinIO client ({@code mc}, by full path) against this server as alias {@code notary}. */
  String mc(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(env.get("MC_BIN"));
    command.add("--config-dir");
    command.add(runDir.resolve("mc").toString());
    command.add("--no-color");
    command.addAll(List.of(args));
    return run(command, Map.of("MC_HOST_notary", env.get("MC_HOST_notary")));
  }

  private static String run(List<String> command, Map<String, String> extraEnv) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(extraEnv);
    Process p = pb.start();
    p.getOutputStream().close();
    String out;
    try {
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + command.get(0) + " " + command.get(command.size() - 1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0) {
      throw new CommandFailedException(
          "command failed (exit " + p.exitValue() + "): " + String.join(" ", command.subList(0, Math.min(command.size(), 3)))
              + " ...\n" + out);
    }
    return out;
  }

  /** A command exited non-zero; the message holds its output. */
  static final class CommandFailedException extends IOException {
    CommandFailedException(String message) {
      super(message);
    }
  }

  private static Map<String, String> readEnv(Path file) {
    try {
      Map<String, String> values = new HashMap<>();
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path findScript() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("network-config/minio/minio.sh");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("network-config/minio/minio.sh not found above " + Path.of("").toAbsolutePath());
  }
}
