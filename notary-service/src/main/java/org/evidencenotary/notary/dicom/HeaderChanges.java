package org.evidencenotary.notary.dicom;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The attributes that differ between two headers. Values are shown only for attributes on a fixed
 * list of technical and device attributes; every other value (names, ids, dates, UIDs, free text,
 * private tags) is withheld, since it may identify a patient.
 */
public final class HeaderChanges {
  /** Attributes whose values are never patient data. */
  static final Set<Integer> SHOWN = Set.of(
      // meta: group length, version, SOP class, transfer syntax, implementation, source AE
      0x00020000, 0x00020001, 0x00020002, 0x00020010, 0x00020012, 0x00020013, 0x00020016,
      0x00080005, 0x00080016, 0x00080060, 0x00080064, 0x00080070, 0x00080080, 0x00081010, 0x00081090,
      0x00181000, 0x00181020, 0x00180050, 0x00180060, 0x00181150, 0x00181151, 0x00181152,
      0x00280002, 0x00280004, 0x00280006, 0x00280008, 0x00280010, 0x00280011, 0x00280030, 0x00280100,
      0x00280101, 0x00280102, 0x00280103, 0x00281050, 0x00281051, 0x00281052, 0x00281053, 0x00282110);

  private HeaderChanges() {}

  public static List<AttributeChange> between(DicomHeader original, DicomHeader exhibit) {
    Map<Integer, DicomAttribute> a = original.byTag();
    Map<Integer, DicomAttribute> b = exhibit.byTag();
    Set<Integer> tags = new TreeSet<>((x, y) -> Integer.compareUnsigned(x, y));
    tags.addAll(a.keySet());
    tags.addAll(b.keySet());
    List<AttributeChange> changes = new ArrayList<>();
    for (int tag : tags) {
      DicomAttribute before = a.get(tag);
      DicomAttribute after = b.get(tag);
      if (before != null && after != null && Objects.equals(before.value(), after.value())) {
        continue;
      }
      DicomAttribute any = before != null ? before : after;
      String change = before == null ? "added" : after == null ? "removed" : "changed";
      boolean shown = SHOWN.contains(tag);
      changes.add(new AttributeChange(any.tagString(), any.name(), change,
          shown && before != null ? before.value() : null, shown && after != null ? after.value() : null));
    }
    return changes;
  }
}
