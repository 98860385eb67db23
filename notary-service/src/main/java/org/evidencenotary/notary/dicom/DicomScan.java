package org.evidencenotary.notary.dicom;

import java.util.Objects;

/**
 * What a {@link DicomScanner} found.
 *
 * @param kind whether the bytes are DICOM, and well-formed
 * @param reason why they are not (for {@code NOT_DICOM} and {@code MALFORMED}); never patient data
 * @param header the header attributes (for {@code DICOM})
 * @param pixels the Pixel Data digests, or null for an instance without Pixel Data
 * @param dataSetSha256 the SHA-256 of every byte after the File Meta Information, as received (for
 *     {@code DICOM}): what a C-STORE transmits, whoever wrote the meta information
 */
public record DicomScan(Kind kind, String reason, DicomHeader header, PixelDigests pixels, String dataSetSha256) {
  /** The three outcomes. */
  public enum Kind {
    /** No DICOM Part 10 marker: other bytes (PNG, PDF...). */
    NOT_DICOM,
    /** Claims to be DICOM Part 10 but is not well-formed, or is a kind not supported. */
    MALFORMED,
    /** A well-formed DICOM Part 10 file. */
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
  }

  static DicomScan notDicom(String reason) {
    return new DicomScan(Kind.NOT_DICOM, reason, null, null, null);
  }

  static DicomScan malformed(String reason) {
    return new DicomScan(Kind.MALFORMED, reason, null, null, null);
  }

  static DicomScan parsed(DicomHeader header, PixelDigests pixels, String dataSetSha256) {
    return new DicomScan(Kind.DICOM, null, header, pixels, dataSetSha256);
  }

  public boolean isDicom() {
    return kind == Kind.DICOM;
  }
}
