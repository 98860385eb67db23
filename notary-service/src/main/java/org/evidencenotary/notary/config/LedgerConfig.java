package org.evidencenotary.notary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Set;

/** Which ledger anchors digests and who the notary is on it. */
@ConfigMapping(prefix = "notary.ledger")
public interface LedgerConfig {
  /** {@code embedded} (a local hash-chained block log running the chaincode rules). */
  @WithDefault("embedded")
  String kind();

  /** Name of this ledger, written into its genesis block and into every proof. */
  @WithDefault("notary-embedded")
  String ledgerId();

  /** The organisation (MSP id) the notary anchors as. */
  @WithDefault("HospitalMSP")
  String organisation();

  /** Organisations that the rules let anchor. */
  @WithDefault("HospitalMSP")
  Set<String> anchoringOrganisations();

  /** Most anchors written in one block. */
  @WithDefault("256")
  int maxBatch();
}
