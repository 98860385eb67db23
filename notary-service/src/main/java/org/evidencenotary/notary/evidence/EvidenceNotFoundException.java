package org.evidencenotary.notary.evidence;

/** No evidence with this id. */
public final class EvidenceNotFoundException extends RuntimeException {
  private final String evidenceId;

  public EvidenceNotFoundException(String evidenceId) {
    super("no evidence with id " + evidenceId);
    this.evidenceId = evidenceId;
  }

  public String evidenceId() {
    return evidenceId;
  }
}
