package org.evidencenotary.chaincode.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The rules' view of a Fabric transaction, over a stub that behaves like a peer. */
class FabricLedgerStateTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private final InMemoryStub ledger = new InMemoryStub();

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void get_sees_the_transactions_own_write_which_the_stub_does_not() throws Exception {
    InMemoryStub.Transaction tx = ledger.begin("HospitalMSP", "notary", T0);
    FabricLedgerState state = new FabricLedgerState(tx.context.getStub(), tx.context.getClientIdentity());

    state.put("evidence/a", bytes("first"));

    assertThat(tx.context.getStub().getState("evidence/a")).as("the stub, like a peer").isEmpty();
    assertThat(state.get("evidence/a")).hasValue(bytes("first"));
    assertThat(tx.writes).containsKey("evidence/a");
  }

  @Test
  void get_answers_the_latest_own_write_over_the_committed_value() throws Exception {
    ledger.world.put("k", bytes("committed"));
    InMemoryStub.Transaction tx = ledger.begin("HospitalMSP", "notary", T0);
    FabricLedgerState state = new FabricLedgerState(tx.context.getStub(), tx.context.getClientIdentity());

    assertThat(state.get("k")).hasValue(bytes("committed"));
    state.put("k", bytes("one"));
    state.put("k", bytes("two"));

    assertThat(state.get("k")).hasValue(bytes("two"));
    assertThat(state.get("absent")).isEmpty();
  }

  @Test
  void a_written_value_is_copied_so_later_changes_to_the_array_do_not_leak_in() throws Exception {
    InMemoryStub.Transaction tx = ledger.begin("HospitalMSP", "notary", T0);
    FabricLedgerState state = new FabricLedgerState(tx.context.getStub(), tx.context.getClientIdentity());
    byte[] value = bytes("value");

    state.put("k", value);
    value[0] = 'X';
    state.get("k").orElseThrow()[1] = 'Y';

    assertThat(state.get("k")).hasValue(bytes("value"));
  }

  @Test
  void range_reads_the_committed_state_only_as_its_javadoc_says() throws Exception {
    ledger.world.put("reference/r/1", bytes("1"));
    InMemoryStub.Transaction tx = ledger.begin("HospitalMSP", "notary", T0);
    FabricLedgerState state = new FabricLedgerState(tx.context.getStub(), tx.context.getClientIdentity());

    state.put("reference/r/2", bytes("2"));

    assertThat(state.range("reference/r/", "reference/r/~", 10))
        .extracting(org.evidencenotary.chaincode.core.KeyValue::key).containsExactly("reference/r/1");
  }
}
