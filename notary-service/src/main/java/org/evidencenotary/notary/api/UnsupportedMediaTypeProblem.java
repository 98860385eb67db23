package org.evidencenotary.notary.api;

/**
 * The request's media type is not one this endpoint takes; {@link ProblemMapper} answers 415
 * {@code unsupported-media-type}. The message says what the endpoint does take.
 */
final class UnsupportedMediaTypeProblem extends RuntimeException {
  UnsupportedMediaTypeProblem(String message) {
    super(message);
  }
}
