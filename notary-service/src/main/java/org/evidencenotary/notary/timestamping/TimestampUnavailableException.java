package org.evidencenotary.notary.timestamping;

import java.net.URI;

/**
 * The outside time-stamping authority gave no usable time-stamp: it could not be reached, did not
 * answer in time, refused, or answered with something that is not a valid token for our request.
 * The operation that needed the time-stamp fails whole and keeps nothing.
 */
public final class TimestampUnavailableException extends RuntimeException {
  private final URI tsa;

  public TimestampUnavailableException(URI tsa, String message, Throwable cause) {
    super(message, cause);
    this.tsa = tsa;
  }

  /** The TSA that was asked. */
  public URI tsa() {
    return tsa;
  }
}
