package org.evidencenotary.notary.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The offline verifier as a court's expert runs it: {@code java -jar verifier-...-cli.jar}. */
final class VerifierJar {
  private VerifierJar() {}

  record Run(int exit, String out) {}

  static Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("the verifier jar did not finish in 60 s:\n" + out);
    }
    return new Run(p.exitValue(), out);
  }

  /** The jar the verifier module builds (Maven builds it before this module's tests). */
  private static Path jar() throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path target = dir.resolve("verifier/target");
      if (Files.isDirectory(target)) {
        try (var files = Files.list(target)) {
          return files.filter(f -> f.getFileName().toString().matches("verifier-.*-cli\\.jar")).findFirst()
              .orElseThrow(() -> new IOException("no verifier-*-cli.jar in " + target
                  + "; build it with 'mvn -pl verifier package'"));
        }
      }
    }
    throw new IOException("verifier/target not found above " + Path.of("").toAbsolutePath());
  }
}
