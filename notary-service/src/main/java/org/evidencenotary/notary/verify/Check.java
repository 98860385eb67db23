package org.evidencenotary.notary.verify;

/**
 * One thing a verification checked, in words a court clerk can read.
 *
 * @param name what was checked
 * @param result {@code PASSED}, {@code FAILED} or {@code NOT_CHECKED}
 * @param detail what was found, with the values compared
 */
public record Check(String name, Result result, String detail) {
  /** Outcome of one check. */
  public enum Result {
    PASSED,
    FAILED,
    NOT_CHECKED
  }

  static Check passed(String name, String detail) {
    return new Check(name, Result.PASSED, detail);
  }

  static Check failed(String name, String detail) {
    return new Check(name, Result.FAILED, detail);
  }

  static Check notChecked(String name, String detail) {
    return new Check(name, Result.NOT_CHECKED, detail);
  }
}
