package org.evidencenotary.notary.evidence;

/** The request carried no bytes: there is nothing to notarize. */
public final class EmptyEvidenceException extends RuntimeException {
  public EmptyEvidenceException() {
    super("the request body (or its 'file' part) is empty; send the bytes to notarize");
  }
}
