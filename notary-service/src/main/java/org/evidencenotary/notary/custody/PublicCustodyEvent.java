package org.evidencenotary.notary.custody;

import java.util.Objects;
import org.evidencenotary.chaincode.core.CustodyAction;

/**
 * One custody event in its public form, as the certificate and the public portal show it: what was
 * done, in which role, when and where on the ledger; never who (a name), from where (an address)
 * or why (a purpose). docs/privacy.md says who sees more.
 *
 * @param number the event's place in the evidence's history, 1 for the oldest
 * @param action what was done
 * @param role the roles the caller acted in, from the kept details; null when they are not intact
 *     (erased, edited, or kept by another organisation)
 * @param recordedAt the ledger transaction's time (ISO-8601 UTC)
 * @param recordedBy the organisation (MSP id) that recorded it
 * @param ledger {@code embedded} or {@code fabric}
 * @param blockNumber the block holding the transaction
 * @param transactionId the recording transaction
 */
public record PublicCustodyEvent(int number, CustodyAction action, String role, String recordedAt,
    String recordedBy, String ledger, long blockNumber, String transactionId) {
  public PublicCustodyEvent {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(recordedAt, "recordedAt");
    Objects.requireNonNull(transactionId, "transactionId");
  }

  /** The action in words: "Original exported", "Certificate issued"... */
  public String actionText() {
    return switch (action) {
      case VIEWED -> "Viewed";
      case EXPORTED -> "Original exported";
      case DISCLOSED_TO_COURT -> "Disclosed to a court";
      case DISCLOSED_TO_INSURER -> "Disclosed to an insurer";
      case LEGAL_HOLD_SET -> "Legal hold set";
      case LEGAL_HOLD_RELEASED -> "Legal hold released";
      case SIGNED_COPY_EXPORTED -> "Signed DICOM copy exported";
      case CERTIFICATE_ISSUED -> "Certificate issued";
      case PROOF_ISSUED -> "Proof bundle issued";
    };
  }

  /** The role in words, or "not known" when the kept details are not intact. */
  public String roleText() {
    return role == null ? "not known" : role.replace(",", ", ");
  }
}
