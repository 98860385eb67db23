package org.evidencenotary.notary.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Verdict;
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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerificationReport(
    Verdict verdict,
    String summary,
    String evidenceId,
    String exhibitSha256,
    long exhibitSize,
    List<Check> checks,
    List<AttributeChange> headerChanges) {
  public VerificationReport(
      Verdict verdict, String summary, String evidenceId, String exhibitSha256, long exhibitSize, List<Check> checks) {
    this(verdict, summary, evidenceId, exhibitSha256, exhibitSize, checks, null);
  }
}
