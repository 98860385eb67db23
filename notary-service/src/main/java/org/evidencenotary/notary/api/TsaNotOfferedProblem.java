package org.evidencenotary.notary.api;

/**
 * The built-in time-stamping authority is not offered over HTTP (the notary uses an outside TSA);
 * {@link ProblemMapper} answers 404 {@code tsa-not-offered}.
 */
final class TsaNotOfferedProblem extends RuntimeException {
  TsaNotOfferedProblem(String message) {
    super(message);
  }
}
