package org.evidencenotary.verifier;

/** The offline verifier's conclusion, with the process exit code the command line uses. */
public enum Outcome {
  /** Every check passed: the exhibit is the notarized original. */
  AUTHENTIC(0),
  /** The proof is genuine and trusted, and the exhibit's bytes differ from what it notarized. */
  MODIFIED(1),
  /** A check failed or could not be made: authenticity cannot be confirmed. */
  UNVERIFIABLE(2),
  /** The signatures verify, but with certificates that do not chain to the trusted roots given. */
  UNTRUSTED(3);

  private final int exitCode;

  Outcome(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
