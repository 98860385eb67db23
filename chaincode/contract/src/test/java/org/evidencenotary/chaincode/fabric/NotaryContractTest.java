package org.evidencenotary.chaincode.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.evidencenotary.chaincode.core.AccessPolicy;
import org.evidencenotary.chaincode.core.AnchorItemOutcome;
import org.evidencenotary.chaincode.core.AnchorRequest;
import org.evidencenotary.chaincode.core.Caller;
import org.evidencenotary.chaincode.core.EvidenceRules;
import org.evidencenotary.chaincode.core.InMemoryLedgerState;
import org.evidencenotary.chaincode.core.StateCodec;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

class NotaryContractTest {
  private static final String DIGEST = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String STATEMENT = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String REFERENCE = "d".repeat(64);
  private static final String PIXELS = "e".repeat(64);
  private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final AccessPolicy POLICY = new AccessPolicy(Set.of("HospitalMSP"), Set.of("CourtMSP", "InsurerMSP"));

  private final InMemoryStub ledger = new InMemoryStub();
  private final NotaryContract contract = new NotaryContract(POLICY);

  private String anchor(String msp) throws Exception {
    InMemoryStub.Transaction tx = ledger.begin(msp, "notary", T0);
    String result = contract.AnchorEvidence(tx.context, DIGEST, ID, STATEMENT, REFERENCE, 1024, "application/dicom", "");
    tx.commit();
    return result;
  }

  @Test
  void hospital_anchors_evidence_and_an_event_is_emitted() throws Exception {
    String result = anchor("HospitalMSP");

    assertThat(result).contains("\"created\":true").contains("\"anchoredBy\":\"HospitalMSP\"")
        .contains("\"anchoredAt\":\"2026-11-25T10:00:00Z\"").contains("\"txId\":\"tx1\"");
    assertThat(ledger.events).containsExactly(NotaryContract.ANCHOR_EVENT);
    assertThat(ledger.world).containsKey("evidence/" + DIGEST);
  }

  @Test
  void a_second_anchor_returns_the_first_writes_nothing_and_emits_no_event() throws Exception {
    anchor("HospitalMSP");
    InMemoryStub.Transaction again = ledger.begin("HospitalMSP", "notary", T0.plusSeconds(60));

    String result = contract.AnchorEvidence(again.context, DIGEST, ID, STATEMENT, "", 1024, "application/dicom", "");

    assertThat(result).contains("\"created\":false").contains("\"txId\":\"tx1\"");
    assertThat(again.writes).isEmpty();
    assertThat(ledger.events).hasSize(1);
  }

  @Test
  void court_may_not_anchor_and_the_error_carries_the_rule_code() throws Exception {
    InMemoryStub.Transaction tx = ledger.begin("CourtMSP", "clerk", T0);

    assertThatThrownBy(() -> contract.AnchorEvidence(tx.context, DIGEST, ID, STATEMENT, "", 1, "image/png", ""))
        .isInstanceOf(ChaincodeException.class)
        .hasMessageContaining("CourtMSP may not anchor")
        .extracting(e -> new String(((ChaincodeException) e).getPayload(), StandardCharsets.UTF_8))
        .isEqualTo("ACCESS_DENIED");
  }

  @Test
  void court_records_a_custody_event_and_reads_it_back() throws Exception {
    anchor("HospitalMSP");
    InMemoryStub.Transaction tx = ledger.begin("CourtMSP", "clerk", T0.plusSeconds(3600));
    String event = contract.RecordCustodyEvent(tx.context, ID, "DISCLOSED_TO_COURT", "");
    tx.commit();

    assertThat(event).contains("\"recordedBy\":\"CourtMSP\"").contains("\"digest\":\"" + DIGEST + "\"");
    String events = contract.CustodyEvents(ledger.begin("InsurerMSP", "analyst", T0).context, ID);
    assertThat(events).contains("DISCLOSED_TO_COURT");
  }

  @Test
  void hospital_records_that_it_issued_a_proof_with_the_hash_of_its_own_details() throws Exception {
    anchor("HospitalMSP");
    InMemoryStub.Transaction tx = ledger.begin("HospitalMSP", "notary", T0.plusSeconds(60));
    String event = contract.RecordCustodyEvent(tx.context, ID, "PROOF_ISSUED", STATEMENT);
    tx.commit();

    assertThat(event).contains("\"action\":\"PROOF_ISSUED\"").contains("\"detailHash\":\"" + STATEMENT + "\"")
        .contains("\"recordedBy\":\"HospitalMSP\"");
    String events = contract.CustodyEvents(ledger.begin("CourtMSP", "clerk", T0).context, ID);
    assertThat(events).contains("PROOF_ISSUED");
  }

  @Test
  void unknown_custody_action_is_an_invalid_argument() throws Exception {
    anchor("HospitalMSP");
    InMemoryStub.Transaction tx = ledger.begin("CourtMSP", "clerk", T0);

    assertThatThrownBy(() -> contract.RecordCustodyEvent(tx.context, ID, "SHREDDED", ""))
        .isInstanceOf(ChaincodeException.class)
        .extracting(e -> new String(((ChaincodeException) e).getPayload(), StandardCharsets.UTF_8))
        .isEqualTo("INVALID_ARGUMENT");
  }

  @Test
  void evidence_is_found_by_digest_id_reference_and_has_a_history() throws Exception {
    anchor("HospitalMSP");
    var reader = ledger.begin("InsurerMSP", "analyst", T0).context;

    assertThat(contract.ReadEvidence(reader, DIGEST)).contains(ID);
    assertThat(contract.ReadEvidenceById(reader, ID)).contains(DIGEST);
    assertThat(contract.FindByReference(reader, REFERENCE)).contains(DIGEST);
    assertThat(contract.EvidenceHistory(reader, DIGEST)).startsWith("[{").contains("\"txId\":\"tx1\"");
    assertThat(contract.FindEvidence(reader, DIGEST)).startsWith("[{").endsWith("}]").contains(ID);
    assertThat(contract.FindEvidence(reader, "0".repeat(64))).isEqualTo("[]");
    assertThat(contract.FindBatch(reader, "0".repeat(64))).isEqualTo("[]");
    assertThatThrownBy(() -> contract.ReadEvidence(reader, "0".repeat(64)))
        .isInstanceOf(ChaincodeException.class)
        .extracting(e -> new String(((ChaincodeException) e).getPayload(), StandardCharsets.UTF_8))
        .isEqualTo("NOT_FOUND");
  }

  @Test
  void fabric_writes_exactly_the_bytes_the_embedded_ledger_writes() throws Exception {
    InMemoryStub.Transaction tx = ledger.begin("HospitalMSP", "notary", T0);
    contract.AnchorEvidence(tx.context, DIGEST, ID, STATEMENT, REFERENCE, 1024, "application/dicom", PIXELS);
    String subject = "O=HospitalMSP,CN=notary"; // RFC 2253 form, as the contract reports it

    // The same rules through the embedded ledger's state, same transaction id, time and caller.
    InMemoryLedgerState embedded = new InMemoryLedgerState(k -> Optional.empty(), k -> List.of(), "tx1", T0,
        new Caller("HospitalMSP", subject));
    new EvidenceRules(POLICY).anchor(embedded,
        new AnchorRequest(DIGEST, ID, STATEMENT, REFERENCE, 1024, "application/dicom", PIXELS));

    Map<String, byte[]> expected = embedded.writes();
    assertThat(tx.writes.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach((key, value) -> assertThat(tx.writes.get(key)).as(key).isEqualTo(value));
  }

  @Test
  void the_policy_comes_from_the_environment_with_safe_defaults() {
    assertThat(NotaryContract.mspSet(null, "HospitalMSP")).containsExactly("HospitalMSP");
    assertThat(NotaryContract.mspSet(" CourtMSP, InsurerMSP ,", "x")).containsExactlyInAnyOrder("CourtMSP", "InsurerMSP");
  }

  // ---------------------------------------------------------------- AnchorEvidenceBatch

  private static String hex(int i) {
    return String.format("%064x", i);
  }

  private static String uuid(int i) {
    return String.format("00000000-0000-4000-8000-%012d", i);
  }

  /** One request as the service would send it, with optional members left out. */
  private static String requestJson(String digest, String id) {
    return "{\"digest\":\"" + digest + "\",\"evidenceId\":\"" + id + "\",\"statementSha256\":\"" + STATEMENT
        + "\",\"size\":10,\"mediaType\":\"image/png\"}";
  }

  private static AnchorItemOutcome[] outcomes(String json) {
    return StateCodec.decode(json.getBytes(StandardCharsets.UTF_8), AnchorItemOutcome[].class, "result");
  }

  private static String payload(Throwable e) {
    return new String(((ChaincodeException) e).getPayload(), StandardCharsets.UTF_8);
  }

  @Test
  void a_batch_anchors_its_new_items_in_one_transaction_and_one_event_names_them() throws Exception {
    anchor("HospitalMSP");
    InMemoryStub.Transaction tx = ledger.begin("HospitalMSP", "notary", T0.plusSeconds(60));

    String result = contract.AnchorEvidenceBatch(tx.context, "[" + requestJson(hex(1), uuid(1)) + ","
        + requestJson(DIGEST, uuid(9)) + "," + requestJson("ABC", uuid(3)) + ","
        + "{\"digest\":\"" + hex(2) + "\",\"evidenceId\":\"" + uuid(2) + "\",\"statementSha256\":\"" + STATEMENT
        + "\",\"referenceHash\":null,\"size\":0,\"mediaType\":\"application/dicom\",\"pixelSha256\":\"\"}]");

    AnchorItemOutcome[] outcomes = outcomes(result);
    assertThat(outcomes).hasSize(4);
    assertThat(outcomes[0].created()).isTrue();
    assertThat(outcomes[0].anchor().txId()).isEqualTo("tx2");
    assertThat(outcomes[1].created()).isFalse();
    assertThat(outcomes[1].anchor().txId()).isEqualTo("tx1");
    assertThat(outcomes[2].errorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(outcomes[3].created()).isTrue();
    assertThat(outcomes[3].anchor().pixelSha256()).isNull();
    assertThat(tx.event()).hasValueSatisfying(event -> {
      assertThat(event.name()).isEqualTo(NotaryContract.BATCH_ANCHOR_EVENT);
      assertThat(new String(event.payload(), StandardCharsets.UTF_8))
          .isEqualTo("[\"" + hex(1) + "\",\"" + hex(2) + "\"]");
    });
    assertThat(tx.writes.keySet()).containsExactlyInAnyOrder("evidence/" + hex(1), "evidence-id/" + uuid(1),
        "evidence/" + hex(2), "evidence-id/" + uuid(2));
  }

  @Test
  void a_digest_twice_in_one_batch_is_anchored_once_although_fabric_reads_do_not_see_own_writes()
      throws Exception {
    InMemoryStub.Transaction tx = ledger.begin("HospitalMSP", "notary", T0);

    AnchorItemOutcome[] outcomes = outcomes(contract.AnchorEvidenceBatch(tx.context,
        "[" + requestJson(hex(1), uuid(1)) + "," + requestJson(hex(1), uuid(2)) + ","
            + requestJson(hex(3), uuid(1)) + "]"));

    assertThat(outcomes[0].created()).isTrue();
    assertThat(outcomes[1].created()).isFalse();
    assertThat(outcomes[1].anchor()).isEqualTo(outcomes[0].anchor());
    assertThat(outcomes[2].errorCode()).isEqualTo("EVIDENCE_ID_CONFLICT");
    assertThat(tx.writes.keySet()).containsExactly("evidence/" + hex(1), "evidence-id/" + uuid(1));
  }

  @Test
  void a_batch_that_anchors_nothing_new_writes_nothing_and_emits_no_event() throws Exception {
    anchor("HospitalMSP");
    InMemoryStub.Transaction tx = ledger.begin("HospitalMSP", "notary", T0.plusSeconds(60));

    AnchorItemOutcome[] outcomes = outcomes(contract.AnchorEvidenceBatch(tx.context,
        "[" + requestJson(DIGEST, ID) + "," + requestJson("ABC", uuid(3)) + "]"));

    assertThat(outcomes).extracting(AnchorItemOutcome::created).containsExactly(false, false);
    assertThat(tx.writes).isEmpty();
    assertThat(tx.event()).isEmpty();
  }

  @Test
  void court_may_not_anchor_a_batch() throws Exception {
    InMemoryStub.Transaction tx = ledger.begin("CourtMSP", "clerk", T0);

    assertThatThrownBy(() -> contract.AnchorEvidenceBatch(tx.context, "[" + requestJson(hex(1), uuid(1)) + "]"))
        .isInstanceOf(ChaincodeException.class)
        .hasMessageContaining("CourtMSP may not anchor")
        .extracting(NotaryContractTest::payload)
        .isEqualTo("ACCESS_DENIED");
    assertThat(tx.writes).isEmpty();
  }

  @Test
  void a_malformed_batch_argument_is_an_invalid_argument() throws Exception {
    InMemoryStub.Transaction tx = ledger.begin("HospitalMSP", "notary", T0);
    String good = requestJson(hex(1), uuid(1));
    String tooMany = "[" + String.join(",", java.util.Collections.nCopies(EvidenceRules.MAX_BATCH_ITEMS + 1, good)) + "]";
    Map<String, String> malformed = new java.util.LinkedHashMap<>();
    malformed.put("not JSON", "[{");
    malformed.put("not an array", good);
    malformed.put("null", "null");
    malformed.put("empty", "[]");
    malformed.put("trailing tokens", "[" + good + "] []");
    malformed.put("an item that is not an object", "[\"" + hex(1) + "\"]");
    malformed.put("size as a string", "[" + good.replace("\"size\":10", "\"size\":\"10\"") + "]");
    malformed.put("size not whole", "[" + good.replace("\"size\":10", "\"size\":10.5") + "]");
    malformed.put("size missing", "[" + good.replace("\"size\":10,", "") + "]");
    malformed.put("digest as a number", "[" + good.replace("\"" + hex(1) + "\"", "1") + "]");
    malformed.put("unknown member", "[" + good.replace("{", "{\"pixelSHA256\":\"x\",") + "]");
    malformed.put("duplicate member", "[" + good.replace("{", "{\"size\":11,") + "]");
    malformed.put("over the limit", tooMany);

    malformed.forEach((defect, json) -> assertThatThrownBy(() -> contract.AnchorEvidenceBatch(tx.context, json))
        .as(defect)
        .isInstanceOf(ChaincodeException.class)
        .extracting(NotaryContractTest::payload)
        .isEqualTo("INVALID_ARGUMENT"));
    assertThat(tx.writes).isEmpty();
    assertThat(contract.AnchorEvidenceBatch(tx.context, "[" + good + "]")).contains("\"created\":true");
  }

  @Test
  void a_batch_writes_exactly_the_bytes_and_answers_exactly_what_the_embedded_ledger_rules_do() throws Exception {
    List<AnchorRequest> requests = List.of(
        new AnchorRequest(DIGEST, ID, STATEMENT, REFERENCE, 1024, "application/dicom", PIXELS),
        new AnchorRequest(hex(1), uuid(1), STATEMENT, null, 7, "image/png", null),
        new AnchorRequest(DIGEST, uuid(2), STATEMENT, null, 1024, "application/dicom", null),
        new AnchorRequest("ABC", uuid(3), STATEMENT, null, 1, "image/png", null));
    InMemoryStub.Transaction tx = ledger.begin("HospitalMSP", "notary", T0);
    String result = contract.AnchorEvidenceBatch(tx.context, new String(StateCodec.encode(requests), StandardCharsets.UTF_8));

    InMemoryLedgerState embedded = new InMemoryLedgerState(k -> Optional.empty(), k -> List.of(), "tx1", T0,
        new Caller("HospitalMSP", "O=HospitalMSP,CN=notary"));
    List<AnchorItemOutcome> expected = new EvidenceRules(POLICY).anchorAll(embedded, requests);

    assertThat(result).isEqualTo(new String(StateCodec.encode(expected), StandardCharsets.UTF_8));
    assertThat(tx.writes.keySet()).containsExactlyElementsOf(embedded.writes().keySet());
    embedded.writes().forEach((key, value) -> assertThat(tx.writes.get(key)).as(key).isEqualTo(value));
  }
}
