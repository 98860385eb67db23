package org.evidencenotary.notary.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code openssl} command line, as an independent maker and checker of certificates in tests
 * (Debian package {@code openssl}, which {@code ./notary test} installs).
 */
public final class OpenSsl {
  private OpenSsl() {}

  /** Runs openssl with {@code args}; its output (stdout and stderr) and exit code. */
  public record Result(int exit, String output) {}

  public static Result run(String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("openssl did not finish: " + command);
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new IllegalStateException("openssl is needed for this test: apt-get install openssl (" + e.getMessage()
          + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Like {@link #run} but the command must succeed. */
  public static String ok(String... args) {
    Result r = run(args);
    if (r.exit() != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + r.output());
    }
    return r.output();
  }

  /**
   * A self-signed CA made by {@code openssl req -x509} in {@code dir}: {@code ca.pem} and an
   * unencrypted PKCS#8 {@code ca.key}, with exactly the given v3 extensions (one per line, openssl
   * config syntax, e.g. {@code basicConstraints = critical,CA:TRUE}).
   *
   * @param newkey the {@code -newkey} argument, e.g. {@code ec} (P-256) or {@code rsa:2048}
   */
  public static Path[] selfSignedCa(Path dir, String commonName, String newkey, String extensions) throws IOException {
    Files.createDirectories(dir);
    Path config = Files.writeString(dir.resolve("req.cnf"), "[req]\ndistinguished_name = dn\nprompt = no\n"
        + "x509_extensions = ext\n[dn]\nCN = " + commonName + "\nO = Test Hospital\n[ext]\n" + extensions + "\n");
    Path cert = dir.resolve("ca.pem");
    Path key = dir.resolve("ca.key");
    List<String> args = new ArrayList<>(List.of("req", "-x509", "-config", config.toString(), "-newkey", newkey));
    if (newkey.equals("ec")) {
      args.addAll(List.of("-pkeyopt", "ec_paramgen_curve:P-256"));
    }
    args.addAll(List.of("-noenc", "-sha256", "-days", "30", "-keyout", key.toString(), "-out", cert.toString()));
    ok(args.toArray(new String[0]));
    return new Path[] {cert, key};
  }

  /** The extensions of a proper CA: cA=true, keyCertSign and cRLSign. */
  public static final String CA_EXTENSIONS = "basicConstraints = critical,CA:TRUE\n"
      + "keyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash";
}
