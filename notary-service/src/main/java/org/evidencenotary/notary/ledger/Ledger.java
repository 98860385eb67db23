package org.evidencenotary.notary.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.evidencenotary.chaincode.core.AnchorRequest;
import org.evidencenotary.chaincode.core.BatchRequest;
import org.evidencenotary.chaincode.core.CustodyEvent;
import org.evidencenotary.chaincode.core.CustodyRequest;
import org.evidencenotary.verifier.fabric.FabricTrust;

/**
 * Where digests are anchored. The embedded ledger and the Fabric ledger both run the chaincode
 * rules; the service sees only this interface.
 */
public interface Ledger extends Closeable {
  /** {@code embedded} or {@code fabric}. */
  LedgerKind kind();

  /**
   * Anchors each request, in order, in as few transactions and blocks as the ledger allows. An
   * already anchored digest yields its existing entry ({@code created=false}). A request the rules
   * refuse yields a result carrying the refusal; the others still go through.
   *
   * @throws LedgerUnavailableException when nothing could be written; no request was anchored
   */
  List<AnchorResult> anchor(List<AnchorRequest> requests);

  /** The ledger entry of {@code digestHex}, if anchored. */
  Optional<LedgerEntry> find(String digestHex);

  /**
   * Re-reads the block holding {@code entry} and checks it: its hash, its links to the blocks
   * before and after, and that its transaction wrote this anchor. Returns a sentence saying what
   * was checked.
   *
   * @throws LedgerVerificationException when any of that fails
   */
  String verify(LedgerEntry entry);

  /**
   * Anchors a Merkle root (a DICOM series manifest, a batch) in one transaction. Anchoring a root
   * already on the ledger returns its existing entry.
   *
   * @throws LedgerUnavailableException when nothing could be written
   * @throws org.evidencenotary.chaincode.core.RuleException when the rules refuse it
   */
  BatchEntry anchorBatch(BatchRequest request);

  /** The anchored batch with Merkle root {@code merkleRoot} (hex), if any. */
  Optional<BatchEntry> findBatch(String merkleRoot);

  /**
   * Records one custody event in one transaction, written for good (the embedded ledger: in a
   * synced block; Fabric: committed VALID) before it returns. The request carries only a digest
   * of what the caller keeps about the event, never the details themselves.
   *
   * @throws LedgerUnavailableException when it could not be recorded now (on Fabric this includes
   *     a refusal by the chaincode, which the Gateway reports as a failed endorsement)
   * @throws org.evidencenotary.chaincode.core.RuleException when the rules refuse it: {@code
   *     NOT_FOUND} for evidence not anchored, {@code ACCESS_DENIED}, {@code INVALID_ARGUMENT}
   */
  CustodyEvent recordCustody(CustodyRequest request);

  /**
   * The custody events of {@code evidenceId}, oldest first: at most {@link
   * org.evidencenotary.chaincode.core.EvidenceRules#MAX_RESULTS}, the rules' bound (which ones,
   * when there are more, is the rules' key order, not time). None for evidence never anchored.
   *
   * @throws LedgerUnavailableException when the ledger cannot be asked now
   */
  List<CustodyEvent> custodyEvents(String evidenceId);

  /**
   * Where the transaction that recorded {@code event} sits on the ledger, for proving the event
   * offline as an anchor is proven: the same block, hash and links.
   *
   * @throws LedgerVerificationException when the ledger holds no such transaction
   * @throws LedgerUnavailableException when the ledger cannot be asked now
   */
  AnchorLocation locate(CustodyEvent event);

  /** The block at {@code location}, as JSON, for proof bundles. */
  JsonNode block(AnchorLocation location);

  /** The block holding {@code entry}, as JSON, for proof bundles. */
  default JsonNode block(LedgerEntry entry) {
    return block(entry.location());
  }

  /**
   * The Fabric network's published trust, against which this ledger's blocks are checked (as the
   * offline verifier checks them); empty for a ledger that is not Fabric.
   */
  default Optional<FabricTrust> fabricTrust() {
    return Optional.empty();
  }

  /**
   * How long the anchoring queue waits for more items after the first of a batch, unless {@code
   * notary.ledger.max-wait} says otherwise. None by default: a block of the embedded ledger costs
   * one fsync.
   */
  default Duration batchWait() {
    return Duration.ZERO;
  }

  /** Most items the anchoring queue hands over at once, unless {@code notary.ledger.max-items} says otherwise. */
  default int batchItems() {
    return 512;
  }

  /**
   * How many of the latest anchored records the start check looks for on this ledger: all of them
   * by default, since a truncated or replaced block log must stop the service.
   */
  default int recordsToRecheckAtStart() {
    return Integer.MAX_VALUE;
  }

  /** Releases what the ledger holds open (files, connections); nothing by default. */
  @Override
  default void close() throws IOException {}

  /** Number of blocks. */
  long height();

  /** Throws when the ledger cannot take writes now. */
  void checkUsable();
}
