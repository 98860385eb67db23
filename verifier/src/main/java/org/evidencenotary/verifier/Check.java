package org.evidencenotary.verifier;

/**
 * One thing the verifier checked, in words a court clerk can read.
 *
 * @param name what was checked
 * @param result the outcome
 * @param detail what was found, with the values compared
 */
public record Check(String name, Result result, String detail) {
  /** Outcome of one check. */
  public enum Result {
    PASSED,
    FAILED,
    NOT_CHECKED
  }

  public static Check passed(String name, String detail) {
    return new Check(name, Result.PASSED, detail);
  }

  public static Check failed(String name, String detail) {
    return new Check(name, Result.FAILED, detail);
  }

  public static Check notChecked(String name, String detail) {
    return new Check(name, Result.NOT_CHECKED, detail);
  }

  public boolean passed() {
    return result == Result.PASSED;
  }
}
