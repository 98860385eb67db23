package org.evidencenotary.notary.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail. {@code type} is a stable URN per kind of problem, so clients can
 * branch on it; {@code detail} explains this occurrence, without internals.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String instance, String evidenceId, String sha256) {
  public static final String MEDIA_TYPE = "application/problem+json";
  static final String PREFIX = "urn:evidence-notary:problem:";

  static Problem of(String kind, String title, int status, String detail, String instance) {
    return new Problem(PREFIX + kind, title, status, detail, instance, null, null);
  }

  Problem withEvidence(String evidenceId, String sha256) {
    return new Problem(type, title, status, detail, instance, evidenceId, sha256);
  }
}
