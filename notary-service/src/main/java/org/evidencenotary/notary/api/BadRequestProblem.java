package org.evidencenotary.notary.api;

/** The request is malformed in a way the client can fix; {@link ProblemMapper} answers 400 {@code bad-request}. */
final class BadRequestProblem extends RuntimeException {
  BadRequestProblem(String message) {
    super(message);
  }

  BadRequestProblem(String message, Throwable cause) {
    super(message, cause);
  }
}
