package org.evidencenotary.notary.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real MinIO for a Quarkus test, started with {@code network-config/minio/minio.sh up} in a
 * fresh folder under {@code target/} and stopped when the test's application stops (and by a
 * shutdown hook should the JVM end first). Supplies the service's {@code notary.storage.minio.*}
 * settings. Missing binaries fail the test with the script's message on how to build them.
 *
 * <p>{@link #stopServer()} and {@link #startServer()} take the server away mid-test and bring it
 * back on the same port, with the same credentials and data.
 */
public class MinioTestResource implements QuarkusTestResourceLifecycleManager {
  private static Path script;
  private static Path runDir;
  private static Thread hook;

  @Override
  public Map<String, String> start() {
    try {
      script = ProjectScripts.find("network-config/minio/minio.sh");
      Path target = Path.of("target").toAbsolutePath();
      Files.createDirectories(target);
      runDir = Files.createTempDirectory(target, "minio-service-");
      hook = new Thread(MinioTestResource::stopQuietly, "stop-test-minio");
      Runtime.getRuntime().addShutdownHook(hook);
      startServer();
      Map<String, String> env = env();
      return Map.of(
          "notary.storage.kind", "minio",
          "notary.storage.minio.endpoint", env.get("MINIO_ENDPOINT"),
          "notary.storage.minio.access-key", env.get("MINIO_ROOT_USER"),
          "notary.storage.minio.secret-key", env.get("MINIO_ROOT_PASSWORD"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    try {
      stopServer();
      // Objects under retention are only files once the server is gone.
      try (var paths = Files.walk(runDir)) {
        for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  public static void startServer() throws IOException {
    run("up");
  }

  public static void stopServer() throws IOException {
    run("down");
  }

  private static void stopQuietly() {
    try {
      stopServer();
    } catch (IOException | RuntimeException e) {
      // Best effort at JVM exit.
    }
  }

  /** The values of the run folder's {@code minio.env}. */
  public static Map<String, String> env() throws IOException {
    Map<String, String> values = new HashMap<>();
    for (String line : Files.readAllLines(runDir.resolve("minio.env"))) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return values;
  }

  private static void run(String command) throws IOException {
    ProjectScripts.exec(120, List.of("bash", script.toString(), command, runDir.toString()));
  }
}
