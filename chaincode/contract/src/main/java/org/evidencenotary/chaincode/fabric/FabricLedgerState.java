package org.evidencenotary.chaincode.fabric;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

/** The rules' view of the ledger, from a Fabric chaincode stub and the caller's identity. */
final class FabricLedgerState implements LedgerState {
  private final ChaincodeStub stub;
  private final Caller caller;

  FabricLedgerState(ChaincodeStub stub, ClientIdentity identity) {
    this.stub = Objects.requireNonNull(stub, "stub");
    Objects.requireNonNull(identity, "identity");
    this.caller = new Caller(identity.getMSPID(),
        identity.getX509Certificate().getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253));
  }

  @Override
  public Optional<byte[]> get(String key) {
    byte[] value = stub.getState(key);
    // The shim answers an absent key with null or an empty array, depending on the peer.
    return value == null || value.length == 0 ? Optional.empty() : Optional.of(value);
  }

  @Override
  public void put(String key, byte[] value) {
    stub.putState(key, value);
  }

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
