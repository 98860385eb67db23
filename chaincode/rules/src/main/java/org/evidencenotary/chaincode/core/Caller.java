package org.evidencenotary.chaincode.core;

import java.util.Objects;

/**
 * The submitter of a transaction.
 *
 * @param mspId the organisation (Fabric MSP id), e.g. {@code HospitalMSP}
 * @param subject the submitting identity within it (X.509 subject), never a patient's data
 */
public record Caller(String mspId, String subject) {
  public Caller {
    Objects.requireNonNull(mspId, "mspId");
    Objects.requireNonNull(subject, "subject");
    if (mspId.isBlank()) {
      throw new IllegalArgumentException("mspId must not be blank");
    }
  }
}
