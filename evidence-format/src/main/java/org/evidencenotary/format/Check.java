package org.evidencenotary.format;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;

/**
 * One thing a verification checked, in words a court clerk can read: the same record in the
 * notary service's verify answer and in the offline verifier's report.
 *
 * <p>Verdicts are decided on {@link #result} and {@link #concern}, never on the words of
 * {@link #detail}, which are for people.
 *
 * @param name what was checked
 * @param result the outcome
 * @param detail what was found, with the values compared
 * @param concern what a check that does not pass calls into question: whether the evidence holds
 *     together ({@link Concern#INTEGRITY}) or only whether the parties the trust folder names vouch
 *     for it ({@link Concern#TRUST}). Not part of the printed or JSON report.
 */
public record Check(String name, Result result, String detail, @JsonIgnore Concern concern) {
  /** Outcome of one check. */
  public enum Result {
    PASSED,
    FAILED,
    NOT_CHECKED
  }

  /** What a check that does not pass calls into question. */
  public enum Concern {
    /** The evidence itself: a failure means it was changed, is malformed or does not hold together. */
    INTEGRITY,
    /**
     * Who vouches for the evidence: a failure means it holds together, but is not established by
     * the trusted roots or organisations given (intact but untrusted).
     */
    TRUST
  }

  public Check {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(concern, "concern");
  }

  /** A check about the evidence's integrity. */
  public Check(String name, Result result, String detail) {
    this(name, result, detail, Concern.INTEGRITY);
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

  /**
   * A failed check of something that is intact but not vouched for by the trust given: a
   * signature that verifies by a signer who does not chain to a trusted root, an anchor not
   * established by the organisations the trust folder names.
   */
  public static Check untrusted(String name, String detail) {
    return new Check(name, Result.FAILED, detail, Concern.TRUST);
  }

  /** This check with {@code concern}: how a trust check reports that it passed or was not made. */
  public Check about(Concern concern) {
    return new Check(name, result, detail, concern);
  }

  public boolean passed() {
    return result == Result.PASSED;
  }

  /** Whether this check failed for a reason that shows the evidence broken, not only untrusted. */
  @JsonIgnore
  public boolean broken() {
    return result == Result.FAILED && concern == Concern.INTEGRITY;
  }
}
