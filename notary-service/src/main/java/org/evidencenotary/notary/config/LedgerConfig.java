package org.evidencenotary.notary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Which ledger anchors digests, how the anchoring queue batches, and who the notary is on it. */
@ConfigMapping(prefix = "notary.ledger")
public interface LedgerConfig {
  /**
   * {@code embedded} (a local hash-chained block log running the chaincode rules) or {@code
   * fabric} (the Hyperledger Fabric network described by {@link Fabric#connectionProfile()}).
   */
  @WithDefault("embedded")
  String kind();

  /** Name of the embedded ledger, written into its genesis block and into every proof. */
  @WithDefault("notary-embedded")
  String ledgerId();

  /** The organisation (MSP id) the notary anchors as on the embedded ledger. */
  @WithDefault("HospitalMSP")
  String organisation();

  /** Organisations that the embedded ledger's rules let anchor. */
  @WithDefault("HospitalMSP")
  Set<String> anchoringOrganisations();

  /**
   * Most items the anchoring queue hands the ledger at once: one block on the embedded ledger
   * (default 512), one transaction on Fabric (default and at most 150, what its BFT ordering takes;
   * see {@code FabricLedger.ITEMS_PER_TRANSACTION}).
   */
  OptionalInt maxItems();

  /**
   * How long the anchoring queue waits for more items after the first, before it anchors what it
   * has. Default: none on the embedded ledger (a block costs one fsync), 50 ms on Fabric (a
   * transaction costs endorsement, ordering and commit).
   */
  Optional<Duration> maxWait();

  /** The Fabric ledger, when {@link #kind()} is {@code fabric}. */
  Fabric fabric();

  /** How the service reaches the Fabric network. */
  interface Fabric {
    /**
     * The connection file {@code network-config/fabric/network.sh up} writes ({@code
     * connection.json}): channel, chaincode, the hospital's Gateway peer and its TLS CA, the
     * client identity, and the folder of the network's trust for verifying proofs.
     */
    Optional<Path> connectionProfile();

    /** Deadline of a query (evaluate) on the Gateway peer. */
    @WithDefault("5s")
    Duration evaluateTimeout();

    /** Deadline of endorsement, by the Gateway peer and the endorsers it picks. */
    @WithDefault("15s")
    Duration endorseTimeout();

    /** Deadline of handing the endorsed transaction to the ordering service. */
    @WithDefault("10s")
    Duration submitTimeout();

    /** Deadline of waiting for the transaction's commit status. */
    @WithDefault("30s")
    Duration commitTimeout();
  }
}
