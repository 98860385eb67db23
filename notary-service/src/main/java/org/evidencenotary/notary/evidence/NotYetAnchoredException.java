package org.evidencenotary.notary.evidence;

/** A proof was asked for evidence that is stored but not yet anchored. */
public final class NotYetAnchoredException extends RuntimeException {
  private final String evidenceId;

  public NotYetAnchoredException(String evidenceId) {
    super("evidence " + evidenceId + " is stored and signed but not yet anchored on the ledger;"
        + " no proof is issued before it is. Retry shortly.");
    this.evidenceId = evidenceId;
  }

  public String evidenceId() {
    return evidenceId;
  }
}
