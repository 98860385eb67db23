package org.evidencenotary.notary.verify;

/** What a verification concludes about an exhibit. */
public enum Verdict {
  /** Bit-exact to notarized evidence; anchor, signature, block chain and stored original all check. */
  AUTHENTIC,
  /**
   * A DICOM exhibit whose bytes were never notarized, but whose Pixel Data is bit-exact to that of
   * notarized evidence: the picture is authentic, the header was changed (de-identification,
   * re-coding). The report lists the changed attributes when the original is in the store.
   */
  PIXELS_AUTHENTIC_HEADER_CHANGED,
  /**
   * The exhibit's bytes differ from notarized evidence it claims to be: against a proof bundle, or
   * a DICOM exhibit with a notarized SOP Instance UID whose Pixel Data differs.
   */
  MODIFIED,
  /** The exhibit's digest is known but a check failed, so authenticity cannot be confirmed. */
  UNVERIFIABLE,
  /** Never notarized here. */
  UNKNOWN
}
