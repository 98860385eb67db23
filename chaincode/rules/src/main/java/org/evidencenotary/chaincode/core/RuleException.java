package org.evidencenotary.chaincode.core;

import java.util.Objects;

/** A ledger rule refused a transaction. The {@link #code()} is stable; the message explains. */
public final class RuleException extends RuntimeException {
  private final ErrorCode code;

  public RuleException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public RuleException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
