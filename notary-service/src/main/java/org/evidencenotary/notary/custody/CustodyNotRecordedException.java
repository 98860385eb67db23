package org.evidencenotary.notary.custody;

import org.evidencenotary.chaincode.core.CustodyAction;

/**
 * A custody event could not be recorded (its details not kept, or the ledger unavailable or
 * refusing), so the read it was for must not happen: nothing is released.
 */
public final class CustodyNotRecordedException extends RuntimeException {
  private final String evidenceId;
  private final CustodyAction action;

  public CustodyNotRecordedException(String evidenceId, CustodyAction action, String why, Throwable cause) {
    super("custody event " + action + " of evidence " + evidenceId + " was not recorded: " + why, cause);
    this.evidenceId = evidenceId;
    this.action = action;
  }

  public String evidenceId() {
    return evidenceId;
  }

  public CustodyAction action() {
    return action;
  }
}
