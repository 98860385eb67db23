package org.evidencenotary.notary.ledger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.evidencenotary.chaincode.core.AnchorItemOutcome;
import org.evidencenotary.chaincode.core.AnchorRequest;
import org.evidencenotary.chaincode.core.BatchAnchor;
import org.evidencenotary.chaincode.core.BatchRequest;
import org.evidencenotary.chaincode.core.CustodyEvent;
import org.evidencenotary.chaincode.core.CustodyRequest;
import org.evidencenotary.chaincode.core.EvidenceAnchor;
import org.evidencenotary.chaincode.core.EvidenceRules;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.config.LedgerConfig;
import org.evidencenotary.verifier.fabric.FabricChecks;
import org.evidencenotary.verifier.fabric.FabricTrust;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The Hyperledger Fabric ledger, through the Gateway service of the notary's own organisation's
 * peer ({@code fabric-gateway}). The rules are the chaincode's ({@code chaincode/rules}): this class
 * only submits, reads back and describes.
 *
 * <p>One call of {@link #anchor} is one Fabric transaction ({@code AnchorEvidenceBatch}): its
 * transaction id is known before endorsement, its block number from the commit status; every item
 * keeps its own key {@code evidence/<sha256>} in the transaction's write set, so each item's proof
 * is checkable on its own from the block. A failure before the commit is reported as a {@link
 * LedgerUnavailableException} whose message starts with what failed ({@link Failure}); the
 * anchoring queue keeps the items PENDING and retries. Retrying never anchors twice: the rules
 * answer an already anchored digest with its first anchor.
 *
 * <p>Reads ({@link #find}, {@link #findBatch}) ask the ledger (an evaluate of the chaincode) every
 * time; blocks are read through the peer's {@code qscc} and the last few kept in memory. {@link
 * #verify} re-reads the block and checks it as the offline verifier does, against the network's
 * published trust.
 */
public final class FabricLedger implements Ledger {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private static final int CACHED_BLOCKS = 64;
  /**
   * Most items in one transaction. Fabric's BFT ordering refuses a transaction over 500 KiB, and
   * one item costs about 1.7 KiB in it (its request, the chaincode's answer and its writes, read
   * off a real block), up to about 2.5 KiB with a case reference and a pixel digest: 150 items
   * stay under 400 KiB.
   */
  public static final int ITEMS_PER_TRANSACTION = 150;

  /** What went wrong with a transaction, as the log and the evidence record name it. */
  public enum Failure {
    /** The peers did not endorse it (a chaincode error, an endorser down, policy not met). */
    ENDORSEMENT_FAILED("endorsement failed"),
    /** The ordering service did not take it. */
    ORDERING_FAILED("ordering failed"),
    /** It was ordered but its commit status did not come in time. */
    COMMIT_TIMEOUT("commit status timed out"),
    /** It was committed, but invalidated because what it read changed meanwhile. */
    MVCC_CONFLICT("MVCC read conflict"),
    /** It was committed, but invalidated for another reason. */
    INVALIDATED("invalidated"),
    /** The Gateway peer could not be reached. */
    UNAVAILABLE("Fabric peer unavailable");

    private final String words;

    Failure(String words) {
      this.words = words;
    }

    @Override
    public String toString() {
      return words;
    }
  }

  private final FabricConnection connection;
  private final ManagedChannel channel;
  private final Gateway gateway;
  private final Contract contract;
  private final Contract qscc;
  private final FabricTrust trust;
  private final Map<String, AnchorLocation> locations = new ConcurrentHashMap<>();
  private final Map<Long, Block> blocks = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Block> eldest) {
          return size() > CACHED_BLOCKS;
        }
      });

  private FabricLedger(FabricConnection connection, ManagedChannel channel, Gateway gateway, FabricTrust trust) {
    this.connection = connection;
    this.channel = channel;
    this.gateway = gateway;
    this.trust = trust;
    var network = gateway.getNetwork(connection.channel());
    this.contract = network.getContract(connection.chaincode());
    this.qscc = network.getContract("qscc");
  }

  /**
   * Sets up the connection to the Gateway peer. The gRPC channel connects lazily: a peer that is
   * down now only delays anchoring.
   *
   * @throws LedgerConfigurationException when the identity, the TLS CA or the trust cannot be read
   */
  public static FabricLedger connect(FabricConnection connection, LedgerConfig.Fabric timeouts) {
    FabricTrust trust;
    try {
      trust = FabricTrust.load(connection.trustDir()).orElseThrow(() -> new LedgerConfigurationException(
          "no Fabric trust in " + connection.trustDir() + " (fabric/network.json): the service checks Fabric"
              + " blocks against the network's published trust when it verifies and certifies"));
    } catch (IOException e) {
      throw new LedgerConfigurationException("the Fabric trust in " + connection.trustDir() + " cannot be read: "
          + e.getMessage(), e);
    }
    ManagedChannel channel;
    Gateway gateway;
    try (Reader cert = Files.newBufferedReader(connection.certificate());
        Reader key = Files.newBufferedReader(connection.privateKey())) {
      var credentials = TlsChannelCredentials.newBuilder().trustManager(connection.peerTlsCa().toFile()).build();
      var builder = Grpc.newChannelBuilder(connection.peerEndpoint(), credentials);
      if (connection.peerHostName() != null) {
        builder.overrideAuthority(connection.peerHostName());
      }
      channel = builder.build();
      gateway = Gateway.newInstance()
          .identity(new X509Identity(connection.mspId(), Identities.readX509Certificate(cert)))
          .signer(Signers.newPrivateKeySigner(Identities.readPrivateKey(key)))
          .hash(Hash.SHA256)
          .connection(channel)
          .evaluateOptions(deadline(timeouts.evaluateTimeout()))
          .endorseOptions(deadline(timeouts.endorseTimeout()))
          .submitOptions(deadline(timeouts.submitTimeout()))
          .commitStatusOptions(deadline(timeouts.commitTimeout()))
          .connect();
    } catch (IOException | GeneralSecurityException e) {
      throw new LedgerConfigurationException("the Fabric client identity (" + connection.certificate() + ", "
          + connection.privateKey() + ") or the peer's TLS CA cannot be read: " + e.getMessage(), e);
    }
    return new FabricLedger(connection, channel, gateway, trust);
  }

  private static UnaryOperator<CallOptions> deadline(Duration d) {
    return options -> options.withDeadlineAfter(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public LedgerKind kind() {
    return LedgerKind.FABRIC;
  }

  /** A transaction costs endorsement, ordering and commit: worth waiting 50 ms for company. */
  @Override
  public Duration batchWait() {
    return Duration.ofMillis(50);
  }

  @Override
  public int batchItems() {
    return ITEMS_PER_TRANSACTION;
  }

  /**
   * Every organisation keeps this ledger, so none can cut it short: the start check asks about the
   * latest few records only (each is a query of the peer).
   */
  @Override
  public int recordsToRecheckAtStart() {
    return 16;
  }

  /** The network's published trust, against which blocks are checked. */
  @Override
  public Optional<FabricTrust> fabricTrust() {
    return Optional.of(trust);
  }

  /** Channel, chaincode, Gateway peer and organisation, for the start log. */
  public String describe() {
    return "channel '" + connection.channel() + "', chaincode '" + connection.chaincode() + "', through the Gateway"
        + " peer " + connection.peerEndpoint() + " as " + connection.mspId();
  }

  /**
   * One transaction per {@link #ITEMS_PER_TRANSACTION} requests, in order. Should a later
   * transaction fail, the earlier ones stay anchored; the retry finds their anchors.
   */
  @Override
  public List<AnchorResult> anchor(List<AnchorRequest> requests) {
    List<AnchorResult> results = new ArrayList<>(requests.size());
    for (int from = 0; from < requests.size(); from += ITEMS_PER_TRANSACTION) {
      results.addAll(anchorInOneTransaction(
          requests.subList(from, Math.min(requests.size(), from + ITEMS_PER_TRANSACTION))));
    }
    return results;
  }

  private List<AnchorResult> anchorInOneTransaction(List<AnchorRequest> requests) {
    String argument;
    try {
      argument = JSON.writeValueAsString(requests);
    } catch (IOException e) {
      throw new IllegalArgumentException("anchor requests cannot be encoded", e);
    }
    Submitted submitted = submit("AnchorEvidenceBatch", argument);
    AnchorItemOutcome[] outcomes = submitted.answer(AnchorItemOutcome[].class);
    if (outcomes.length != requests.size()) {
      throw new LedgerVerificationException("transaction " + submitted.txId() + " answered " + outcomes.length
          + " outcomes for " + requests.size() + " requests");
    }
    List<AnchorResult> results = new ArrayList<>(requests.size());
    for (int i = 0; i < outcomes.length; i++) {
      AnchorItemOutcome outcome = outcomes[i];
      if (outcome.anchor() == null) {
        results.add(AnchorResult.refused(requests.get(i), outcome.refusal().orElseThrow()));
        continue;
      }
      EvidenceAnchor anchor = outcome.anchor();
      results.add(AnchorResult.anchored(requests.get(i),
          new LedgerEntry(anchor, locate(anchor.txId(), submitted)), outcome.created()));
    }
    return results;
  }

  @Override
  public BatchEntry anchorBatch(BatchRequest request) {
    Submitted submitted = submit("AnchorBatch", request.merkleRoot(), Long.toString(request.count()), request.kind());
    BatchAnchor batch = submitted.answer(BatchAnchor.class);
    return new BatchEntry(batch, locate(batch.txId(), submitted));
  }

  /**
   * Submits {@code RecordCustodyEvent} and waits for its commit, as {@link #anchorBatch} does; a
   * failure at any stage, the chaincode's refusal included, is a {@link
   * LedgerUnavailableException} naming the stage.
   */
  @Override
  public CustodyEvent recordCustody(CustodyRequest request) {
    Submitted submitted = submit("RecordCustodyEvent", request.evidenceId(), request.action().name(),
        request.detailHash() == null ? "" : request.detailHash());
    return submitted.answer(CustodyEvent.class);
  }

  /**
   * Evaluates {@code CustodyEvents} and orders the answer by transaction time (the chaincode
   * answers in key order, and its keys end in transaction ids).
   */
  @Override
  public List<CustodyEvent> custodyEvents(String evidenceId) {
    return evaluate("CustodyEvents", CustodyEvent.class, evidenceId).stream()
        .sorted(Comparator.comparing((CustodyEvent e) -> Instant.parse(e.recordedAt()))
            .thenComparing(CustodyEvent::txId))
        .toList();
  }

  /** A committed, valid transaction: its id, block and the chaincode's answer. */
  private record Submitted(String txId, long blockNumber, byte[] result) {
    <T> T answer(Class<T> type) {
      try {
        return JSON.readValue(result, type);
      } catch (IOException e) {
        throw new LedgerVerificationException("the chaincode's answer to transaction " + txId + " cannot be read: "
            + e.getMessage());
      }
    }
  }

  /**
   * Where {@code txId} sits: the block of {@code submitted} when it is that transaction (a new
   * anchor), else looked up (an anchor an earlier transaction wrote).
   */
  private AnchorLocation locate(String txId, Submitted submitted) {
    return locate(txId, txId.equals(submitted.txId()) ? submitted.blockNumber() : -1);
  }

  /** Endorses, orders and waits for the commit of one transaction; VALID or an exception. */
  private Submitted submit(String function, String... arguments) {
    Proposal proposal = contract.newProposal(function).addArguments(arguments).build();
    String txId = proposal.getTransactionId();
    try {
      Transaction endorsed = proposal.endorse();
      SubmittedTransaction submitted = endorsed.submitAsync();
      Status status = submitted.getStatus();
      if (!status.isSuccessful()) {
        throw failed(status.getCode() == TxValidationCode.MVCC_READ_CONFLICT ? Failure.MVCC_CONFLICT
            : Failure.INVALIDATED, txId, "committed as " + status.getCode() + " in block " + status.getBlockNumber(),
            null);
      }
      return new Submitted(txId, status.getBlockNumber(), submitted.getResult());
    } catch (EndorseException e) {
      throw failed(unavailable(e) ? Failure.UNAVAILABLE : Failure.ENDORSEMENT_FAILED, txId, describe(e), e);
    } catch (SubmitException e) {
      // Endorsed through the Gateway peer a moment ago: what failed is ordering (under BFT the
      // Gateway answers UNAVAILABLE when too few orderers take the transaction).
      unavailable(e);
      throw failed(Failure.ORDERING_FAILED, txId, describe(e), e);
    } catch (CommitStatusException e) {
      throw failed(unavailable(e) ? Failure.UNAVAILABLE : Failure.COMMIT_TIMEOUT, txId, describe(e), e);
    }
  }

  /** The failure, named; its callers (the anchoring queue, series manifests) log it. */
  private static LedgerUnavailableException failed(Failure failure, String txId, String detail, Throwable cause) {
    return new LedgerUnavailableException(failure + ": transaction " + txId + ": " + detail, cause);
  }

  /**
   * Whether the peer could not be reached. gRPC then waits longer and longer before it reconnects
   * (up to two minutes); the anchoring queue has its own bounded backoff, so the next call should
   * try at once.
   */
  private boolean unavailable(GatewayException e) {
    boolean down = e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE;
    if (down) {
      channel.resetConnectBackoff();
    }
    return down;
  }

  /** The gRPC status and what each node said, which is where chaincode errors are. */
  private static String describe(GatewayException e) {
    StringBuilder out = new StringBuilder(e.getStatus().getCode().name());
    if (e.getStatus().getDescription() != null) {
      out.append(" ").append(e.getStatus().getDescription());
    }
    e.getDetails().forEach(d -> out.append("; ").append(d.getMspId()).append(" at ").append(d.getAddress())
        .append(": ").append(d.getMessage()));
    return out.toString();
  }

  @Override
  public Optional<LedgerEntry> find(String digestHex) {
    return evaluateList("FindEvidence", EvidenceAnchor.class, digestHex)
        .map(anchor -> new LedgerEntry(anchor, locate(anchor.txId(), -1)));
  }

  @Override
  public Optional<BatchEntry> findBatch(String merkleRoot) {
    return evaluateList("FindBatch", BatchAnchor.class, merkleRoot)
        .map(batch -> new BatchEntry(batch, locate(batch.txId(), -1)));
  }

  /** Looked up by its transaction id ({@code qscc GetBlockByTxID}), as an anchor's block is. */
  @Override
  public AnchorLocation locate(CustodyEvent event) {
    return locate(event.txId(), -1);
  }

  /** Evaluates a query that answers a JSON array of at most one value. */
  private <T> Optional<T> evaluateList(String function, Class<T> type, String argument) {
    return evaluate(function, type, argument).stream().findFirst();
  }

  /** Evaluates a query that answers a JSON array. */
  private <T> List<T> evaluate(String function, Class<T> type, String argument) {
    byte[] answer;
    try {
      answer = contract.evaluateTransaction(function, argument);
    } catch (GatewayException e) {
      throw new LedgerUnavailableException((unavailable(e) ? Failure.UNAVAILABLE.toString() : "query failed")
          + ": " + function + ": " + describe(e), e);
    }
    try {
      return JSON.readValue(answer, JSON.getTypeFactory().constructCollectionType(List.class, type));
    } catch (IOException e) {
      throw new LedgerVerificationException("the chaincode's answer to " + function + " cannot be read: "
          + e.getMessage());
    }
  }

  /**
   * Where transaction {@code txId} sits: its block (by number when known, else looked up by the
   * transaction id), that block's header hash and previous hash, its time and endorsers.
   */
  private AnchorLocation locate(String txId, long blockNumber) {
    AnchorLocation known = locations.get(txId);
    if (known != null) {
      return known;
    }
    Block block = blockNumber >= 0 ? block(blockNumber) : blockOf(txId);
    AnchorLocation location = describeLocation(block, txId);
    locations.put(txId, location);
    return location;
  }

  private AnchorLocation describeLocation(Block block, String txId) {
    try {
      for (ByteString data : block.getData().getDataList()) {
        Payload payload = Payload.parseFrom(Envelope.parseFrom(data).getPayload());
        ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
        if (!header.getTxId().equals(txId)) {
          continue;
        }
        var transaction = org.hyperledger.fabric.protos.peer.Transaction.parseFrom(payload.getData());
        TreeSet<String> endorsers = new TreeSet<>();
        for (var action : transaction.getActionsList()) {
          for (Endorsement e : ChaincodeActionPayload.parseFrom(action.getPayload()).getAction().getEndorsementsList()) {
            endorsers.add(SerializedIdentity.parseFrom(e.getEndorser()).getMspid());
          }
        }
        Instant at = Instant.ofEpochSecond(header.getTimestamp().getSeconds(), header.getTimestamp().getNanos());
        return new AnchorLocation(LedgerKind.FABRIC.text(), connection.channel(), block.getHeader().getNumber(), txId,
            blockHash(block), HexFormat.of().formatHex(block.getHeader().getPreviousHash().toByteArray()),
            at.toString(), connection.chaincode(), List.copyOf(endorsers));
      }
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerVerificationException("block " + block.getHeader().getNumber() + " cannot be read: "
          + e.getMessage());
    }
    throw new LedgerVerificationException("block " + block.getHeader().getNumber() + " holds no transaction " + txId);
  }

  private static String blockHash(Block block) {
    return Sha256.hexOf(FabricChecks.headerBytes(block.getHeader()));
  }

  private Block block(long number) {
    Block cached = blocks.get(number);
    if (cached != null) {
      return cached;
    }
    Block block = fetchBlock(number);
    blocks.put(number, block);
    return block;
  }

  /** Block {@code number} as the peer has it now, not from memory. */
  private Block fetchBlock(long number) {
    return parseBlock(query("GetBlockByNumber", connection.channel(), Long.toString(number)));
  }

  private Block blockOf(String txId) {
    Block block = parseBlock(query("GetBlockByTxID", connection.channel(), txId));
    blocks.put(block.getHeader().getNumber(), block);
    return block;
  }

  private static Block parseBlock(byte[] bytes) {
    try {
      return Block.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerVerificationException("the peer answered a block that cannot be read: " + e.getMessage());
    }
  }

  /** A query of the peer's ledger system chaincode ({@code qscc}). */
  private byte[] query(String function, String... arguments) {
    try {
      return qscc.evaluateTransaction(function, arguments);
    } catch (GatewayException e) {
      throw new LedgerUnavailableException((unavailable(e) ? Failure.UNAVAILABLE.toString() : "ledger query failed")
          + ": qscc " + function + ": " + describe(e), e);
    }
  }

  /**
   * Re-reads the block from the peer and checks it as the offline verifier does: the block holds
   * together, the transaction is VALID and wrote this anchor, every signature verifies, and the
   * signers satisfy the network's policies (its published trust). Also that the next block, if any,
   * links to it.
   */
  @Override
  public String verify(LedgerEntry entry) {
    AnchorLocation l = entry.location();
    Block block = fetchBlock(l.blockNumber());
    ObjectNode anchor = anchorJson(l, block);
    String key = EvidenceRules.EVIDENCE_PREFIX + entry.anchor().digest();
    FabricChecks.Anchored anchored = FabricChecks.anchored(anchor, key, trust);
    if (anchored.problem() != null) {
      throw new LedgerVerificationException(anchored.problem());
    }
    try {
      if (!entry.anchor().statementSha256().equals(
          JSON.readTree(anchored.written()).path("statementSha256").asText())) {
        throw new LedgerVerificationException("block " + l.blockNumber() + " anchors another statement for SHA-256 "
            + entry.anchor().digest());
      }
    } catch (IOException e) {
      throw new LedgerVerificationException("the anchor written in block " + l.blockNumber() + " cannot be read");
    }
    for (Check check : anchored.checks()) {
      if (!check.passed()) {
        throw new LedgerVerificationException(check.name() + ": " + check.detail());
      }
    }
    long height = height();
    String next = "";
    if (height > l.blockNumber() + 1) {
      Block after = fetchBlock(l.blockNumber() + 1);
      String linked = HexFormat.of().formatHex(after.getHeader().getPreviousHash().toByteArray());
      if (!linked.equals(l.blockHash())) {
        throw new LedgerVerificationException("block " + (l.blockNumber() + 1) + " links to " + linked
            + ", not to block " + l.blockNumber() + "'s hash " + l.blockHash());
      }
      next = "; block " + (l.blockNumber() + 1) + " links to it";
    }
    return anchored.where() + " wrote this anchor, re-read from the peer " + connection.peerEndpoint()
        + "; endorsed by " + String.join(" and ", l.endorsingOrganisations() == null ? List.of()
            : l.endorsingOrganisations())
        + ", signatures and policies checked against the network's trust" + next;
  }

  /** The proof's {@code anchor} member for {@code location} in {@code block}. */
  private static ObjectNode anchorJson(AnchorLocation l, Block block) {
    ObjectNode anchor = JSON.createObjectNode();
    anchor.put("ledger", LedgerKind.FABRIC.text());
    anchor.put("ledgerId", l.ledgerId());
    anchor.put("chaincode", l.chaincode());
    anchor.put("blockNumber", l.blockNumber());
    anchor.put("transactionId", l.transactionId());
    anchor.put("blockHash", l.blockHash());
    anchor.put("previousBlockHash", l.previousBlockHash());
    anchor.put("timestamp", l.timestamp());
    var orgs = anchor.putArray("endorsingOrganisations");
    if (l.endorsingOrganisations() != null) {
      l.endorsingOrganisations().forEach(orgs::add);
    }
    anchor.put("block", Base64.getEncoder().encodeToString(block.toByteArray()));
    return anchor;
  }

  /** Fabric's own block, base64 of its protobuf bytes, as proofs carry it. */
  @Override
  public JsonNode block(AnchorLocation location) {
    return TextNode.valueOf(Base64.getEncoder().encodeToString(block(location.blockNumber()).toByteArray()));
  }

  @Override
  public long height() {
    try {
      return BlockchainInfo.parseFrom(query("GetChainInfo", connection.channel())).getHeight();
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerVerificationException("the peer's chain info cannot be read: " + e.getMessage());
    }
  }

  @Override
  public void checkUsable() {
    height();
  }

  @Override
  public void close() {
    gateway.close();
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FabricLedger[" + describe() + "]";
  }
}
