package org.evidencenotary.notary.dicom;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link DicomScanner} found.
 *
 * @param kind whether the bytes are DICOM, and well-formed
 * @param reason why they are not (for {@code NOT_DICOM} and {@code MALFORMED}); never patient data
 * @param header the header attributes (for {@code DICOM})
 * @param pixels the Pixel Data digests, or null when no pixel digest is claimed: an instance
 *     without Pixel Data, or one whose picture is not clear (see the warnings)
 * @param dataSetSha256 the SHA-256 of every byte after the File Meta Information, as received (for
 *     {@code DICOM}): what a C-STORE transmits, whoever wrote the meta information
 * @param warnings for {@code DICOM}: what departs from the standard but was read, in short fixed
 *     texts that name tags, VRs and counts, never a value (empty for a clean file and for the
 *     other kinds)
 */
public record DicomScan(
    Kind kind, String reason, DicomHeader header, PixelDigests pixels, String dataSetSha256, List<String> warnings) {
  /** The three outcomes. */
  public enum Kind {
    /** No DICOM Part 10 marker: other bytes (PNG, PDF...). */
    NOT_DICOM,
    /** Claims to be DICOM Part 10 but is not well-formed, or is a kind not supported. */
    MALFORMED,
    /** A DICOM Part 10 file that could be read (perhaps with warnings). */
    DICOM
  }

  public DicomScan {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.DICOM) {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(dataSetSha256, "dataSetSha256");
    } else {
      Objects.requireNonNull(reason, "reason");
    }
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  static DicomScan notDicom(String reason) {
    return new DicomScan(Kind.NOT_DICOM, reason, null, null, null, List.of());
  }

  static DicomScan malformed(String reason) {
    return new DicomScan(Kind.MALFORMED, reason, null, null, null, List.of());
  }

  static DicomScan parsed(DicomHeader header, PixelDigests pixels, String dataSetSha256, List<String> warnings) {
    return new DicomScan(Kind.DICOM, null, header, pixels, dataSetSha256, warnings);
  }

  public boolean isDicom() {
    return kind == Kind.DICOM;
  }
}
