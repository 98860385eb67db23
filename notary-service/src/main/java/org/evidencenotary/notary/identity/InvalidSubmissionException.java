package org.evidencenotary.notary.identity;

/**
 * The request is malformed (a submission's metadata, an enrolment, a signer that cannot sign);
 * nothing was kept. Lives with the identities, the lowest package that throws it.
 */
public final class InvalidSubmissionException extends RuntimeException {
  public InvalidSubmissionException(String message) {
    super(message);
  }

  public InvalidSubmissionException(String message, Throwable cause) {
    super(message, cause);
  }
}
