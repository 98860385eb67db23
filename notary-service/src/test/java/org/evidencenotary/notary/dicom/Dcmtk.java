package org.evidencenotary.notary.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs DCMTK's command-line tools (Debian package {@code dcmtk}), the independent DICOM
 * implementation the tests check against. Missing tools skip a test on a developer machine and
 * fail it under {@code CI=true}, where {@code ./notary test} has installed them.
 */
public final class Dcmtk {
  private Dcmtk() {}

  /** The tool's path; skips (or fails under CI) when DCMTK is not installed. */
  public static Path tool(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("DCMTK's " + name + " is missing: install it with 'apt-get install dcmtk' (./notary test does)");
    }
    assumeTrue(false, "DCMTK's " + name + " is not installed (apt-get install dcmtk)");
    return null;
  }

  /** Runs {@code name args...}; asserts exit code 0 and returns the combined output. */
  public static String run(String name, String... args) throws IOException, InterruptedException {
    Result r = exec(name, Map.of(), args);
    assertThat(r.exitCode()).as("%s %s exit code; output:%n%s", name, String.join(" ", args), r.output()).isZero();
    return r.output();
  }

  /** The outcome of a tool run. */
  public record Result(int exitCode, String output) {}

  /** Runs {@code name args...} with extra environment variables, returning exit code and output. */
  public static Result exec(String name, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(tool(name).toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(name + " did not finish in 120 s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
