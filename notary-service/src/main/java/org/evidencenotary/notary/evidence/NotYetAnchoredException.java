package org.evidencenotary.notary.evidence;

/** A proof, or a read that needs a custody event, was asked for evidence not yet anchored. */
public final class NotYetAnchoredException extends RuntimeException {
  private final String evidenceId;

  public NotYetAnchoredException(String evidenceId) {
    this(evidenceId, "no proof is issued before it is");
  }

  /**
   * @param refused what is refused until the evidence is anchored, e.g. "the original is not
   *     released before it is"
   */
  public NotYetAnchoredException(String evidenceId, String refused) {
    super("evidence " + evidenceId + " is stored and signed but not yet anchored on the ledger; "
        + refused + ". Retry shortly.");
    this.evidenceId = evidenceId;
  }

  public String evidenceId() {
    return evidenceId;
  }
}
