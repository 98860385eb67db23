package org.evidencenotary.notary.evidence;

/** The submission's metadata is malformed; nothing was kept. */
public final class InvalidSubmissionException extends RuntimeException {
  public InvalidSubmissionException(String message) {
    super(message);
  }

  public InvalidSubmissionException(String message, Throwable cause) {
    super(message, cause);
  }
}
