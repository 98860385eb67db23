package org.evidencenotary.chaincode.core;

import java.util.Objects;
import java.util.Set;

/**
 * Which organisations may do what. Hospitals anchor; every member (hospitals, courts, insurers)
 * reads.
 *
 * @param anchoringOrganisations MSP ids allowed to anchor evidence
 */
public record AccessPolicy(Set<String> anchoringOrganisations) {
  public AccessPolicy {
    Objects.requireNonNull(anchoringOrganisations, "anchoringOrganisations");
    anchoringOrganisations = Set.copyOf(anchoringOrganisations);
    if (anchoringOrganisations.isEmpty()) {
      throw new IllegalArgumentException("at least one organisation must be allowed to anchor");
    }
  }

  public boolean mayAnchor(Caller caller) {
    return anchoringOrganisations.contains(caller.mspId());
  }
}
