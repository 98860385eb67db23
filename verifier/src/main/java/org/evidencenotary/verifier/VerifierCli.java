package org.evidencenotary.verifier;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Verdict;

/**
 * {@code java -jar verifier.jar EXHIBIT (CERT.pdf | PROOF.json) --trust DIR [--json]}, or
 * {@code java -jar verifier.jar --series FOLDER MANIFEST.json [--json]} to compare a folder of
 * DICOM files with a series manifest.
 *
 * <p>Exit codes: 0 AUTHENTIC, 1 MODIFIED, 2 UNVERIFIABLE, 3 UNTRUSTED, 64 usage error.
 */
public final class VerifierCli {
  static final int USAGE = 64;

  private VerifierCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> positional = new ArrayList<>();
    Path trust = null;
    boolean json = false;
    boolean series = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--trust" -> {
          if (i + 1 >= args.length) {
            return usage(err, "--trust needs a folder of PEM root certificates");
          }
          trust = Path.of(args[++i]);
        }
        case "--json" -> json = true;
        case "--series" -> series = true;
        case "-h", "--help" -> {
          return usage(out, null);
        }
        default -> positional.add(args[i]);
      }
    }
    if (series) {
      return series(positional, json, out, err);
    }
    if (positional.size() != 2 || trust == null) {
      return usage(err, "give the exhibit, the certificate PDF or proof JSON, and --trust DIR");
    }
    Path exhibit = Path.of(positional.get(0));
    Path proof = Path.of(positional.get(1));
    for (Path p : List.of(exhibit, proof)) {
      if (!Files.isRegularFile(p)) {
        return usage(err, "no such file: " + p);
      }
    }
    if (!Files.isDirectory(trust)) {
      return usage(err, "no such folder: " + trust);
    }
    try {
      return print(OfflineVerifier.fromTrustFolder(trust).verify(exhibit, proof), json, out);
    } catch (Exception e) {
      err.println("verification could not run: " + e.getMessage());
      return Verdict.UNVERIFIABLE.exitCode();
    }
  }

  private static int series(List<String> positional, boolean json, PrintStream out, PrintStream err) {
    if (positional.size() != 2) {
      return usage(err, "--series needs the folder of DICOM files and the manifest JSON");
    }
    Path folder = Path.of(positional.get(0));
    Path manifest = Path.of(positional.get(1));
    if (!Files.isDirectory(folder)) {
      return usage(err, "no such folder: " + folder);
    }
    if (!Files.isRegularFile(manifest)) {
      return usage(err, "no such file: " + manifest);
    }
    try {
      return print(SeriesComparison.compare(folder, ProofChecks.JSON.readTree(manifest.toFile())), json, out);
    } catch (Exception e) {
      err.println("comparison could not run: " + e.getMessage());
      return Verdict.UNVERIFIABLE.exitCode();
    }
  }

  private static int print(Report report, boolean json, PrintStream out) throws java.io.IOException {
    if (json) {
      out.println(ProofChecks.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    } else {
      for (Check c : report.checks()) {
        out.printf("[%s] %s: %s%n", switch (c.result()) {
          case PASSED -> "PASS";
          case FAILED -> "FAIL";
          case NOT_CHECKED -> "----";
        }, c.name(), c.detail());
      }
      out.println("VERDICT: " + report.outcome() + " - " + report.summary());
    }
    return report.outcome().exitCode();
  }

  private static int usage(PrintStream stream, String problem) {
    if (problem != null) {
      stream.println("error: " + problem);
    }
    stream.println("usage: java -jar verifier.jar EXHIBIT (CERT.pdf | PROOF.json) --trust DIR [--json]");
    stream.println("       java -jar verifier.jar --series FOLDER MANIFEST.json [--json]");
    stream.println("exit codes: 0 AUTHENTIC, 1 MODIFIED, 2 UNVERIFIABLE, 3 UNTRUSTED, 64 usage error");
    return problem == null ? 0 : USAGE;
  }
}
