package org.evidencenotary.notary.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.evidencenotary.format.Verdict;

/**
 * One file of a batch check: its verify answer as the caller may see it, or why it was not checked.
 *
 * @param name the file's name as sent (inside a zip: the zip's name, a slash, the entry's path)
 * @param size bytes read (uncompressed)
 * @param sha256 SHA-256 of the bytes (hex); absent when the file could not be read
 * @param verdict the verdict; absent for a file that was not checked
 * @param summary the verify answer's summary
 * @param evidenceId the evidence the file was compared with, as disclosed to the caller
 * @param error why the file was not checked (empty, unreadable); absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchRow(
    String name, long size, String sha256, Verdict verdict, String summary, String evidenceId, String error) {
  static BatchRow checked(String name, VerificationReport report) {
    return new BatchRow(name, report.exhibitSize(), report.exhibitSha256(), report.verdict(), report.summary(),
        report.evidenceId(), null);
  }

  static BatchRow failed(String name, long size, String error) {
    return new BatchRow(name, size, null, null, null, null, error);
  }
}
