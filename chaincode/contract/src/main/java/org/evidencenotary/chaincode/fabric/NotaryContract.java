package org.evidencenotary.chaincode.fabric;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.evidencenotary.chaincode.core.AccessPolicy;
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
  private static final ObjectMapper JSON = JsonMapper.builder().build();

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

  private static String run(Context ctx, Function<FabricLedgerState, Object> body) {
    try {
      Object result = body.apply(new FabricLedgerState(ctx.getStub(), ctx.getClientIdentity()));
      return JSON.writeValueAsString(result);
    } catch (RuleException e) {
      throw new ChaincodeException(e.getMessage(), e.code().name());
    } catch (IOException e) {
      throw new ChaincodeException("result could not be encoded", "ENCODING_FAILED");
    }
  }
}
