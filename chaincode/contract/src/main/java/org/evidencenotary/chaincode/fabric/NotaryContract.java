package org.evidencenotary.chaincode.fabric;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.evidencenotary.chaincode.core.AccessPolicy;
import org.evidencenotary.chaincode.core.AnchorItemOutcome;
import org.evidencenotary.chaincode.core.AnchorOutcome;
import org.evidencenotary.chaincode.core.AnchorRequest;
import org.evidencenotary.chaincode.core.BatchRequest;
import org.evidencenotary.chaincode.core.CustodyAction;
import org.evidencenotary.chaincode.core.CustodyRequest;
import org.evidencenotary.chaincode.core.ErrorCode;
import org.evidencenotary.chaincode.core.EvidenceRules;
import org.evidencenotary.chaincode.core.RuleException;
import org.evidencenotary.chaincode.core.StateCodec;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The evidence notary's ledger rules as a Fabric contract. Every transaction delegates to {@link
 * EvidenceRules}, the same code the embedded ledger runs; this class only translates arguments,
 * identities and errors.
 *
 * <p>Access: the organisations allowed to anchor come from {@code NOTARY_ANCHORING_MSPS} (default
 * {@code HospitalMSP}), those allowed to record custody events from {@code NOTARY_CUSTODY_MSPS}
 * (default {@code CourtMSP,InsurerMSP}); every chaincode server of the channel must be given the
 * same values. Errors are {@link ChaincodeException}s whose payload is the rule's {@link
 * ErrorCode} name, so clients can branch on it.
 */
@Contract(name = "notary", info = @Info(title = "Evidence notary", version = "1"))
@Default
public final class NotaryContract implements ContractInterface {
  /** Name of the chaincode event emitted on every new anchor. */
  public static final String ANCHOR_EVENT = "EvidenceAnchored";
  /**
   * Name of the chaincode event of an {@link #AnchorEvidenceBatch} that anchored at least one new
   * digest; its payload is the JSON array of those digests, in request order.
   */
  public static final String BATCH_ANCHOR_EVENT = "EvidenceBatchAnchored";
  /** Reads arguments strictly: one JSON value, no duplicate members. */
  private static final ObjectMapper ARGUMENTS = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final Set<String> REQUEST_FIELDS = Set.of(
      "digest", "evidenceId", "statementSha256", "referenceHash", "size", "mediaType", "pixelSha256");

  private final EvidenceRules rules;

  public NotaryContract() {
    this(new AccessPolicy(
        mspSet(System.getenv("NOTARY_ANCHORING_MSPS"), "HospitalMSP"),
        mspSet(System.getenv("NOTARY_CUSTODY_MSPS"), "CourtMSP,InsurerMSP")));
  }

  NotaryContract(AccessPolicy policy) {
    this.rules = new EvidenceRules(policy);
  }

  static Set<String> mspSet(String value, String fallback) {
    String v = value == null || value.isBlank() ? fallback : value;
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String AnchorEvidence(Context ctx, String digest, String evidenceId, String statementSha256,
      String referenceHash, long size, String mediaType, String pixelSha256) {
    return run(ctx, state -> {
      AnchorOutcome outcome = rules.anchor(state, new AnchorRequest(digest, evidenceId, statementSha256,
          emptyToNull(referenceHash), size, mediaType, emptyToNull(pixelSha256)));
      if (outcome.created()) {
        ctx.getStub().setEvent(ANCHOR_EVENT, StateCodec.encode(outcome.anchor()));
      }
      return outcome;
    });
  }

  /**
   * Anchors many digests in this one transaction ({@link EvidenceRules#anchorAll}).
   *
   * @param requestsJson a JSON array of 1 to {@value EvidenceRules#MAX_BATCH_ITEMS} objects with
   *     the members of {@link AnchorRequest}: {@code digest}, {@code evidenceId}, {@code
   *     statementSha256}, {@code mediaType} (strings), {@code size} (a whole number) and {@code
   *     referenceHash}, {@code pixelSha256} (strings, which may be absent, {@code null} or empty)
   * @return the JSON array of {@link AnchorItemOutcome}, one per request, in order, keys sorted
   * @throws ChaincodeException {@code INVALID_ARGUMENT} when {@code requestsJson} is not such an
   *     array (wrong JSON, wrong member types, unknown members, a missing {@code size}) or holds
   *     no request or too many; {@code ACCESS_DENIED} when the caller may not anchor. An item
   *     whose values the rules refuse (a malformed digest, an evidence id bound elsewhere) does
   *     not fail the call: its outcome carries the error code.
   */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String AnchorEvidenceBatch(Context ctx, String requestsJson) {
    return run(ctx, state -> {
      List<AnchorItemOutcome> outcomes = rules.anchorAll(state, parseRequests(requestsJson));
      List<String> created = outcomes.stream().filter(AnchorItemOutcome::created)
          .map(o -> o.anchor().digest()).toList();
      if (!created.isEmpty()) {
        ctx.getStub().setEvent(BATCH_ANCHOR_EVENT, StateCodec.encode(created));
      }
      return outcomes;
    });
  }

  /** The requests of {@link #AnchorEvidenceBatch}, or {@code INVALID_ARGUMENT} for any other shape. */
  static List<AnchorRequest> parseRequests(String requestsJson) {
    JsonNode root;
    try {
      root = requestsJson == null ? null : ARGUMENTS.readTree(requestsJson);
    } catch (IOException e) {
      throw new RuleException(ErrorCode.INVALID_ARGUMENT, "requestsJson is not valid JSON: "
          + (e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage()));
    }
    if (root == null || !root.isArray()) {
      throw new RuleException(ErrorCode.INVALID_ARGUMENT, "requestsJson must be a JSON array of anchor requests");
    }
    if (root.size() > EvidenceRules.MAX_BATCH_ITEMS) {
      // Refused before building thousands of requests the rules would refuse anyway.
      throw new RuleException(ErrorCode.INVALID_ARGUMENT, "a batch holds 1 to " + EvidenceRules.MAX_BATCH_ITEMS
          + " anchor requests, not " + root.size());
    }
    List<AnchorRequest> requests = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode item = root.get(i);
      if (!item.isObject()) {
        throw new RuleException(ErrorCode.INVALID_ARGUMENT, "request " + i + " is not a JSON object");
      }
      for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!REQUEST_FIELDS.contains(name)) {
          throw new RuleException(ErrorCode.INVALID_ARGUMENT, "request " + i + " has an unknown member '"
              + name + "'; expected only " + new TreeSet<>(REQUEST_FIELDS));
        }
      }
      JsonNode size = item.get("size");
      if (size == null || !size.isIntegralNumber() || !size.canConvertToLong()) {
        throw new RuleException(ErrorCode.INVALID_ARGUMENT, "request " + i + ": size must be a whole number");
      }
      requests.add(new AnchorRequest(text(item, "digest", i), text(item, "evidenceId", i),
          text(item, "statementSha256", i), emptyToNull(text(item, "referenceHash", i)), size.longValue(),
          text(item, "mediaType", i), emptyToNull(text(item, "pixelSha256", i))));
    }
    return requests;
  }

  /** A string member, or null when absent or null; the rules judge its value. */
  private static String text(JsonNode item, String name, int index) {
    JsonNode value = item.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new RuleException(ErrorCode.INVALID_ARGUMENT, "request " + index + ": " + name + " must be a string");
    }
    return value.textValue();
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String AnchorBatch(Context ctx, String merkleRoot, long count, String kind) {
    return run(ctx, state -> rules.anchorBatch(state, new BatchRequest(merkleRoot, count, kind)));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RecordCustodyEvent(Context ctx, String evidenceId, String action, String detailHash) {
    CustodyAction parsed;
    try {
      parsed = CustodyAction.valueOf(action);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ChaincodeException("unknown custody action '" + action + "'; one of "
          + Arrays.toString(CustodyAction.values()), ErrorCode.INVALID_ARGUMENT.name());
    }
    return run(ctx, state -> rules.recordCustody(state, new CustodyRequest(evidenceId, parsed,
        detailHash == null || detailHash.isEmpty() ? null : detailHash)));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ReadEvidence(Context ctx, String digest) {
    return run(ctx, state -> rules.read(state, digest).orElseThrow(() ->
        new RuleException(ErrorCode.NOT_FOUND, "no anchor for digest " + digest)));
  }

  /**
   * The anchor of {@code digest} as a JSON array of zero or one element: lets a client tell "not
   * anchored" from a failure without reading error messages.
   */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String FindEvidence(Context ctx, String digest) {
    return run(ctx, state -> rules.read(state, digest).stream().toList());
  }

  /** The batch anchored under {@code merkleRoot} as a JSON array of zero or one element. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String FindBatch(Context ctx, String merkleRoot) {
    return run(ctx, state -> rules.readBatch(state, merkleRoot).stream().toList());
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String FindByPixelDigest(Context ctx, String pixelSha256) {
    return run(ctx, state -> rules.findByPixelDigest(state, pixelSha256));
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ReadBatch(Context ctx, String merkleRoot) {
    return run(ctx, state -> rules.readBatch(state, merkleRoot).orElseThrow(() ->
        new RuleException(ErrorCode.NOT_FOUND, "no batch with Merkle root " + merkleRoot)));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ReadEvidenceById(Context ctx, String evidenceId) {
    return run(ctx, state -> rules.readByEvidenceId(state, evidenceId).orElseThrow(() ->
        new RuleException(ErrorCode.NOT_FOUND, "no anchor for evidence " + evidenceId)));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String EvidenceHistory(Context ctx, String digest) {
    return run(ctx, state -> rules.history(state, digest));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String FindByReference(Context ctx, String referenceHash) {
    return run(ctx, state -> rules.findByReference(state, referenceHash));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String CustodyEvents(Context ctx, String evidenceId) {
    return run(ctx, state -> rules.custodyEvents(state, evidenceId));
  }

  /** Runs {@code body} and returns its result as JSON with sorted keys, like state ({@link StateCodec}). */
  private static String run(Context ctx, Function<FabricLedgerState, Object> body) {
    Object result;
    try {
      result = body.apply(new FabricLedgerState(ctx.getStub(), ctx.getClientIdentity()));
    } catch (RuleException e) {
      throw new ChaincodeException(e.getMessage(), e.code().name());
    }
    try {
      return new String(StateCodec.encode(result), StandardCharsets.UTF_8);
    } catch (IllegalStateException e) {
      throw new ChaincodeException("result could not be encoded", "ENCODING_FAILED");
    }
  }
}
