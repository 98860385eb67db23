package org.evidencenotary.chaincode.core;

import java.util.Objects;
import java.util.Set;

/**
 * Which organisations may do what. Hospitals anchor; members (hospitals, courts, insurers) record
 * custody events; everyone on the channel reads.
 *
 * @param anchoringOrganisations MSP ids allowed to anchor evidence and batches
 * @param custodyOrganisations MSP ids allowed to record custody events
 */
public record AccessPolicy(Set<String> anchoringOrganisations, Set<String> custodyOrganisations) {
  public AccessPolicy {
    Objects.requireNonNull(anchoringOrganisations, "anchoringOrganisations");
    Objects.requireNonNull(custodyOrganisations, "custodyOrganisations");
    anchoringOrganisations = Set.copyOf(anchoringOrganisations);
    custodyOrganisations = Set.copyOf(custodyOrganisations);
    if (anchoringOrganisations.isEmpty()) {
      throw new IllegalArgumentException("at least one organisation must be allowed to anchor");
    }
  }

  /** A policy where the anchoring organisations are also the only custodians. */
  public AccessPolicy(Set<String> anchoringOrganisations) {
    this(anchoringOrganisations, anchoringOrganisations);
  }

  public boolean mayAnchor(Caller caller) {
    return anchoringOrganisations.contains(caller.mspId());
  }

  public boolean mayRecordCustody(Caller caller) {
    return custodyOrganisations.contains(caller.mspId()) || anchoringOrganisations.contains(caller.mspId());
  }
}
