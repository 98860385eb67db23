package org.evidencenotary.notary.dicom;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One header attribute that differs between a notarized original and an exhibit.
 *
 * @param tag {@code (gggg,eeee)}
 * @param name the dictionary name, or empty for a private tag
 * @param change {@code changed}, {@code added} (only in the exhibit) or {@code removed}
 * @param originalValue the original's value, only for attributes that are never patient data
 * @param exhibitValue the exhibit's value, on the same terms
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttributeChange(String tag, String name, String change, String originalValue, String exhibitValue) {
  /** One line for a court clerk: "(0008,0080) InstitutionName changed from 'A' to 'B'". */
  public String describe() {
    String label = tag + (name.isEmpty() ? " (private)" : " " + name);
    if (originalValue == null && exhibitValue == null) {
      return label + " " + change + " (value withheld: may identify the patient)";
    }
    return switch (change) {
      case "added" -> label + " added: '" + exhibitValue + "'";
      case "removed" -> label + " removed (was '" + originalValue + "')";
      default -> label + " changed from '" + originalValue + "' to '" + exhibitValue + "'";
    };
  }
}
