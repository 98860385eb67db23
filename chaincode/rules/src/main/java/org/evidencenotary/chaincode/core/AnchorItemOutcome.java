package org.evidencenotary.chaincode.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one item of {@link EvidenceRules#anchorAll}: either the anchor now on the ledger
 * (new or existing) or the rules' refusal of that item. Exactly one of {@code anchor} and {@code
 * errorCode} is present.
 *
 * <p>As JSON ({@link StateCodec}, sorted keys, absent members left out):
 *
 * <pre>{@code
 * {"anchor":{...},"created":true}
 * {"created":false,"errorCode":"INVALID_ARGUMENT","errorMessage":"digest must be ..."}
 * }</pre>
 *
 * @param anchor the record on the ledger, or {@code null} when the item was refused
 * @param created true when this transaction wrote the anchor; false when the digest was already
 *     anchored (before or earlier in the same batch), and always false for a refused item
 * @param errorCode the {@link ErrorCode} name of the refusal, or {@code null}
 * @param errorMessage what was wrong with the item, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnchorItemOutcome(EvidenceAnchor anchor, boolean created, String errorCode, String errorMessage) {
  /**
   * @throws IllegalArgumentException unless exactly one of anchor and errorCode is given, a refusal
   *     has a known error code and a message and is not created
   */
  public AnchorItemOutcome {
    if ((anchor == null) == (errorCode == null)) {
      throw new IllegalArgumentException("exactly one of anchor and errorCode must be given");
    }
    if (errorCode != null) {
      ErrorCode.valueOf(errorCode); // throws IllegalArgumentException for an unknown code
      Objects.requireNonNull(errorMessage, "errorMessage");
      if (created) {
        throw new IllegalArgumentException("a refused item cannot have been created");
      }
    } else if (errorMessage != null) {
      throw new IllegalArgumentException("an anchored item carries no errorMessage");
    }
  }

  /** An anchored item: new ({@code created}) or already on the ledger. */
  public static AnchorItemOutcome anchored(AnchorOutcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    return new AnchorItemOutcome(outcome.anchor(), outcome.created(), null, null);
  }

  /** An item the rules refused: nothing was written for it. */
  public static AnchorItemOutcome refused(RuleException refusal) {
    Objects.requireNonNull(refusal, "refusal");
    return new AnchorItemOutcome(null, false, refusal.code().name(),
        Objects.requireNonNullElse(refusal.getMessage(), refusal.code().name()));
  }

  /** The refusal as the rules raised it, or empty for an anchored item. */
  public Optional<RuleException> refusal() {
    return errorCode == null
        ? Optional.empty()
        : Optional.of(new RuleException(ErrorCode.valueOf(errorCode), errorMessage));
  }
}
