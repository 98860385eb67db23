package org.evidencenotary.notary.dicom;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The top-level attributes of a DICOM header (file meta information and data set, up to Pixel
 * Data), as our own value type: nothing outside this package sees the toolkit's types.
 */
public record DicomHeader(List<DicomAttribute> attributes) {
  public DicomHeader {
    attributes = List.copyOf(attributes);
  }

  /** The value of {@code tag} as a string (multiple values joined with {@code \}), or null. */
  public String value(int tag) {
    for (DicomAttribute a : attributes) {
      if (a.tag() == tag) {
        return a.value();
      }
    }
    return null;
  }

  /** This header with {@code tag}'s value replaced (the attribute must be present). */
  DicomHeader with(int tag, String value) {
    return new DicomHeader(attributes.stream()
        .map(a -> a.tag() == tag ? new DicomAttribute(a.tag(), a.name(), a.vr(), value) : a).toList());
  }

  Map<Integer, DicomAttribute> byTag() {
    Map<Integer, DicomAttribute> map = new LinkedHashMap<>();
    attributes.forEach(a -> map.put(a.tag(), a));
    return map;
  }
}
