package org.evidencenotary.notary.evidence;

import java.util.Locale;
import java.util.regex.Pattern;
import org.evidencenotary.format.EvidenceStatement;
import org.evidencenotary.format.LowercaseUuid;
import org.evidencenotary.notary.identity.InvalidSubmissionException;

/**
 * What the submitter declares about the bytes. Every field is checked here, so a {@code
 * Submission} in hand is safe to sign, store and echo.
 *
 * @param mediaType lowercase {@code type/subtype}
 * @param fileName a plain file name, or {@code null}
 * @param caseReference a case or claim reference, or {@code null}
 * @param description free text, or {@code null}
 * @param submitter who submits, as declared
 * @param signer the enrolled technologist or device (identity id) whose key signs the
 *     acquisition, or {@code null} for none
 * @param submittedBy who submits as the service authenticated them, or {@code null} when nobody
 *     signed in (DICOM C-STORE)
 */
public record Submission(
    String mediaType, String fileName, String caseReference, String description, String submitter, String signer,
    EvidenceStatement.SignedIn submittedBy) {

  /** A submission that no enrolled identity signs. */
  public Submission(String mediaType, String fileName, String caseReference, String description, String submitter) {
    this(mediaType, fileName, caseReference, description, submitter, null, null);
  }

  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");
  public static final String DEFAULT_MEDIA_TYPE = "application/octet-stream";

  public Submission {
    mediaType = normaliseMediaType(mediaType);
    fileName = checkText("fileName", fileName, 255);
    if (fileName != null && (fileName.contains("/") || fileName.contains("\\"))) {
      throw new InvalidSubmissionException("fileName must be a plain name without folders");
    }
    caseReference = checkText("caseReference", caseReference, 256);
    description = checkText("description", description, 4096);
    submitter = checkText("submitter", submitter, 256);
    if (submitter == null) {
      throw new InvalidSubmissionException("submitter is required");
    }
    if (signer != null && signer.isBlank()) {
      signer = null;
    }
    if (signer != null && !LowercaseUuid.matches(signer)) {
      throw new InvalidSubmissionException("signer must be the id of an enrolled identity (a lowercase UUID)");
    }
  }

  /** {@code type/subtype} in lowercase, parameters dropped; the default when absent. */
  static String normaliseMediaType(String declared) {
    if (declared == null || declared.isBlank()) {
      return DEFAULT_MEDIA_TYPE;
    }
    String base = declared.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!MEDIA_TYPE.matcher(base).matches()) {
      throw new InvalidSubmissionException("'" + base + "' is not a media type (type/subtype)");
    }
    return base;
  }

  private static String checkText(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    if (trimmed.length() > max) {
      throw new InvalidSubmissionException(field + " is longer than " + max + " characters");
    }
    boolean control = trimmed.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t');
    if (control || (!"description".equals(field) && (trimmed.contains("\n") || trimmed.contains("\t")))) {
      throw new InvalidSubmissionException(field + " contains control characters");
    }
    return trimmed;
  }
}
