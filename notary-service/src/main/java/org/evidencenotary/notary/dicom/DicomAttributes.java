package org.evidencenotary.notary.dicom;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The DICOM attributes the notary records about an instance, in the hospital's own record store
 * only (never on the ledger, never in a proof bundle: see docs/privacy.md). No patient attributes:
 * identifiers of the acquisition and the device, and the image geometry.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DicomAttributes(
    String sopClassUid,
    String sopInstanceUid,
    String studyInstanceUid,
    String seriesInstanceUid,
    String modality,
    String acquisitionDate,
    String acquisitionTime,
    String manufacturer,
    String manufacturerModelName,
    String deviceSerialNumber,
    String stationName,
    String institutionName,
    String transferSyntaxUid,
    Integer rows,
    Integer columns,
    Integer numberOfFrames) {

  public static DicomAttributes of(DicomHeader h) {
    return new DicomAttributes(
        text(h, 0x00080016), text(h, 0x00080018), text(h, 0x0020000D), text(h, 0x0020000E), text(h, 0x00080060),
        text(h, 0x00080022), text(h, 0x00080032), text(h, 0x00080070), text(h, 0x00081090), text(h, 0x00181000),
        text(h, 0x00081010), text(h, 0x00080080), text(h, 0x00020010), number(h, 0x00280010), number(h, 0x00280011),
        frames(h));
  }

  private static String text(DicomHeader h, int tag) {
    String v = h.value(tag);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static Integer number(DicomHeader h, int tag) {
    String v = text(h, tag);
    try {
      return v == null ? null : Integer.valueOf(v.split("\\\\")[0].strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Integer frames(DicomHeader h) {
    Integer n = number(h, 0x00280008);
    return n != null ? n : h.value(0x00280010) != null ? Integer.valueOf(1) : null;
  }
}
