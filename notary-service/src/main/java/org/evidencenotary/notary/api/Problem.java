package org.evidencenotary.notary.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail. {@code type} is a stable URN per kind of problem, so clients can
 * branch on it; {@code detail} explains this occurrence, without internals. The extension members
 * are present only where they apply: {@code evidenceId} or {@code sha256} of the evidence
 * involved; {@code parts} and {@code partsIndex} (the path of their list) for a document that is
 * written in parts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String instance, String evidenceId, String sha256,
    Integer parts, String partsIndex) {
  public static final String MEDIA_TYPE = "application/problem+json";
  static final String PREFIX = "urn:evidence-notary:problem:";

  static Problem of(String kind, String title, int status, String detail, String instance) {
    return new Problem(PREFIX + kind, title, status, detail, instance, null, null, null, null);
  }

  Problem withEvidence(String evidenceId, String sha256) {
    return new Problem(type, title, status, detail, instance, evidenceId, sha256, parts, partsIndex);
  }

  Problem withParts(int parts, String partsIndex) {
    return new Problem(type, title, status, detail, instance, evidenceId, sha256, parts, partsIndex);
  }
}
