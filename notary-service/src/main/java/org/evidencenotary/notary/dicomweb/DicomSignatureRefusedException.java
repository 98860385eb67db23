package org.evidencenotary.notary.dicomweb;

import java.util.Objects;

/**
 * No DICOM-signed copy can be made of this evidence, for a reason the client can act on (it is not
 * DICOM, nobody signed its acquisition, the signer was revoked, its encoding cannot be signed).
 * {@code kind} is the stable last part of the problem type.
 */
public final class DicomSignatureRefusedException extends RuntimeException {
  private final String kind;
  private final String evidenceId;

  public DicomSignatureRefusedException(String kind, String evidenceId, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.evidenceId = evidenceId;
  }

  public String kind() {
    return kind;
  }

  public String evidenceId() {
    return evidenceId;
  }
}
