package org.evidencenotary.notary.verify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Verdict;
import org.evidencenotary.notary.auth.Caller;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.dicom.AttributeChange;

/**
 * The answer to "is this exhibit authentic?".
 *
 * @param verdict the conclusion
 * @param summary one sentence saying why
 * @param evidenceId the notarized evidence the exhibit was compared with, if any
 * @param exhibitSha256 SHA-256 of the exhibit (hex)
 * @param exhibitSize length of the exhibit in bytes
 * @param checks every check made, in order
 * @param headerChanges for a DICOM exhibit compared with a notarized original: the header
 *     attributes that differ (values only where they are never patient data); absent otherwise
 * @param nearMatch whether the exhibit's exact bytes are unknown and it was related to notarized
 *     evidence by its picture or its SOP Instance UID (not part of the JSON answer)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerificationReport(
    Verdict verdict,
    String summary,
    String evidenceId,
    String exhibitSha256,
    long exhibitSize,
    List<Check> checks,
    List<AttributeChange> headerChanges,
    @JsonIgnore boolean nearMatch) {
  static final String RELATED = "a notarized instance";
  static final String WITHHELD_CHANGES = "The changed attributes are withheld: they are shown to the hospital and to"
      + " courts, signed in (docs/privacy.md).";

  public VerificationReport(
      Verdict verdict, String summary, String evidenceId, String exhibitSha256, long exhibitSize, List<Check> checks) {
    this(verdict, summary, evidenceId, exhibitSha256, exhibitSize, checks, null, false);
  }

  /**
   * This answer as {@code caller} may see it (docs/privacy.md): the evidence id of a near match
   * for signed-in hospital, court and insurer callers; the changed header attributes for the
   * hospital and courts only; anonymous callers (and auditors and administrators, whose work is
   * not the evidence) get the verdict and public facts.
   */
  public VerificationReport forCaller(Caller caller) {
    return disclosedTo(caller.hasAnyRole(Roles.ACQUIRER, Roles.VERIFIER, Roles.INSURER),
        caller.hasAnyRole(Roles.ACQUIRER, Roles.VERIFIER));
  }

  /**
   * This answer as a caller may see it (docs/privacy.md): without {@code relatedId}, a near match
   * names no evidence id, in no field and no check; without {@code changes}, the changed header
   * attributes are withheld, since a list of what differs confirms guessed patient data.
   */
  public VerificationReport disclosedTo(boolean relatedId, boolean changes) {
    boolean hideId = nearMatch && !relatedId && evidenceId != null;
    List<Check> shown = checks.stream().map(c -> {
      String detail = c.detail();
      if (!changes && PictureVerification.HEADER.equals(c.name())) {
        detail = WITHHELD_CHANGES;
      }
      if (hideId && detail != null) {
        detail = detail.replace(evidenceId, RELATED);
      }
      return detail == null || detail.equals(c.detail()) ? c : new Check(c.name(), c.result(), detail, c.concern());
    }).toList();
    return new VerificationReport(verdict, hideId ? summary.replace(evidenceId, RELATED) : summary,
        hideId ? null : evidenceId, exhibitSha256, exhibitSize, shown, changes ? headerChanges : null, nearMatch);
  }
}
