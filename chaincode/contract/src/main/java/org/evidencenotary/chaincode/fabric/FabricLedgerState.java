package org.evidencenotary.chaincode.fabric;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.evidencenotary.chaincode.core.Caller;
import org.evidencenotary.chaincode.core.KeyModification;
import org.evidencenotary.chaincode.core.KeyValue;
import org.evidencenotary.chaincode.core.LedgerState;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * The rules' view of the ledger, from a Fabric chaincode stub and the caller's identity.
 *
 * <p>Fabric's {@code getState} reads the committed world state only: a transaction does not see
 * its own {@code putState}s. {@link LedgerState#get} must, so that {@link
 * org.evidencenotary.chaincode.core.EvidenceRules#anchorAll} tells a digest repeated within one
 * batch from a new one; this state keeps the transaction's writes and answers {@link #get} from
 * them first. {@link #range} and {@link #history} still read the committed state only.
 */
final class FabricLedgerState implements LedgerState {
  private final ChaincodeStub stub;
  private final Caller caller;
  /** This transaction's writes so far, as the rules made them (values copied). */
  private final Map<String, byte[]> writes = new HashMap<>();

  FabricLedgerState(ChaincodeStub stub, ClientIdentity identity) {
    this.stub = Objects.requireNonNull(stub, "stub");
    Objects.requireNonNull(identity, "identity");
    this.caller = new Caller(identity.getMSPID(),
        identity.getX509Certificate().getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253));
  }

  /** This transaction's own latest write of {@code key} if any, else the committed value. */
  @Override
  public Optional<byte[]> get(String key) {
    byte[] own = writes.get(key);
    // The shim answers an absent key with null or an empty array, depending on the peer; Fabric
    // also treats an empty write as a delete.
    byte[] value = own != null ? own.clone() : stub.getState(key);
    return value == null || value.length == 0 ? Optional.empty() : Optional.of(value);
  }

  @Override
  public void put(String key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    stub.putState(key, value);
    writes.put(key, value.clone());
  }

  /**
   * The committed keys in range, from the stub: unlike {@link #get}, this transaction's own writes
   * are <em>not</em> included (Fabric's range queries do not see them either). The rules use
   * ranges only in queries, which write nothing, so this never differs there.
   */
  @Override
  public List<KeyValue> range(String startKey, String endKey, int limit) {
    List<KeyValue> out = new ArrayList<>();
    try (QueryResultsIterator<org.hyperledger.fabric.shim.ledger.KeyValue> results =
        stub.getStateByRange(startKey, endKey)) {
      for (org.hyperledger.fabric.shim.ledger.KeyValue kv : results) {
        if (out.size() == limit) {
          break;
        }
        out.add(new KeyValue(kv.getKey(), kv.getValue()));
      }
    } catch (ChaincodeException e) {
      throw e;
    } catch (Exception e) {
      throw new ChaincodeException("range query failed: " + e.getMessage(), "LEDGER_READ_FAILED");
    }
    return out;
  }

  @Override
  public List<KeyModification> history(String key) {
    List<KeyModification> out = new ArrayList<>();
    try (QueryResultsIterator<org.hyperledger.fabric.shim.ledger.KeyModification> results =
        stub.getHistoryForKey(key)) {
      for (org.hyperledger.fabric.shim.ledger.KeyModification m : results) {
        if (!m.isDeleted()) {
          out.add(new KeyModification(m.getTxId(), m.getTimestamp(), m.getValue()));
        }
      }
    } catch (ChaincodeException e) {
      throw e;
    } catch (Exception e) {
      throw new ChaincodeException("history query failed: " + e.getMessage(), "LEDGER_READ_FAILED");
    }
    // Fabric returns newest first; the rules expect oldest first.
    java.util.Collections.reverse(out);
    return out;
  }

  @Override
  public String txId() {
    return stub.getTxId();
  }

  @Override
  public Instant txTimestamp() {
    return stub.getTxTimestamp();
  }

  @Override
  public Caller caller() {
    return caller;
  }
}
