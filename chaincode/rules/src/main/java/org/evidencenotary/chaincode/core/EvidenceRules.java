package org.evidencenotary.chaincode.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The ledger rules, written once. Fabric runs them as chaincode; the embedded ledger runs them
 * over its block log. They are deterministic: no clock (time is the transaction's), no randomness,
 * no I/O beyond {@link LedgerState}.
 *
 * <p>State layout:
 *
 * <ul>
 *   <li>{@code evidence/<sha256-hex>} holds the {@link EvidenceAnchor} of that digest, written
 *       once and never overwritten.
 *   <li>{@code evidence-id/<uuid>} holds the digest an evidence id is bound to.
 *   <li>{@code reference/<reference-hash>/<sha256-hex>} indexes evidence by salted case reference.
 *   <li>{@code custody/<uuid>/<txId>} holds one {@link CustodyEvent}.
 *   <li>{@code batch/<merkle-root>} holds a {@link BatchAnchor}, written once.
 * </ul>
 *
 * Queries are bounded: at most {@link #MAX_RESULTS} results per call; one {@link #anchorAll}
 * transaction takes at most {@link #MAX_BATCH_ITEMS} requests.
 */
public final class EvidenceRules {
  /** State key prefix of anchored digests. */
  public static final String EVIDENCE_PREFIX = "evidence/";
  /** State key prefix of the evidence-id index. */
  public static final String EVIDENCE_ID_PREFIX = "evidence-id/";
  /** State key prefix of the case-reference index. */
  public static final String REFERENCE_PREFIX = "reference/";
  /** State key prefix of custody events. */
  public static final String CUSTODY_PREFIX = "custody/";
  /** State key prefix of anchored Merkle roots. */
  public static final String BATCH_PREFIX = "batch/";
  public static final String PIXEL_PREFIX = "pixel/";
  /** Most results any query returns. */
  public static final int MAX_RESULTS = 100;
  /** Most requests one {@link #anchorAll} transaction takes. */
  public static final int MAX_BATCH_ITEMS = 1024;
  /** Sorts after every character used in our keys: the exclusive end of a prefix range. */
  private static final String RANGE_END = "~";
  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,63}");

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

  private final AccessPolicy policy;

  public EvidenceRules(AccessPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * Anchors a digest once. A second anchor of an already anchored digest returns the existing
   * record unchanged ({@code created=false}); nothing is ever overwritten.
   *
   * @throws RuleException {@link ErrorCode#ACCESS_DENIED} when the caller's organisation may not
   *     anchor; {@link ErrorCode#INVALID_ARGUMENT} for malformed fields; {@link
   *     ErrorCode#EVIDENCE_ID_CONFLICT} when the evidence id is bound to another digest
   */
  public AnchorOutcome anchor(LedgerState state, AnchorRequest request) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(request, "request");
    Caller caller = state.caller();
    requireMayAnchorEvidence(caller);
    validate(request);

    String key = EVIDENCE_PREFIX + request.digest();
    Optional<byte[]> existing = state.get(key);
    if (existing.isPresent()) {
      return new AnchorOutcome(StateCodec.decode(existing.get(), EvidenceAnchor.class, key), false);
    }
    String idKey = EVIDENCE_ID_PREFIX + request.evidenceId();
    Optional<byte[]> boundDigest = state.get(idKey);
    if (boundDigest.isPresent()) {
      throw new RuleException(
          ErrorCode.EVIDENCE_ID_CONFLICT,
          "evidence id " + request.evidenceId() + " is already bound to digest "
              + new String(boundDigest.get(), StandardCharsets.UTF_8));
    }

    EvidenceAnchor anchor =
        new EvidenceAnchor(
            request.digest(),
            request.evidenceId(),
            request.statementSha256(),
            request.referenceHash(),
            request.size(),
            request.mediaType(),
            caller.mspId(),
            caller.subject(),
            state.txTimestamp().toString(),
            state.txId(),
            request.pixelSha256());
    state.put(key, StateCodec.encode(anchor));
    state.put(idKey, request.digest().getBytes(StandardCharsets.UTF_8));
    if (request.pixelSha256() != null) {
      state.put(PIXEL_PREFIX + request.pixelSha256() + "/" + request.digest(),
          request.digest().getBytes(StandardCharsets.UTF_8));
    }
    if (request.referenceHash() != null) {
      state.put(REFERENCE_PREFIX + request.referenceHash() + "/" + request.digest(),
          request.digest().getBytes(StandardCharsets.UTF_8));
    }
    return new AnchorOutcome(anchor, true);
  }

  /**
   * Anchors many digests in one transaction, in order, each with exactly the semantics of {@link
   * #anchor}: an already anchored digest (also one anchored by an earlier item of the same call)
   * yields its existing record with {@code created=false} and writes nothing; an item the rules
   * refuse ({@link ErrorCode#INVALID_ARGUMENT}, {@link ErrorCode#EVIDENCE_ID_CONFLICT}) yields an
   * outcome carrying that refusal and writes nothing, and the other items still go through.
   *
   * <p>Relies on {@link LedgerState#get} seeing this transaction's own earlier writes, so that two
   * items with one digest or one evidence id are told apart exactly as in two transactions.
   *
   * <pre>{@code
   * List<AnchorItemOutcome> outcomes = rules.anchorAll(state, List.of(first, second));
   * outcomes.get(1).refusal().ifPresent(r -> log(r.code(), r.getMessage()));
   * }</pre>
   *
   * @param requests 1 to {@link #MAX_BATCH_ITEMS} requests; a {@code null} item is refused as
   *     {@link ErrorCode#INVALID_ARGUMENT}
   * @return one outcome per request, in the same order
   * @throws RuleException for the whole call, before anything is written: {@link
   *     ErrorCode#ACCESS_DENIED} when the caller's organisation may not anchor; {@link
   *     ErrorCode#INVALID_ARGUMENT} when there are no requests or more than {@link
   *     #MAX_BATCH_ITEMS}; {@link ErrorCode#CORRUPT_STATE} when stored state cannot be read back
   *     (items before it have then been written to {@code state}: the transaction must be dropped,
   *     as Fabric and the embedded ledger do with any failed transaction)
   */
  public List<AnchorItemOutcome> anchorAll(LedgerState state, List<AnchorRequest> requests) {
    Objects.requireNonNull(state, "state");
    requireMayAnchorEvidence(state.caller());
    if (requests == null || requests.isEmpty() || requests.size() > MAX_BATCH_ITEMS) {
      throw new RuleException(ErrorCode.INVALID_ARGUMENT, "a batch holds 1 to " + MAX_BATCH_ITEMS
          + " anchor requests, not " + (requests == null ? 0 : requests.size()));
    }
    List<AnchorItemOutcome> outcomes = new ArrayList<>(requests.size());
    for (AnchorRequest request : requests) {
      if (request == null) {
        outcomes.add(AnchorItemOutcome.refused(
            new RuleException(ErrorCode.INVALID_ARGUMENT, "anchor request is missing")));
        continue;
      }
      try {
        outcomes.add(AnchorItemOutcome.anchored(anchor(state, request)));
      } catch (RuleException e) {
        // anchor() checks everything before its first write: a refused item has written nothing.
        if (e.code() != ErrorCode.INVALID_ARGUMENT && e.code() != ErrorCode.EVIDENCE_ID_CONFLICT) {
          throw e;
        }
        outcomes.add(AnchorItemOutcome.refused(e));
      }
    }
    return outcomes;
  }

  private void requireMayAnchorEvidence(Caller caller) {
    if (!policy.mayAnchor(caller)) {
      throw new RuleException(
          ErrorCode.ACCESS_DENIED,
          "organisation " + caller.mspId() + " may not anchor evidence; only "
              + policy.anchoringOrganisations() + " may");
    }
  }

  /** Anchors found under a salted case reference, in digest order, at most {@link #MAX_RESULTS}. */
  public List<EvidenceAnchor> findByReference(LedgerState state, String referenceHash) {
    requireHex(referenceHash, "referenceHash");
    return anchorsIndexedUnder(state, REFERENCE_PREFIX + referenceHash + "/");
  }

  /**
   * Anchors of DICOM instances whose Pixel Data has this SHA-256, in digest order, at most {@link
   * #MAX_RESULTS}: the originals a header-changed copy may come from.
   */
  public List<EvidenceAnchor> findByPixelDigest(LedgerState state, String pixelSha256) {
    requireHex(pixelSha256, "pixelSha256");
    return anchorsIndexedUnder(state, PIXEL_PREFIX + pixelSha256 + "/");
  }

  /** The anchors whose digests an index holds under {@code prefix}, bounded. */
  private List<EvidenceAnchor> anchorsIndexedUnder(LedgerState state, String prefix) {
    List<EvidenceAnchor> out = new ArrayList<>();
    for (KeyValue kv : state.range(prefix, prefix + RANGE_END, MAX_RESULTS)) {
      read(state, new String(kv.value(), StandardCharsets.UTF_8)).ifPresent(out::add);
    }
    return out;
  }

  /**
   * Records a custody event against anchored evidence.
   *
   * @throws RuleException {@link ErrorCode#ACCESS_DENIED} for organisations that may not record
   *     custody; {@link ErrorCode#NOT_FOUND} when the evidence is not anchored; {@link
   *     ErrorCode#INVALID_ARGUMENT} for malformed fields
   */
  public CustodyEvent recordCustody(LedgerState state, CustodyRequest request) {
    Objects.requireNonNull(request, "request");
    Caller caller = state.caller();
    if (!policy.mayRecordCustody(caller)) {
      throw new RuleException(ErrorCode.ACCESS_DENIED,
          "organisation " + caller.mspId() + " may not record custody events");
    }
    requireUuid(request.evidenceId());
    if (request.action() == null) {
      throw new RuleException(ErrorCode.INVALID_ARGUMENT, "action is required");
    }
    if (request.detailHash() != null) {
      requireHex(request.detailHash(), "detailHash");
    }
    EvidenceAnchor anchor = readByEvidenceId(state, request.evidenceId())
        .orElseThrow(() -> new RuleException(ErrorCode.NOT_FOUND,
            "no anchored evidence with id " + request.evidenceId()));
    CustodyEvent event = new CustodyEvent(request.evidenceId(), anchor.digest(), request.action(),
        request.detailHash(), caller.mspId(), caller.subject(), state.txTimestamp().toString(), state.txId());
    state.put(CUSTODY_PREFIX + request.evidenceId() + "/" + state.txId(), StateCodec.encode(event));
    return event;
  }

  /** Custody events of one piece of evidence, at most {@link #MAX_RESULTS}, in transaction-id order. */
  public List<CustodyEvent> custodyEvents(LedgerState state, String evidenceId) {
    requireUuid(evidenceId);
    String prefix = CUSTODY_PREFIX + evidenceId + "/";
    List<CustodyEvent> out = new ArrayList<>();
    for (KeyValue kv : state.range(prefix, prefix + RANGE_END, MAX_RESULTS)) {
      out.add(StateCodec.decode(kv.value(), CustodyEvent.class, kv.key()));
    }
    return out;
  }

  /**
   * Anchors a Merkle root once; a second anchor of the same root returns the first.
   *
   * @throws RuleException {@link ErrorCode#ACCESS_DENIED} or {@link ErrorCode#INVALID_ARGUMENT}
   */
  public BatchAnchor anchorBatch(LedgerState state, BatchRequest request) {
    Objects.requireNonNull(request, "request");
    Caller caller = state.caller();
    if (!policy.mayAnchor(caller)) {
      throw new RuleException(ErrorCode.ACCESS_DENIED, "organisation " + caller.mspId() + " may not anchor");
    }
    requireHex(request.merkleRoot(), "merkleRoot");
    if (request.count() < 1) {
      throw new RuleException(ErrorCode.INVALID_ARGUMENT, "count must be at least 1: " + request.count());
    }
    if (request.kind() == null || !KIND.matcher(request.kind()).matches()) {
      throw new RuleException(ErrorCode.INVALID_ARGUMENT, "kind must be lowercase letters, digits and '-'");
    }
    String key = BATCH_PREFIX + request.merkleRoot();
    Optional<byte[]> existing = state.get(key);
    if (existing.isPresent()) {
      return StateCodec.decode(existing.get(), BatchAnchor.class, key);
    }
    BatchAnchor batch = new BatchAnchor(request.merkleRoot(), request.count(), request.kind(), caller.mspId(),
        caller.subject(), state.txTimestamp().toString(), state.txId());
    state.put(key, StateCodec.encode(batch));
    return batch;
  }

  /** The anchored batch with Merkle root {@code merkleRoot}, if any. */
  public Optional<BatchAnchor> readBatch(LedgerState state, String merkleRoot) {
    requireHex(merkleRoot, "merkleRoot");
    String key = BATCH_PREFIX + merkleRoot;
    return state.get(key).map(bytes -> StateCodec.decode(bytes, BatchAnchor.class, key));
  }

  /** The anchor of {@code digest}, if any. */
  public Optional<EvidenceAnchor> read(LedgerState state, String digest) {
    requireHex(digest, "digest");
    String key = EVIDENCE_PREFIX + digest;
    return state.get(key).map(bytes -> StateCodec.decode(bytes, EvidenceAnchor.class, key));
  }

  /** The anchor bound to an evidence id, if any. */
  public Optional<EvidenceAnchor> readByEvidenceId(LedgerState state, String evidenceId) {
    requireUuid(evidenceId);
    return state
        .get(EVIDENCE_ID_PREFIX + evidenceId)
        .flatMap(digest -> read(state, new String(digest, StandardCharsets.UTF_8)));
  }

  /** Every value the anchor of {@code digest} has had (at most one, since anchors are final). */
  public List<EvidenceAnchor> history(LedgerState state, String digest) {
    requireHex(digest, "digest");
    String key = EVIDENCE_PREFIX + digest;
    List<EvidenceAnchor> out = new ArrayList<>();
    for (KeyModification m : state.history(key)) {
      out.add(StateCodec.decode(m.value(), EvidenceAnchor.class, key));
    }
    return out;
  }

  private static void validate(AnchorRequest r) {
    requireHex(r.digest(), "digest");
    requireUuid(r.evidenceId());
    requireHex(r.statementSha256(), "statementSha256");
    if (r.referenceHash() != null) {
      requireHex(r.referenceHash(), "referenceHash");
    }
    if (r.pixelSha256() != null) {
      requireHex(r.pixelSha256(), "pixelSha256");
    }
    if (r.size() < 0) {
      throw new RuleException(ErrorCode.INVALID_ARGUMENT, "size must not be negative: " + r.size());
    }
    if (r.mediaType() == null
        || !MEDIA_TYPE.matcher(r.mediaType()).matches()
        || !r.mediaType().equals(r.mediaType().toLowerCase(Locale.ROOT))) {
      throw new RuleException(
          ErrorCode.INVALID_ARGUMENT, "mediaType must be a lowercase type/subtype without parameters");
    }
  }

  private static void requireHex(String value, String name) {
    if (value == null || !HEX64.matcher(value).matches()) {
      throw new RuleException(
          ErrorCode.INVALID_ARGUMENT, name + " must be 64 lowercase hex characters (SHA-256)");
    }
  }

  private static void requireUuid(String value) {
    if (value == null || !UUID.matcher(value).matches()) {
      throw new RuleException(ErrorCode.INVALID_ARGUMENT, "evidenceId must be a lowercase UUID");
    }
  }
}
