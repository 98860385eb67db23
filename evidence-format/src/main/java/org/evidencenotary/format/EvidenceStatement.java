package org.evidencenotary.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * What the notary states, and signs, about one piece of evidence at the moment it was received.
 * Its signed bytes are its canonical form ({@link Canonical}, RFC 8785), which anyone can
 * re-create from the JSON in a proof bundle.
 *
 * @param type fixed {@value #TYPE}, so that the signature cannot be replayed on another kind of
 *     document
 * @param evidenceId the notary's id
 * @param sha256 SHA-256 of the exact bytes received (hex)
 * @param size length in bytes
 * @param mediaType media type as declared by the submitter
 * @param fileName file name as declared, or absent
 * @param caseReference case or claim reference as declared, or absent
 * @param description free text as declared, or absent
 * @param receivedAt when the last byte was received (ISO-8601 UTC, milliseconds)
 * @param submitter who submitted it, as declared
 * @param notary the signing service: its certificate subject and the SHA-256 of the certificate
 * @param dicom for a DICOM instance: its pixel and frame digests, salted UID hashes and technical
 *     attributes (no patient data); absent otherwise, so statements of other files keep their
 *     canonical form
 * @param submittedBy who submitted it as the notary authenticated them: the signed-in caller's name
 *     and roles; absent when nobody signed in (a DICOM C-STORE) and in statements made before
 *     sign-in, which so keep their canonical form
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvidenceStatement(
    String type,
    String evidenceId,
    String sha256,
    long size,
    String mediaType,
    String fileName,
    String caseReference,
    String description,
    String receivedAt,
    String submitter,
    NotaryRef notary,
    DicomEvidence dicom,
    SignedIn submittedBy) {
  public static final String TYPE = "evidence-notary/statement/v1";

  /** A statement about bytes that are not a DICOM instance. */
  public EvidenceStatement(
      String type, String evidenceId, String sha256, long size, String mediaType, String fileName,
      String caseReference, String description, String receivedAt, String submitter, NotaryRef notary) {
    this(type, evidenceId, sha256, size, mediaType, fileName, caseReference, description, receivedAt, submitter,
        notary, null, null);
  }

  /** A statement with no authenticated submitter. */
  public EvidenceStatement(
      String type, String evidenceId, String sha256, long size, String mediaType, String fileName,
      String caseReference, String description, String receivedAt, String submitter, NotaryRef notary,
      DicomEvidence dicom) {
    this(type, evidenceId, sha256, size, mediaType, fileName, caseReference, description, receivedAt, submitter,
        notary, dicom, null);
  }

  public EvidenceStatement {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(evidenceId, "evidenceId");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(submitter, "submitter");
    Objects.requireNonNull(notary, "notary");
  }

  /**
   * A submitter as the notary authenticated them.
   *
   * @param name the signed-in caller's name (their token's {@code upn})
   * @param roles the roles they held
   */
  public record SignedIn(String name, List<String> roles) {
    public SignedIn {
      Objects.requireNonNull(name, "name");
      roles = List.copyOf(roles);
    }
  }

  /** The signing service as named in a statement. */
  public record NotaryRef(String subject, String certificateSha256) {
    public NotaryRef {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(certificateSha256, "certificateSha256");
    }
  }
}
