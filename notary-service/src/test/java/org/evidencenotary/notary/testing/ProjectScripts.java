package org.evidencenotary.notary.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The project's own scripts (network-config/...), found from the test's folder and run with a deadline. */
final class ProjectScripts {
  private ProjectScripts() {}

  /** {@code relative} (e.g. {@code network-config/fabric/network.sh}) in the nearest folder above that has it. */
  static Path find(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
  }

  /** Runs {@code command}; its standard output, or an IOException with both outputs. */
  static String exec(int seconds, List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    try {
      // Read both streams in the background so that a chatty process never blocks on a full pipe.
      var stdout = readAll(p.getInputStream());
      var stderr = readAll(p.getErrorStream());
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in " + seconds + " s");
      }
      String out = stdout.get(10, TimeUnit.SECONDS);
      if (p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "):\n" + out
            + stderr.get(10, TimeUnit.SECONDS));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("output of " + String.join(" ", command) + " could not be read", e);
    }
  }

  private static java.util.concurrent.CompletableFuture<String> readAll(java.io.InputStream in) {
    return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(output unreadable: " + e.getMessage() + ")";
      }
    }, task -> {
      // A thread of its own: the common pool may have a single worker on two cores.
      Thread t = new Thread(task, "fabric-test-output");
      t.setDaemon(true);
      t.start();
    });
  }

}
