package org.evidencenotary.notary.portal;

import java.util.List;
import org.evidencenotary.format.Verdict;

/**
 * A verdict in plain words, for people who are not programmers: a headline and one sentence. The
 * verification page lists them all (so they can be read before a file is checked) and its script
 * shows the one the verify API answered.
 *
 * @param verdict the verdict as the API names it
 * @param headline two or three words
 * @param meaning one sentence
 * @param tone {@code good}, {@code partial}, {@code bad} or {@code unknown}: the icon and colour,
 *     which only repeat what the words say
 */
public record VerdictText(Verdict verdict, String headline, String meaning, String tone) {
  /** The verdicts the service answers, best first. */
  static final List<VerdictText> SERVICE_VERDICTS = List.of(
      new VerdictText(Verdict.AUTHENTIC, "Authentic",
          "This file is exactly, bit for bit, the file that was notarized, and every check passed.", "good"),
      new VerdictText(Verdict.PIXELS_AUTHENTIC_HEADER_CHANGED, "Picture authentic, header changed",
          "The image itself is exactly the notarized one, but the information stored with it (the DICOM header)"
              + " was changed afterwards, for example when it was anonymised.", "partial"),
      new VerdictText(Verdict.MODIFIED, "Modified",
          "This file is not the file that was notarized: it was changed after it was notarized.", "bad"),
      new VerdictText(Verdict.UNVERIFIABLE, "Cannot be confirmed",
          "The notary knows this file (or a proof was given), but one of the checks failed, so its authenticity"
              + " cannot be confirmed; the checks below say which.", "bad"),
      new VerdictText(Verdict.UNKNOWN, "Not notarized",
          "This exact file was never notarized here: it may be a changed copy, or a file the notary never"
              + " received.", "unknown"));

  public String name() {
    return verdict.name();
  }
}
