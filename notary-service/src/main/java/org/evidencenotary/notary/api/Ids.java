package org.evidencenotary.notary.api;

import org.evidencenotary.format.LowercaseUuid;
import org.evidencenotary.notary.evidence.EvidenceNotFoundException;

/** Path ids are checked before use: an id that cannot exist is simply not found. */
final class Ids {
  private Ids() {}

  static String evidenceId(String raw) {
    if (!LowercaseUuid.matches(raw)) {
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
