package org.evidencenotary.chaincode.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvidenceRulesTest {
  private static final Caller HOSPITAL = new Caller("HospitalMSP", "CN=notary,O=Hospital");
  private static final Caller COURT = new Caller("CourtMSP", "CN=clerk,O=Court");
  private static final String DIGEST = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String STATEMENT = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

  private static final Caller INSURER = new Caller("InsurerMSP", "CN=analyst,O=Insurer");
  private static final Caller STRANGER = new Caller("StrangerMSP", "CN=x,O=Elsewhere");
  private final EvidenceRules rules =
      new EvidenceRules(new AccessPolicy(Set.of("HospitalMSP"), Set.of("CourtMSP", "InsurerMSP")));
  private final TreeMap<String, byte[]> world = new TreeMap<>();
  private final Map<String, List<KeyModification>> histories = new HashMap<>();
  private int tx;

  /** Runs one transaction and commits its writes, like a ledger would. */
  private <T> T transact(Caller caller, Instant at, java.util.function.Function<LedgerState, T> body) {
    String txId = "tx" + (++tx);
    InMemoryLedgerState state =
        new InMemoryLedgerState(
            k -> Optional.ofNullable(world.get(k)),
            k -> histories.getOrDefault(k, List.of()),
            (start, end, limit) -> world.subMap(start, end).entrySet().stream().limit(limit)
                .map(e -> new KeyValue(e.getKey(), e.getValue())).toList(),
            txId,
            at,
            caller);
    T result = body.apply(state);
    state.writes().forEach((k, v) -> {
      world.put(k, v);
      histories.computeIfAbsent(k, x -> new ArrayList<>()).add(new KeyModification(txId, at, v));
    });
    return result;
  }

  private static AnchorRequest request(String digest, String id) {
    return new AnchorRequest(digest, id, STATEMENT, null, 3, "application/dicom");
  }

  @Test
  void anchor_records_who_anchored_and_when_from_the_transaction() {
    Instant at = Instant.parse("2026-11-25T10:00:00Z");
    AnchorOutcome outcome = transact(HOSPITAL, at, s -> rules.anchor(s, request(DIGEST, ID)));

    assertThat(outcome.created()).isTrue();
    assertThat(outcome.anchor().anchoredBy()).isEqualTo("HospitalMSP");
    assertThat(outcome.anchor().anchoredBySubject()).isEqualTo("CN=notary,O=Hospital");
    assertThat(outcome.anchor().anchoredAt()).isEqualTo("2026-11-25T10:00:00Z");
    assertThat(outcome.anchor().txId()).isEqualTo("tx1");
    Optional<EvidenceAnchor> byDigest = transact(COURT, at, s -> rules.read(s, DIGEST));
    Optional<EvidenceAnchor> byId = transact(COURT, at, s -> rules.readByEvidenceId(s, ID));
    assertThat(byDigest).contains(outcome.anchor());
    assertThat(byId).contains(outcome.anchor());
  }

  @Test
  void second_anchor_of_same_digest_returns_the_first_and_writes_nothing() {
    Instant first = Instant.parse("2026-11-25T10:00:00Z");
    AnchorOutcome original = transact(HOSPITAL, first, s -> rules.anchor(s, request(DIGEST, ID)));
    AnchorOutcome again =
        transact(
            HOSPITAL,
            first.plusSeconds(60),
            s -> {
              AnchorOutcome o =
                  rules.anchor(s, request(DIGEST, "11111111-2222-4333-8444-555555555555"));
              assertThat(((InMemoryLedgerState) s).writes()).isEmpty();
              return o;
            });

    assertThat(again.created()).isFalse();
    assertThat(again.anchor()).isEqualTo(original.anchor());
    List<EvidenceAnchor> history = transact(COURT, first, s -> rules.history(s, DIGEST));
    assertThat(history).hasSize(1);
  }

  @Test
  void court_may_not_anchor() {
    assertThatThrownBy(() -> transact(COURT, Instant.EPOCH, s -> rules.anchor(s, request(DIGEST, ID))))
        .isInstanceOf(RuleException.class)
        .hasMessageContaining("CourtMSP may not anchor")
        .extracting(e -> ((RuleException) e).code())
        .isEqualTo(ErrorCode.ACCESS_DENIED);
  }

  @Test
  void malformed_digest_is_an_invalid_argument() {
    assertThatThrownBy(
            () -> transact(HOSPITAL, Instant.EPOCH, s -> rules.anchor(s, request("ABC", ID))))
        .isInstanceOf(RuleException.class)
        .extracting(e -> ((RuleException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void evidence_id_bound_to_another_digest_is_a_conflict() {
    transact(HOSPITAL, Instant.EPOCH, s -> rules.anchor(s, request(DIGEST, ID)));
    String other = "0".repeat(64);

    assertThatThrownBy(() -> transact(HOSPITAL, Instant.EPOCH, s -> rules.anchor(s, request(other, ID))))
        .isInstanceOf(RuleException.class)
        .extracting(e -> ((RuleException) e).code())
        .isEqualTo(ErrorCode.EVIDENCE_ID_CONFLICT);
  }

  @Test
  void state_bytes_are_deterministic_and_sorted() {
    transact(HOSPITAL, Instant.parse("2026-11-25T10:00:00Z"), s -> rules.anchor(s, request(DIGEST, ID)));

    // Known answer: the exact bytes every endorser must write for this anchor.
    assertThat(new String(world.get("evidence/" + DIGEST), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"anchoredAt\":\"2026-11-25T10:00:00Z\",\"anchoredBy\":\"HospitalMSP\","
                + "\"anchoredBySubject\":\"CN=notary,O=Hospital\",\"digest\":\"" + DIGEST + "\","
                + "\"evidenceId\":\"" + ID + "\",\"mediaType\":\"application/dicom\",\"size\":3,"
                + "\"statementSha256\":\"" + STATEMENT + "\",\"txId\":\"tx1\"}");
  }

  @Test
  void corrupt_state_is_reported_not_guessed() {
    world.put("evidence/" + DIGEST, "not json".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> transact(COURT, Instant.EPOCH, s -> rules.read(s, DIGEST)))
        .isInstanceOf(RuleException.class)
        .extracting(e -> ((RuleException) e).code())
        .isEqualTo(ErrorCode.CORRUPT_STATE);
  }

  private static String hex(int i) {
    return String.format("%064x", i);
  }

  private static String uuid(int i) {
    return String.format("00000000-0000-4000-8000-%012d", i);
  }

  @Test
  void evidence_is_found_by_its_salted_case_reference_and_only_by_it() {
    String reference = "a".repeat(64);
    transact(HOSPITAL, Instant.EPOCH, s -> rules.anchor(s,
        new AnchorRequest(hex(1), uuid(1), STATEMENT, reference, 1, "image/png")));
    transact(HOSPITAL, Instant.EPOCH, s -> rules.anchor(s,
        new AnchorRequest(hex(2), uuid(2), STATEMENT, reference, 1, "image/png")));
    transact(HOSPITAL, Instant.EPOCH, s -> rules.anchor(s,
        new AnchorRequest(hex(3), uuid(3), STATEMENT, "b".repeat(64), 1, "image/png")));

    List<EvidenceAnchor> found = transact(COURT, Instant.EPOCH, s -> rules.findByReference(s, reference));

    assertThat(found).extracting(EvidenceAnchor::digest).containsExactly(hex(1), hex(2));
  }

  @Test
  void a_dicom_instance_is_found_by_its_pixel_digest_and_a_malformed_one_is_refused() {
    String pixels = "f".repeat(64);
    EvidenceAnchor anchored = transact(HOSPITAL, Instant.EPOCH, s -> rules.anchor(s,
        new AnchorRequest(hex(7), uuid(7), STATEMENT, null, 1, "application/dicom", pixels))).anchor();
    transact(HOSPITAL, Instant.EPOCH, s -> rules.anchor(s,
        new AnchorRequest(hex(8), uuid(8), STATEMENT, null, 1, "application/dicom", "e".repeat(64))));

    List<EvidenceAnchor> found = transact(COURT, Instant.EPOCH, s -> rules.findByPixelDigest(s, pixels));

    assertThat(anchored.pixelSha256()).isEqualTo(pixels);
    assertThat(found).containsExactly(anchored);
    assertThatThrownBy(() -> transact(HOSPITAL, Instant.EPOCH, s -> rules.anchor(s,
            new AnchorRequest(hex(9), uuid(9), STATEMENT, null, 1, "application/dicom", "not-hex"))))
        .isInstanceOf(RuleException.class)
        .extracting(e -> ((RuleException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void reference_queries_are_bounded() {
    String reference = "c".repeat(64);
    for (int i = 0; i < EvidenceRules.MAX_RESULTS + 5; i++) {
      int n = i;
      transact(HOSPITAL, Instant.EPOCH, s -> rules.anchor(s,
          new AnchorRequest(hex(1000 + n), uuid(1000 + n), STATEMENT, reference, 1, "image/png")));
    }

    List<EvidenceAnchor> found = transact(COURT, Instant.EPOCH, s -> rules.findByReference(s, reference));

    assertThat(found).hasSize(EvidenceRules.MAX_RESULTS);
  }

  @Test
  void court_and_insurer_record_custody_events_of_anchored_evidence() {
    transact(HOSPITAL, Instant.EPOCH, s -> rules.anchor(s, request(DIGEST, ID)));
    Instant at = Instant.parse("2026-12-01T09:00:00Z");

    CustodyEvent disclosed = transact(COURT, at, s ->
        rules.recordCustody(s, new CustodyRequest(ID, CustodyAction.DISCLOSED_TO_COURT, STATEMENT)));
    transact(INSURER, at, s -> rules.recordCustody(s, new CustodyRequest(ID, CustodyAction.VIEWED, null)));

    assertThat(disclosed.recordedBy()).isEqualTo("CourtMSP");
    assertThat(disclosed.digest()).isEqualTo(DIGEST);
    assertThat(disclosed.recordedAt()).isEqualTo("2026-12-01T09:00:00Z");
    List<CustodyEvent> events = transact(COURT, at, s -> rules.custodyEvents(s, ID));
    assertThat(events).extracting(CustodyEvent::action)
        .containsExactlyInAnyOrder(CustodyAction.DISCLOSED_TO_COURT, CustodyAction.VIEWED);
  }

  @Test
  void the_notarys_own_organisation_records_what_it_released_of_anchored_evidence() {
    transact(HOSPITAL, Instant.EPOCH, s -> rules.anchor(s, request(DIGEST, ID)));
    Instant at = Instant.parse("2026-12-01T10:00:00Z");

    for (CustodyAction action : List.of(CustodyAction.EXPORTED, CustodyAction.SIGNED_COPY_EXPORTED,
        CustodyAction.CERTIFICATE_ISSUED, CustodyAction.PROOF_ISSUED)) {
      transact(HOSPITAL, at, s -> rules.recordCustody(s, new CustodyRequest(ID, action, STATEMENT)));
    }

    List<CustodyEvent> events = transact(COURT, at, s -> rules.custodyEvents(s, ID));
    assertThat(events).extracting(CustodyEvent::action).containsExactlyInAnyOrder(CustodyAction.EXPORTED,
        CustodyAction.SIGNED_COPY_EXPORTED, CustodyAction.CERTIFICATE_ISSUED, CustodyAction.PROOF_ISSUED);
    assertThat(events).extracting(CustodyEvent::recordedBy).containsOnly("HospitalMSP");
    assertThat(events).extracting(CustodyEvent::detailHash).containsOnly(STATEMENT);
  }

  @Test
  void custody_of_unknown_evidence_is_not_found() {
    assertThatThrownBy(() -> transact(COURT, Instant.EPOCH, s ->
            rules.recordCustody(s, new CustodyRequest(ID, CustodyAction.VIEWED, null))))
        .isInstanceOf(RuleException.class)
        .extracting(e -> ((RuleException) e).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void organisation_outside_the_policy_may_not_record_custody() {
    transact(HOSPITAL, Instant.EPOCH, s -> rules.anchor(s, request(DIGEST, ID)));

    assertThatThrownBy(() -> transact(STRANGER, Instant.EPOCH, s ->
            rules.recordCustody(s, new CustodyRequest(ID, CustodyAction.VIEWED, null))))
        .isInstanceOf(RuleException.class)
        .extracting(e -> ((RuleException) e).code())
        .isEqualTo(ErrorCode.ACCESS_DENIED);
  }

  @Test
  void a_merkle_root_is_anchored_once_and_only_by_a_hospital() {
    BatchAnchor first = transact(HOSPITAL, Instant.EPOCH, s ->
        rules.anchorBatch(s, new BatchRequest(DIGEST, 12, "dicom-series")));
    BatchAnchor again = transact(HOSPITAL, Instant.EPOCH.plusSeconds(5), s ->
        rules.anchorBatch(s, new BatchRequest(DIGEST, 12, "dicom-series")));

    assertThat(again).isEqualTo(first);
    Optional<BatchAnchor> read = transact(COURT, Instant.EPOCH, s -> rules.readBatch(s, DIGEST));
    Optional<BatchAnchor> unknown = transact(COURT, Instant.EPOCH, s -> rules.readBatch(s, STATEMENT));
    assertThat(read).contains(first);
    assertThat(unknown).isEmpty();
    assertThatThrownBy(() -> transact(INSURER, Instant.EPOCH, s ->
            rules.anchorBatch(s, new BatchRequest(STATEMENT, 3, "evidence-batch"))))
        .isInstanceOf(RuleException.class)
        .extracting(e -> ((RuleException) e).code())
        .isEqualTo(ErrorCode.ACCESS_DENIED);
  }

  // ---------------------------------------------------------------- anchorAll

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private static RuleException refusalOf(AnchorItemOutcome outcome) {
    return outcome.refusal().orElseThrow(() -> new AssertionError("not refused: " + outcome));
  }

  @Test
  void anchor_all_gives_each_item_of_a_mixed_batch_what_anchor_would_give_it() {
    EvidenceAnchor existing = transact(HOSPITAL, T0, s -> rules.anchor(s, request(hex(1), uuid(1)))).anchor();
    List<AnchorRequest> batch = List.of(
        request(hex(2), uuid(2)),                 // new
        request(hex(1), uuid(11)),                // already anchored
        request("ABC", uuid(3)),                  // malformed digest
        request(hex(4), uuid(1)),                 // evidence id bound to hex(1)
        request(hex(5), uuid(5)));                // new, after the refusals

    List<AnchorItemOutcome> outcomes = transact(HOSPITAL, T0.plusSeconds(60), s -> rules.anchorAll(s, batch));

    assertThat(outcomes).hasSize(5);
    assertThat(outcomes.get(0).created()).isTrue();
    assertThat(outcomes.get(0).anchor().digest()).isEqualTo(hex(2));
    assertThat(outcomes.get(0).anchor().txId()).isEqualTo("tx2");
    assertThat(outcomes.get(1).created()).isFalse();
    assertThat(outcomes.get(1).anchor()).isEqualTo(existing);
    assertThat(outcomes.get(2).anchor()).isNull();
    assertThat(refusalOf(outcomes.get(2)).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refusalOf(outcomes.get(2))).hasMessageContaining("digest must be 64 lowercase hex");
    assertThat(refusalOf(outcomes.get(3)).code()).isEqualTo(ErrorCode.EVIDENCE_ID_CONFLICT);
    assertThat(refusalOf(outcomes.get(3))).hasMessageContaining(hex(1));
    assertThat(outcomes.get(4).created()).isTrue();
    assertThat(outcomes.get(4).anchor().txId()).isEqualTo("tx2");
  }

  @Test
  void anchor_all_writes_exactly_what_anchor_writes_for_its_new_items_and_nothing_for_the_others() {
    transact(HOSPITAL, T0, s -> rules.anchor(s, request(hex(1), uuid(1))));
    Map<String, byte[]> batchWrites = transact(HOSPITAL, T0, s -> {
      rules.anchorAll(s, List.of(request(hex(1), uuid(1)), request("ABC", uuid(3)),
          request(hex(4), uuid(1)), request(hex(2), uuid(2))));
      return ((InMemoryLedgerState) s).writes();
    });
    // The one new item, anchored alone by anchor() in a transaction with the same id, time and caller.
    InMemoryLedgerState alone = new InMemoryLedgerState(k -> Optional.empty(), k -> List.of(), "tx2", T0, HOSPITAL);
    rules.anchor(alone, request(hex(2), uuid(2)));

    assertThat(batchWrites.keySet()).containsExactlyElementsOf(alone.writes().keySet());
    alone.writes().forEach((key, value) -> assertThat(batchWrites.get(key)).as(key).isEqualTo(value));
  }

  @Test
  void a_digest_twice_in_one_batch_is_anchored_once_and_the_second_item_gets_the_first_anchor() {
    List<AnchorItemOutcome> outcomes = transact(HOSPITAL, T0, s -> rules.anchorAll(s,
        List.of(request(hex(1), uuid(1)), request(hex(1), uuid(2)))));

    assertThat(outcomes.get(0).created()).isTrue();
    assertThat(outcomes.get(1).created()).isFalse();
    assertThat(outcomes.get(1).anchor()).isEqualTo(outcomes.get(0).anchor());
    assertThat(world).doesNotContainKey(EvidenceRules.EVIDENCE_ID_PREFIX + uuid(2));
  }

  @Test
  void an_evidence_id_twice_in_one_batch_with_another_digest_is_a_conflict() {
    List<AnchorItemOutcome> outcomes = transact(HOSPITAL, T0, s -> rules.anchorAll(s,
        List.of(request(hex(1), uuid(1)), request(hex(2), uuid(1)))));

    assertThat(outcomes.get(0).created()).isTrue();
    assertThat(refusalOf(outcomes.get(1)).code()).isEqualTo(ErrorCode.EVIDENCE_ID_CONFLICT);
    assertThat(world).doesNotContainKey(EvidenceRules.EVIDENCE_PREFIX + hex(2));
  }

  @Test
  void a_missing_item_is_refused_as_an_invalid_argument_and_the_others_go_through() {
    List<AnchorRequest> withNull = new ArrayList<>();
    withNull.add(null);
    withNull.add(request(hex(1), uuid(1)));

    List<AnchorItemOutcome> outcomes = transact(HOSPITAL, T0, s -> rules.anchorAll(s, withNull));

    assertThat(refusalOf(outcomes.get(0)).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(outcomes.get(1).created()).isTrue();
  }

  @Test
  void a_batch_of_exactly_the_limit_is_anchored_in_one_transaction() {
    List<AnchorRequest> full = new ArrayList<>();
    for (int i = 0; i < EvidenceRules.MAX_BATCH_ITEMS; i++) {
      full.add(request(hex(10_000 + i), uuid(10_000 + i)));
    }

    List<AnchorItemOutcome> outcomes = transact(HOSPITAL, T0, s -> rules.anchorAll(s, full));

    assertThat(outcomes).hasSize(EvidenceRules.MAX_BATCH_ITEMS).allSatisfy(o -> {
      assertThat(o.created()).isTrue();
      assertThat(o.anchor().txId()).isEqualTo("tx1");
    });
  }

  @Test
  void a_batch_over_the_limit_is_refused_whole_and_writes_nothing() {
    List<AnchorRequest> tooMany = new ArrayList<>();
    for (int i = 0; i <= EvidenceRules.MAX_BATCH_ITEMS; i++) {
      tooMany.add(request(hex(10_000 + i), uuid(10_000 + i)));
    }

    assertThatThrownBy(() -> transact(HOSPITAL, T0, s -> rules.anchorAll(s, tooMany)))
        .isInstanceOf(RuleException.class)
        .hasMessageContaining("1 to 1024 anchor requests, not 1025")
        .extracting(e -> ((RuleException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(world).isEmpty();
  }

  @Test
  void an_empty_batch_is_an_invalid_argument() {
    assertThatThrownBy(() -> transact(HOSPITAL, T0, s -> rules.anchorAll(s, List.of())))
        .isInstanceOf(RuleException.class)
        .extracting(e -> ((RuleException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void court_may_not_anchor_a_batch_and_the_whole_call_is_refused_before_any_write() {
    assertThatThrownBy(() -> transact(COURT, T0, s -> rules.anchorAll(s, List.of(request(hex(1), uuid(1))))))
        .isInstanceOf(RuleException.class)
        .hasMessageContaining("CourtMSP may not anchor")
        .extracting(e -> ((RuleException) e).code())
        .isEqualTo(ErrorCode.ACCESS_DENIED);
    assertThat(world).isEmpty();
  }

  @Test
  void corrupt_state_under_one_item_fails_the_whole_batch() {
    world.put(EvidenceRules.EVIDENCE_PREFIX + hex(2), "not json".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> transact(HOSPITAL, T0, s -> rules.anchorAll(s,
            List.of(request(hex(1), uuid(1)), request(hex(2), uuid(2))))))
        .isInstanceOf(RuleException.class)
        .extracting(e -> ((RuleException) e).code())
        .isEqualTo(ErrorCode.CORRUPT_STATE);
    assertThat(world).doesNotContainKey(EvidenceRules.EVIDENCE_PREFIX + hex(1));
  }

  @Test
  void item_outcomes_encode_to_sorted_json_and_decode_back() {
    List<AnchorItemOutcome> outcomes = transact(HOSPITAL, T0, s -> rules.anchorAll(s,
        List.of(request(DIGEST, ID), request("ABC", uuid(2)))));

    String json = new String(StateCodec.encode(outcomes), StandardCharsets.UTF_8);

    // Known answer: what the contract returns and the service decodes.
    assertThat(json).isEqualTo("[{\"anchor\":{\"anchoredAt\":\"2026-11-25T10:00:00Z\",\"anchoredBy\":\"HospitalMSP\","
        + "\"anchoredBySubject\":\"CN=notary,O=Hospital\",\"digest\":\"" + DIGEST + "\","
        + "\"evidenceId\":\"" + ID + "\",\"mediaType\":\"application/dicom\",\"size\":3,"
        + "\"statementSha256\":\"" + STATEMENT + "\",\"txId\":\"tx1\"},\"created\":true},"
        + "{\"created\":false,\"errorCode\":\"INVALID_ARGUMENT\","
        + "\"errorMessage\":\"digest must be 64 lowercase hex characters (SHA-256)\"}]");
    assertThat(StateCodec.decode(json.getBytes(StandardCharsets.UTF_8), AnchorItemOutcome[].class, "result"))
        .containsExactlyElementsOf(outcomes);
  }

  @Test
  void an_item_outcome_holds_exactly_one_of_anchor_and_error() {
    EvidenceAnchor anchor = transact(HOSPITAL, T0, s -> rules.anchor(s, request(DIGEST, ID))).anchor();

    assertThatThrownBy(() -> new AnchorItemOutcome(anchor, false, "INVALID_ARGUMENT", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AnchorItemOutcome(null, false, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AnchorItemOutcome(null, false, "NO_SUCH_CODE", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AnchorItemOutcome(null, true, "INVALID_ARGUMENT", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new AnchorItemOutcome(anchor, true, null, null).refusal()).isEmpty();
  }
}
