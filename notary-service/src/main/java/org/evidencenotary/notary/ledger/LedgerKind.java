package org.evidencenotary.notary.ledger;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of {@link Ledger}. The text form ({@link #toString()}, and in JSON) is the lower-case
 * word that {@code notary.ledger.kind}, anchors in records and proofs, and health data use: {@code
 * embedded} or {@code fabric}.
 */
public enum LedgerKind {
  /** The local hash-chained block log running the chaincode rules ({@link EmbeddedLedger}). */
  EMBEDDED("embedded"),
  /** The Hyperledger Fabric network ({@link FabricLedger}). */
  FABRIC("fabric");

  private final String text;

  LedgerKind(String text) {
    this.text = text;
  }

  /**
   * The kind {@code notary.ledger.kind} names.
   *
   * @throws LedgerConfigurationException when {@code text} is not exactly one of the kinds' words;
   *     the message names the allowed ones
   */
  public static LedgerKind parse(String text) {
    return of(text).orElseThrow(() -> new LedgerConfigurationException("notary.ledger.kind='" + text
        + "' is not a ledger; use " + Arrays.stream(values()).map(k -> "'" + k.text + "'")
            .collect(Collectors.joining(" or "))));
  }

  /** The kind whose word is exactly {@code text} (as an anchor's {@code ledger} field holds it), if any. */
  public static Optional<LedgerKind> of(String text) {
    return Arrays.stream(values()).filter(k -> k.text.equals(text)).findFirst();
  }

  /** The lower-case word, as it is written in JSON. */
  @JsonValue
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
