package org.evidencenotary.verifier;

import java.util.List;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Verdict;

/**
 * What the offline verifier found.
 *
 * @param outcome the conclusion
 * @param summary one sentence saying why
 * @param evidenceId the evidence the proof is for, if it could be read
 * @param exhibitSha256 SHA-256 of the exhibit (hex)
 * @param checks every check made, in order
 */
public record Report(Verdict outcome, String summary, String evidenceId, String exhibitSha256, List<Check> checks) {}
