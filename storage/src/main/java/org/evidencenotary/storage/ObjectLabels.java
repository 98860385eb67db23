package org.evidencenotary.storage;

/**
 * Descriptive labels a store may keep beside an object (as object metadata). They describe the
 * object; they never take part in addressing or integrity checks, and must not hold patient data.
 *
 * @param mediaType the declared media type, e.g. {@code application/dicom}; {@code null} if unknown
 * @param evidenceId the notary's evidence id; {@code null} if not yet known
 */
public record ObjectLabels(String mediaType, String evidenceId) {
  /** No labels. */
  public static final ObjectLabels NONE = new ObjectLabels(null, null);

  public ObjectLabels {
    // The values end up in HTTP headers: refuse anything that could break or smuggle a header.
    check("mediaType", mediaType);
    check("evidenceId", evidenceId);
  }

  private static void check(String name, String value) {
    if (value == null) {
      return;
    }
    if (value.isEmpty() || value.length() > 255 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f
        || c == ' ')) {
      throw new IllegalArgumentException(
          name + " must be 1-255 printable ASCII characters without control characters");
    }
  }
}
