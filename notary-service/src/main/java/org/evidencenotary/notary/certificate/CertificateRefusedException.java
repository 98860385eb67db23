package org.evidencenotary.notary.certificate;

/** A certificate was asked for evidence that does not verify now; none is issued. */
public final class CertificateRefusedException extends RuntimeException {
  private final String evidenceId;

  public CertificateRefusedException(String evidenceId, String reason) {
    super("no certificate is issued for evidence " + evidenceId + ": " + reason);
    this.evidenceId = evidenceId;
  }

  public String evidenceId() {
    return evidenceId;
  }
}
