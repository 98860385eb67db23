package org.evidencenotary.notary.api;

import java.util.regex.Pattern;
import org.evidencenotary.notary.evidence.EvidenceNotFoundException;

/** Path ids are checked before use: an id that cannot exist is simply not found. */
final class Ids {
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private Ids() {}

  static String evidenceId(String raw) {
    if (raw == null || !UUID.matcher(raw).matches()) {
      throw new EvidenceNotFoundException(raw == null ? "" : raw.length() > 64 ? raw.substring(0, 64) : raw);
    }
    return raw;
  }

  /** {@code raw} as it may appear in an answer: printable ASCII only, at most 64 characters. */
  static String printable(String raw) {
    String clean = raw.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
  }
}
