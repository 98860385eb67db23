package org.evidencenotary.notary.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.evidencenotary.chaincode.core.AnchorItemOutcome;
import org.evidencenotary.chaincode.core.AnchorRequest;
import org.evidencenotary.chaincode.core.BatchAnchor;
import org.evidencenotary.chaincode.core.BatchRequest;
import org.evidencenotary.chaincode.core.Caller;
import org.evidencenotary.chaincode.core.CustodyEvent;
import org.evidencenotary.chaincode.core.CustodyRequest;
import org.evidencenotary.chaincode.core.EvidenceAnchor;
import org.evidencenotary.chaincode.core.EvidenceRules;
import org.evidencenotary.chaincode.core.InMemoryLedgerState;
import org.evidencenotary.chaincode.core.KeyModification;
import org.evidencenotary.chaincode.core.KeyValue;
import org.evidencenotary.chaincode.core.RuleException;
import org.evidencenotary.format.BlockHash;
import org.evidencenotary.format.Canonical;
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * The single-machine ledger: the chaincode rules over an append-only, hash-chained block log.
 *
 * <p>The log is one file, one block per line, each line the RFC 8785 canonical JSON of the block.
 * A block holds its number, the previous block's hash, a timestamp, its transactions (id,
 * function, caller, timestamp and the exact key/value writes the rules made) and its own hash:
 * SHA-256 of the canonical JSON of the block without the {@code hash} member. Every append is
 * synced before its writes become visible. On open the whole chain is re-verified and the world
 * state rebuilt from the writes; any broken link, altered byte or reordered block stops it with
 * {@link LedgerCorruptedException}. Only a torn last line (a crash during an append, never
 * acknowledged) is cut off, with a warning and a copy of the torn bytes kept beside the log.
 */
public final class EmbeddedLedger implements Ledger {
  static final String GENESIS_PREVIOUS = "0".repeat(64);
  /**
   * Function name of a transaction of {@link EvidenceRules#anchorAll}. Logs written before it
   * hold one {@code anchor} transaction per item; both replay alike, since replay applies writes
   * whatever the function.
   */
  static final String ANCHOR_ALL = "anchorAll";
  /** Function name of a transaction of {@link EvidenceRules#recordCustody}. */
  static final String RECORD_CUSTODY = "recordCustody";
  private static final Logger LOG = Logger.getLogger(EmbeddedLedger.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path logFile;
  private final FileChannel channel;
  private final String ledgerId;
  private final EvidenceRules rules;
  private final Caller caller;
  private final Clock clock;
  private final TreeMap<String, byte[]> world = new TreeMap<>();
  private final Map<String, List<KeyModification>> histories = new HashMap<>();
  private final List<BlockInfo> blocks = new ArrayList<>();
  private final Map<String, Long> txBlocks = new HashMap<>();

  private record BlockInfo(long number, String hash, String previousHash, String timestamp, long offset, int length) {}

  private EmbeddedLedger(
      Path logFile, FileChannel channel, String ledgerId, EvidenceRules rules, Caller caller, Clock clock) {
    this.logFile = logFile;
    this.channel = channel;
    this.ledgerId = ledgerId;
    this.rules = rules;
    this.caller = caller;
    this.clock = clock;
  }

  /**
   * Opens (or creates, with a genesis block) the ledger in {@code dir} and verifies its whole
   * chain.
   *
   * @throws LedgerCorruptedException when the chain does not verify
   * @throws IOException when the log cannot be read or written
   */
  public static EmbeddedLedger open(
      Path dir, String ledgerId, EvidenceRules rules, Caller caller, Clock clock) throws IOException {
    Objects.requireNonNull(ledgerId, "ledgerId");
    OwnerOnlyFiles.createDirectories(dir);
    Path logFile = dir.resolve("blocks.jsonl");
    FileChannel channel =
        FileChannel.open(logFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
            OwnerOnlyFiles.file());
    EmbeddedLedger ledger = new EmbeddedLedger(logFile, channel, ledgerId, rules, caller, clock);
    try {
      ledger.replay();
      if (ledger.blocks.isEmpty()) {
        ledger.appendBlock(List.of(), Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
      }
    } catch (RuntimeException | IOException e) {
      channel.close();
      throw e;
    }
    return ledger;
  }

  @Override
  public LedgerKind kind() {
    return LedgerKind.EMBEDDED;
  }

  @Override
  public synchronized long height() {
    return blocks.size();
  }

  @Override
  public synchronized void checkUsable() {
    if (!channel.isOpen() || !Files.isWritable(logFile)) {
      throw new LedgerUnavailableException("the block log " + logFile + " is not writable", null);
    }
  }

  /** Closes the log file. */
  public synchronized void close() throws IOException {
    channel.close();
  }

  /**
   * Anchors the requests through {@link EvidenceRules#anchorAll} as one transaction (function
   * {@value #ANCHOR_ALL}) in one new block, whose writes are those of every newly created item;
   * when nothing is created, no block is written. More than {@link EvidenceRules#MAX_BATCH_ITEMS}
   * requests become several such transactions, still in the one block. A refusal of the whole
   * transaction (the notary's organisation may not anchor) is every item's refusal.
   */
  @Override
  public synchronized List<AnchorResult> anchor(List<AnchorRequest> requests) {
    List<AnchorRequest> items = List.copyOf(requests);
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    Map<String, byte[]> blockWrites = new HashMap<>();
    List<ObjectNode> transactions = new ArrayList<>();
    List<Object> outcomes = new ArrayList<>(items.size());
    for (int from = 0; from < items.size(); from += EvidenceRules.MAX_BATCH_ITEMS) {
      List<AnchorRequest> chunk = items.subList(from, Math.min(items.size(), from + EvidenceRules.MAX_BATCH_ITEMS));
      String txId = newTxId();
      InMemoryLedgerState state = transactionState(blockWrites, txId, now);
      try {
        outcomes.addAll(rules.anchorAll(state, chunk));
      } catch (RuleException refusal) {
        chunk.forEach(r -> outcomes.add(refusal));
        continue;
      }
      Map<String, byte[]> writes = state.writes();
      if (!writes.isEmpty()) {
        blockWrites.putAll(writes);
        transactions.add(transaction(txId, ANCHOR_ALL, now, writes));
      }
    }
    if (!transactions.isEmpty()) {
      try {
        appendBlock(transactions, now);
      } catch (IOException e) {
        throw new LedgerUnavailableException("could not append to the block log: " + e.getMessage(), e);
      }
    }
    // Only now is every anchor's transaction in a block, so that its location can be named.
    List<AnchorResult> results = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Object outcome = outcomes.get(i);
      if (outcome instanceof AnchorItemOutcome o && o.anchor() != null) {
        results.add(AnchorResult.anchored(items.get(i), entryOf(o.anchor()), o.created()));
      } else if (outcome instanceof AnchorItemOutcome o) {
        results.add(AnchorResult.refused(items.get(i), o.refusal().orElseThrow()));
      } else {
        results.add(AnchorResult.refused(items.get(i), (RuleException) outcome));
      }
    }
    return results;
  }

  @Override
  public synchronized Optional<LedgerEntry> find(String digestHex) {
    return rules.read(queryState(), digestHex).map(this::entryOf);
  }

  @Override
  public synchronized BatchEntry anchorBatch(BatchRequest request) {
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    Optional<BatchAnchor> existing = rules.readBatch(queryState(), request.merkleRoot());
    if (existing.isPresent()) {
      return batchEntryOf(existing.get());
    }
    String txId = newTxId();
    InMemoryLedgerState state = transactionState(new HashMap<>(), txId, now);
    BatchAnchor batch = rules.anchorBatch(state, request);
    try {
      appendBlock(List.of(transaction(txId, "anchorBatch", now, state.writes())), now);
    } catch (IOException e) {
      throw new LedgerUnavailableException("could not append to the block log: " + e.getMessage(), e);
    }
    return batchEntryOf(batch);
  }

  @Override
  public synchronized Optional<BatchEntry> findBatch(String merkleRoot) {
    return rules.readBatch(queryState(), merkleRoot).map(this::batchEntryOf);
  }

  /**
   * Runs {@link EvidenceRules#recordCustody} as one transaction (function {@value
   * #RECORD_CUSTODY}) in one new block, synced before it returns. A refusal by the rules writes
   * no block.
   */
  @Override
  public synchronized CustodyEvent recordCustody(CustodyRequest request) {
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    String txId = newTxId();
    InMemoryLedgerState state = transactionState(new HashMap<>(), txId, now);
    CustodyEvent event = rules.recordCustody(state, request);
    try {
      appendBlock(List.of(transaction(txId, RECORD_CUSTODY, now, state.writes())), now);
    } catch (IOException e) {
      throw new LedgerUnavailableException("could not append to the block log: " + e.getMessage(), e);
    }
    return event;
  }

  /**
   * In block order, which is the order they were recorded in: the rules answer in key order, and
   * their keys end in random transaction ids.
   */
  @Override
  public synchronized List<CustodyEvent> custodyEvents(String evidenceId) {
    List<CustodyEvent> events = new ArrayList<>(rules.custodyEvents(queryState(), evidenceId));
    events.sort(Comparator.comparingLong(e -> txBlocks.getOrDefault(e.txId(), Long.MAX_VALUE)));
    return events;
  }

  @Override
  public synchronized AnchorLocation locate(CustodyEvent event) {
    return locationOf(event.txId(), event.recordedAt());
  }

  private BatchEntry batchEntryOf(BatchAnchor batch) {
    return new BatchEntry(batch, locationOf(batch.txId(), batch.anchoredAt()));
  }

  private InMemoryLedgerState queryState() {
    return new InMemoryLedgerState(
        key -> Optional.ofNullable(world.get(key)),
        key -> histories.getOrDefault(key, List.of()),
        (start, end, limit) -> range(Map.of(), start, end, limit),
        "query",
        Instant.now(clock),
        caller);
  }

  /** A transaction's view: committed state overlaid with the writes of the block being built. */
  private InMemoryLedgerState transactionState(Map<String, byte[]> overlay, String txId, Instant now) {
    return new InMemoryLedgerState(
        key -> Optional.ofNullable(overlay.containsKey(key) ? overlay.get(key) : world.get(key)),
        key -> histories.getOrDefault(key, List.of()),
        (start, end, limit) -> range(overlay, start, end, limit),
        txId,
        now,
        caller);
  }

  /** Committed keys in {@code [start, end)} overlaid with a block's earlier writes, bounded. */
  private List<KeyValue> range(Map<String, byte[]> overlay, String start, String end, int limit) {
    return InMemoryLedgerState.overlay(world.subMap(start, end), overlay, start, end, limit);
  }


  @Override
  public synchronized String verify(LedgerEntry entry) {
    long n = entry.location().blockNumber();
    if (n < 0 || n >= blocks.size()) {
      throw new LedgerVerificationException(
          "block " + n + " is not in the block log (height " + blocks.size() + ")");
    }
    BlockInfo info = blocks.get((int) n);
    ObjectNode block = readBlock(info);
    String recomputed = hashOf(block);
    if (!recomputed.equals(info.hash()) || !recomputed.equals(entry.location().blockHash())) {
      throw new LedgerVerificationException(
          "block " + n + " now hashes to " + recomputed + ", expected " + entry.location().blockHash());
    }
    String previous = n == 0 ? GENESIS_PREVIOUS : blocks.get((int) n - 1).hash();
    if (!previous.equals(block.path("previousHash").asText())) {
      throw new LedgerVerificationException("block " + n + " no longer links to block " + (n - 1));
    }
    if (n + 1 < blocks.size()) {
      ObjectNode next = readBlock(blocks.get((int) n + 1));
      if (!recomputed.equals(next.path("previousHash").asText())) {
        throw new LedgerVerificationException("block " + (n + 1) + " no longer links to block " + n);
      }
    }
    String key = EvidenceRules.EVIDENCE_PREFIX + entry.anchor().digest();
    boolean written = false;
    for (JsonNode tx : block.path("transactions")) {
      if (!tx.path("txId").asText().equals(entry.location().transactionId())) {
        continue;
      }
      for (JsonNode write : tx.path("writes")) {
        if (write.path("key").asText().equals(key)) {
          written = entry.anchor().equals(decodeAnchor(write.path("value").asText()));
        }
      }
    }
    if (!written) {
      throw new LedgerVerificationException(
          "transaction " + entry.location().transactionId() + " in block " + n + " does not write this anchor");
    }
    return "block " + n + " re-read from the log hashes to " + recomputed
        + (n == 0 ? ", is the genesis block" : ", links to block " + (n - 1))
        + (n + 1 < blocks.size() ? " and is linked from block " + (n + 1) : " and is the latest block")
        + "; its transaction " + entry.location().transactionId() + " wrote this anchor";
  }

  @Override
  public synchronized JsonNode block(AnchorLocation location) {
    long n = location.blockNumber();
    if (n < 0 || n >= blocks.size()) {
      throw new LedgerVerificationException("block " + n + " is not in the block log (height " + blocks.size() + ")");
    }
    return readBlock(blocks.get((int) n));
  }

  private static EvidenceAnchor decodeAnchor(String base64) {
    try {
      return JSON.readValue(Base64.getDecoder().decode(base64), EvidenceAnchor.class);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private LedgerEntry entryOf(EvidenceAnchor anchor) {
    return new LedgerEntry(anchor, locationOf(anchor.txId(), anchor.anchoredAt()));
  }

  private AnchorLocation locationOf(String txId, String anchoredAt) {
    Long n = txBlocks.get(txId);
    if (n == null) {
      throw new LedgerVerificationException("an anchor names transaction " + txId + ", which is in no block");
    }
    BlockInfo b = blocks.get(n.intValue());
    return new AnchorLocation(
        LedgerKind.EMBEDDED.text(), ledgerId, b.number(), txId, b.hash(), b.previousHash(), anchoredAt);
  }

  private static ObjectNode transaction(String txId, String function, Instant at, Map<String, byte[]> writes) {
    ObjectNode tx = JSON.createObjectNode();
    tx.put("txId", txId);
    tx.put("function", function);
    tx.put("timestamp", at.toString());
    ArrayNode w = tx.putArray("writes");
    writes.forEach(
        (key, value) -> w.addObject().put("key", key).put("value", Base64.getEncoder().encodeToString(value)));
    return tx;
  }

  private void appendBlock(List<ObjectNode> transactions, Instant at) throws IOException {
    long number = blocks.size();
    String previous = number == 0 ? GENESIS_PREVIOUS : blocks.get((int) number - 1).hash();
    ObjectNode block = JSON.createObjectNode();
    block.put("number", number);
    block.put("previousHash", previous);
    block.put("timestamp", at.toString());
    block.put("ledgerId", ledgerId);
    ObjectNode creator = block.putObject("creator");
    creator.put("mspId", caller.mspId());
    creator.put("subject", caller.subject());
    block.putArray("transactions").addAll(transactions);
    String hash = hashOf(block);
    block.put("hash", hash);
    byte[] line = appendNewline(Canonical.bytes(block));

    long offset = channel.size();
    try {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer, offset + buffer.position());
      }
      channel.force(false);
    } catch (IOException e) {
      // Leave the log exactly as it was: a half-written block must not stay behind.
      try {
        channel.truncate(offset);
        channel.force(false);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    apply(block, new BlockInfo(number, hash, previous, at.toString(), offset, line.length));
  }

  private void apply(ObjectNode block, BlockInfo info) {
    for (JsonNode tx : block.path("transactions")) {
      String txId = tx.path("txId").asText();
      Instant at = Instant.parse(tx.path("timestamp").asText());
      for (JsonNode write : tx.path("writes")) {
        String key = write.path("key").asText();
        byte[] value = Base64.getDecoder().decode(write.path("value").asText());
        world.put(key, value);
        histories.computeIfAbsent(key, k -> new ArrayList<>()).add(new KeyModification(txId, at, value));
      }
      txBlocks.put(txId, info.number());
    }
    blocks.add(info);
  }

  private void replay() throws IOException {
    long size = channel.size();
    long offset = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(logFile), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      long lineStart = 0;
      long position = 0;
      while ((b = in.read()) != -1) {
        position++;
        if (b != '\n') {
          line.write(b);
          continue;
        }
        replayLine(line.toByteArray(), lineStart);
        line.reset();
        lineStart = position;
      }
      offset = lineStart;
      if (line.size() > 0) {
        cutTornTail(offset, size);
      }
    }
  }

  private void cutTornTail(long offset, long size) throws IOException {
    Path torn = logFile.resolveSibling("blocks.torn-" + System.currentTimeMillis());
    ByteBuffer tail = ByteBuffer.allocate((int) Math.min(size - offset, 16 << 20));
    channel.read(tail, offset);
    OwnerOnlyFiles.createFile(torn);
    Files.write(torn, Arrays.copyOf(tail.array(), tail.position()));
    channel.truncate(offset);
    channel.force(true);
    LOG.warnf(
        "The block log ended in an incomplete block (%d bytes, from a crash during an append that was never"
            + " acknowledged); it was cut off and kept in %s",
        size - offset, torn.getFileName());
  }

  private void replayLine(byte[] line, long offset) {
    long expected = blocks.size();
    ObjectNode block;
    try {
      JsonNode parsed = JSON.readTree(line);
      if (!(parsed instanceof ObjectNode object)) {
        throw new IOException("not a JSON object");
      }
      block = object;
    } catch (IOException e) {
      throw corrupted(expected, "block " + expected + " is not valid JSON (" + e.getMessage() + ")");
    }
    if (!Arrays.equals(line, Canonical.bytes(block))) {
      throw corrupted(expected, "block " + expected + " is not in its canonical form: it was edited");
    }
    long number = block.path("number").asLong(-1);
    if (number != expected) {
      throw corrupted(expected, "block at position " + expected + " says it is block " + number);
    }
    String previous = expected == 0 ? GENESIS_PREVIOUS : blocks.get((int) expected - 1).hash();
    if (!previous.equals(block.path("previousHash").asText())) {
      throw corrupted(
          expected,
          "block " + expected + " does not link to block " + (expected - 1) + ": previousHash "
              + block.path("previousHash").asText() + ", expected " + previous);
    }
    if (!ledgerId.equals(block.path("ledgerId").asText())) {
      throw corrupted(
          expected, "block " + expected + " belongs to ledger '" + block.path("ledgerId").asText()
              + "', not '" + ledgerId + "'");
    }
    String stated = block.path("hash").asText();
    String recomputed = hashOf(block);
    if (!recomputed.equals(stated)) {
      throw corrupted(
          expected, "block " + expected + " hashes to " + recomputed + " but records " + stated + ": its content was changed");
    }
    try {
      apply(block, new BlockInfo(number, stated, previous, block.path("timestamp").asText(), offset, line.length + 1));
    } catch (RuntimeException e) {
      throw corrupted(expected, "block " + expected + " has malformed transactions: " + e.getMessage());
    }
  }

  private LedgerCorruptedException corrupted(long block, String message) {
    return new LedgerCorruptedException(
        block,
        "The embedded ledger " + logFile + " failed verification: " + message
            + ". The service will not run on a broken chain; restore the block log from a backup.");
  }

  private ObjectNode readBlock(BlockInfo info) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(info.length());
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, info.offset() + buffer.position()) < 0) {
          throw new LedgerVerificationException("block " + info.number() + " is missing from the log");
        }
      }
      byte[] line = Arrays.copyOf(buffer.array(), info.length() - 1);
      ObjectNode block = (ObjectNode) JSON.readTree(line);
      // The same strictness as at start: a block that is not byte-for-byte canonical was edited.
      if (!Arrays.equals(line, Canonical.bytes(block))) {
        throw new LedgerVerificationException("block " + info.number() + " is no longer in its canonical form: it was edited");
      }
      return block;
    } catch (IOException | ClassCastException e) {
      throw new LedgerVerificationException("block " + info.number() + " cannot be read back: " + e.getMessage());
    }
  }

  /**
   * SHA-256 (hex) of the canonical JSON of {@code block} without its {@code hash} member: the
   * verifier library's {@link BlockHash} rule, the one the offline verifier recomputes.
   */
  public static String hashOf(ObjectNode block) {
    return BlockHash.of(block);
  }

  private static byte[] appendNewline(byte[] bytes) {
    byte[] line = Arrays.copyOf(bytes, bytes.length + 1);
    line[bytes.length] = '\n';
    return line;
  }

  private static String newTxId() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }

  @Override
  public String toString() {
    return "EmbeddedLedger[" + logFile + ", " + ledgerId + "]";
  }
}
