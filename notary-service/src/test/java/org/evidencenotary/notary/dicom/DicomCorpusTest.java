package org.evidencenotary.notary.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every DICOM file of other toolkits' test data ({@link DicomCorpus}) through the scanner, beside
 * DCMTK's {@code dcmdump +fo} (read as a Part 10 file, which is what the notary takes): the goal
 * is that every file DCMTK reads without an error is notarized, with warnings where it departs from
 * the standard, and that every refusal says why. The few files DCMTK reads and the notary still
 * refuses are listed here by name with the reason; the test fails when one is refused that is not
 * listed, and when a listed one is no longer refused (so the list cannot go stale).
 *
 * <p>The table for docs/dicom.md ("Corpus") is written to {@code target/dicom-corpus.md}.
 */
class DicomCorpusTest {
  /** Files dcmdump reads that the notary refuses, with why (docs/dicom.md says the same). */
  static final Map<String, String> REFUSED_THOUGH_DCMTK_READS = Map.of(
      "pydicom/test_files/dicomdirtests/DICOMDIR-nooffset", "PixelMed 20220618, the header reader, stops without an"
          + " error before this DICOMDIR's Directory Record Sequence (its records name no offsets); the cross-check"
          + " refuses a header that was not read whole");

  static final List<DicomCorpus> CORPORA = DicomCorpus.ALL;

  private static final Map<String, Row> ROWS = new ConcurrentHashMap<>();
  private static final Map<String, Integer> WARNINGS = new ConcurrentHashMap<>();

  /** One corpus' counts. */
  record Row(DicomCorpus corpus, int files, int accepted, int withWarnings, int withPixels,
      Map<String, Integer> refused, int dcmtkReads) {}

  @ParameterizedTest(name = "{0}")
  @FieldSource("CORPORA")
  void every_file_dcmtk_reads_is_notarized_and_every_refusal_has_a_reason(DicomCorpus corpus) throws Exception {
    Path dir = corpus.dir();
    List<Path> files = corpus.files();
    assertThat(files).as("files of %s", corpus.name()).isNotEmpty();
    int accepted = 0;
    int withWarnings = 0;
    int withPixels = 0;
    int dcmtkReads = 0;
    Map<String, Integer> refused = new TreeMap<>();
    List<String> unexpected = new ArrayList<>();
    StringBuilder log = new StringBuilder();
    for (Path f : files) {
      String name = corpus.name() + "/" + dir.relativize(f).toString().replace('\\', '/');
      DicomScan scan = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> DicomTestFiles.scan(f), name);
      boolean dcmtk = Dcmtk.exec("dcmdump", Map.of(), "-q", "+fo", f.toString()).exitCode() == 0;
      dcmtkReads += dcmtk ? 1 : 0;
      String listed = REFUSED_THOUGH_DCMTK_READS.get(name);
      if (scan.isDicom()) {
        accepted++;
        withWarnings += scan.warnings().isEmpty() ? 0 : 1;
        if (scan.pixels() != null) {
          withPixels++;
          assertThat(scan.pixels().sha256()).as(name).hasSize(64);
        }
        scan.warnings().forEach(w -> WARNINGS.merge(kind(w), 1, Integer::sum));
        log.append(String.format("  accepted %s%s%s%n", name, scan.pixels() == null ? " (no pixel digest)" : "",
            scan.warnings().isEmpty() ? "" : ": " + String.join("; ", scan.warnings())));
        if (listed != null) {
          unexpected.add(name + " is listed as refused (" + listed + ") but is accepted now: take it off the list");
        }
      } else {
        assertThat(scan.reason()).as("reason for %s", name).isNotBlank();
        refused.merge(category(scan.reason()), 1, Integer::sum);
        log.append(String.format("  refused  %s: %s (dcmdump %s)%n", name, scan.reason(), dcmtk ? "reads it" : "fails"));
        if (dcmtk && listed == null) {
          unexpected.add(name + " is refused (" + scan.reason() + ") though dcmdump reads it");
        }
      }
    }
    System.out.printf("%s: %d files, %d accepted (%d with warnings), %d refused%n%s", corpus.name(), files.size(),
        accepted, withWarnings, files.size() - accepted, log);
    ROWS.put(corpus.name(), new Row(corpus, files.size(), accepted, withWarnings, withPixels, refused, dcmtkReads));
    assertThat(unexpected).as("files refused against the goal, or listed refusals that no longer hold").isEmpty();
  }

  @AfterAll
  static void writeTable() throws IOException {
    if (ROWS.isEmpty()) {
      return;
    }
    StringBuilder t = new StringBuilder();
    t.append("| corpus | files | dcmdump +fo reads | accepted | with warnings | with a pixel digest | refused, by reason |\n");
    t.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (DicomCorpus c : CORPORA) {
      Row r = ROWS.get(c.name());
      if (r == null) {
        continue;
      }
      String refused = r.refused().isEmpty() ? "none" : r.refused().entrySet().stream()
          .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining("; "));
      t.append(String.format("| %s (%s) | %d | %d | %d | %d | %d | %d: %s |%n", c.name(), c.source(), r.files(),
          r.dcmtkReads(), r.accepted(), r.withWarnings(), r.withPixels(), r.files() - r.accepted(), refused));
    }
    t.append("\n| warning | files |\n| --- | --- |\n");
    new TreeMap<>(WARNINGS).forEach((w, n) -> t.append("| ").append(w).append(" | ").append(n).append(" |\n"));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "dicom-corpus.md"), t);
    System.out.print(t);
  }

  /** A refusal's reason without its byte offsets and lengths, for counting. */
  static String category(String reason) {
    if (reason.startsWith("no DICOM Part 10 marker")) {
      return "no DICM marker (a bare data set, not a Part 10 file)";
    }
    if (reason.contains("ends inside")) {
      return "cut short (ends inside an element)";
    }
    if (reason.contains("deflate")) {
      return "a deflated data set that does not inflate";
    }
    if (reason.contains("declares") || reason.contains("more than")) {
      return "a length past the header bound (16 MiB before Pixel Data)";
    }
    if (reason.contains("could not all be read")) {
      return "the header reader (PixelMed) could not read the whole header";
    }
    if (reason.contains("file meta information") || reason.contains("(0002,")) {
      return "broken file meta information (" + reason.replaceAll("[0-9]+ bytes", "N bytes") + ")";
    }
    return reason.replaceAll("at byte [0-9]+", "at byte N").replaceAll("[0-9]{3,}", "N");
  }

  /** A warning without its counts and first examples, for counting. */
  static String kind(String warning) {
    return warning.replaceAll("^[0-9]+ ", "N ").replaceAll("\\(first .* at \\([0-9A-F,]+\\)\\)", "(first ...)")
        .replaceAll("says [0-9]+ bytes, the group has [0-9]+", "says N bytes, the group has M")
        .replaceAll("element\\(s\\) (\\([0-9A-F,]+\\) ?)+(and [0-9]+ more)?", "element(s) (...)")
        .replaceAll("; [0-9]+ ", "; N ");
  }
}
