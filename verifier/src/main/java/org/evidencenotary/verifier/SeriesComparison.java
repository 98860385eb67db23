package org.evidencenotary.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.format.Verdict;

/**
 * Compares a set of DICOM files with a series manifest ({@code GET /api/v1/series/{root}}): the
 * manifest's members must rebuild its Merkle root, and the files must be exactly its members, so
 * a slice removed from or added to a study is named. That the root itself is anchored is what any
 * one slice's proof shows (its "Series membership" check names the same root).
 */
public final class SeriesComparison {
  public static final String MANIFEST = "Series manifest";
  public static final String COMPLETE = "Series completeness";

  private SeriesComparison() {}

  /** Compares every regular file under {@code folder} with {@code manifest}. */
  public static Report compare(Path folder, JsonNode manifest) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
        files.put(folder.relativize(p).toString(), sha256(p));
      }
    }
    return compare(files, manifest);
  }

  /** Compares files (name to SHA-256 hex) with {@code manifest}. */
  public static Report compare(Map<String, String> files, JsonNode manifest) {
    List<Check> checks = new ArrayList<>();
    String root = manifest.path("merkleRoot").asText("");
    Map<String, String> members = new LinkedHashMap<>();
    List<byte[]> leaves = new ArrayList<>();
    String previous = "";
    try {
      for (JsonNode m : manifest.path("members")) {
        String sha = m.path("sha256").asText("");
        if (sha.compareTo(previous) <= 0) {
          throw new IllegalArgumentException("members are not in ascending SHA-256 order at " + sha);
        }
        previous = sha;
        leaves.add(HexFormat.of().parseHex(sha));
        members.put(sha, m.path("evidenceId").asText("?"));
      }
      String rebuilt = HexFormat.of().formatHex(MerkleTree.of(leaves).root());
      if (!rebuilt.equals(root)) {
        checks.add(Check.failed(MANIFEST, "The manifest's " + leaves.size() + " members rebuild Merkle root "
            + rebuilt + ", not the stated " + root + ": the manifest was changed."));
        return new Report(Verdict.UNVERIFIABLE, "The series manifest does not hold together.", null, root, checks);
      }
      checks.add(Check.passed(MANIFEST, "Version " + manifest.path("version").asInt() + " of the manifest of series "
          + manifest.path("seriesInstanceUidHash").asText("?") + " lists " + leaves.size()
          + " instances that rebuild its Merkle root " + root + "."));
    } catch (RuntimeException e) {
      checks.add(Check.failed(MANIFEST, "The manifest cannot be read: " + e.getMessage()));
      return new Report(Verdict.UNVERIFIABLE, "The series manifest is unreadable.", null, root, checks);
    }

    List<String> added = new ArrayList<>();
    Map<String, String> missing = new LinkedHashMap<>(members);
    for (Map.Entry<String, String> f : files.entrySet()) {
      if (missing.remove(f.getValue()) == null) {
        added.add(f.getKey() + " (SHA-256 " + f.getValue() + ")");
      }
    }
    if (added.isEmpty() && missing.isEmpty()) {
      checks.add(Check.passed(COMPLETE, "The " + files.size() + " files are exactly the manifest's "
          + members.size() + " instances."));
      return new Report(Verdict.AUTHENTIC, "The files are exactly the series as notarized.", null, root, checks);
    }
    StringBuilder detail = new StringBuilder();
    if (!missing.isEmpty()) {
      detail.append(missing.size()).append(" notarized instance(s) missing: ");
      missing.forEach((sha, id) -> detail.append("evidence ").append(id).append(" (SHA-256 ").append(sha).append("); "));
    }
    if (!added.isEmpty()) {
      detail.append(added.size()).append(" file(s) not in the manifest: ").append(String.join("; ", added))
          .append("; ");
    }
    checks.add(Check.failed(COMPLETE, detail.toString().strip()));
    return new Report(Verdict.MODIFIED, "The files are not the series as notarized: "
        + (missing.isEmpty() ? "" : missing.size() + " missing") + (missing.isEmpty() || added.isEmpty() ? "" : ", ")
        + (added.isEmpty() ? "" : added.size() + " added") + ".", null, root, checks);
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), Sha256.newMessageDigest())) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    }
  }
}
