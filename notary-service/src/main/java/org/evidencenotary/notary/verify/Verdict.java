package org.evidencenotary.notary.verify;

/** What a verification concludes about an exhibit. */
public enum Verdict {
  /** Bit-exact to notarized evidence; anchor, signature, block chain and stored original all check. */
  AUTHENTIC,
  /** A proof bundle was given and the exhibit's bytes differ from what it notarized. */
  MODIFIED,
  /** The exhibit's digest is known but a check failed, so authenticity cannot be confirmed. */
  UNVERIFIABLE,
  /** Never notarized here. */
  UNKNOWN
}
