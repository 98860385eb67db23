package org.evidencenotary.notary.dicom;

/**
 * One top-level attribute.
 *
 * @param tag group in the high 16 bits, element in the low
 * @param name the dictionary name (e.g. {@code InstitutionName}), or empty for private tags
 * @param vr the value representation
 * @param value the value as text; for sequences and bulk binary values a SHA-256 fingerprint of
 *     their content, so a change is seen without keeping the content
 */
public record DicomAttribute(int tag, String name, String vr, String value) {
  /** {@code (gggg,eeee)}. */
  public String tagString() {
    return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
  }
}
