package org.evidencenotary.format;

/**
 * What a verification concludes about an exhibit: the one vocabulary of the notary service's
 * verify answer and of the offline verifier, with the exit code the verifier's command line
 * gives. The offline verifier answers AUTHENTIC, MODIFIED, UNVERIFIABLE or UNTRUSTED; the
 * service, which also knows every notarized digest and picture, answers AUTHENTIC,
 * PIXELS_AUTHENTIC_HEADER_CHANGED, MODIFIED, UNVERIFIABLE or UNKNOWN.
 */
public enum Verdict {
  /**
   * Bit-exact to notarized evidence: anchor, signature, block (chain) and, where the service
   * answers, the stored original all check.
   */
  AUTHENTIC(0),
  /**
   * The exhibit's bytes differ from notarized evidence it claims to be: against a proof that is
   * genuine and trusted, or (service) a DICOM exhibit with a notarized SOP Instance UID whose
   * Pixel Data differs.
   */
  MODIFIED(1),
  /** A check failed or could not be made, so authenticity cannot be confirmed. */
  UNVERIFIABLE(2),
  /**
   * The evidence holds together and the signatures verify, but with certificates or organisations
   * that the trust given does not establish (intact but untrusted).
   */
  UNTRUSTED(3),
  /**
   * A DICOM exhibit whose bytes were never notarized, but whose Pixel Data is bit-exact to that of
   * notarized evidence: the picture is authentic, the header was changed (de-identification,
   * re-coding). The report lists the changed attributes when the original is in the store.
   */
  PIXELS_AUTHENTIC_HEADER_CHANGED(4),
  /** Never notarized here (the service's answer for a digest it does not know). */
  UNKNOWN(5);

  private final int exitCode;

  Verdict(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The offline verifier's process exit code for this verdict. */
  public int exitCode() {
    return exitCode;
  }
}
