package org.evidencenotary.chaincode.fabric;

import com.google.protobuf.ByteString;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * An in-memory ledger behind {@link ChaincodeStub}: a sorted world state, per-key history, and
 * one transaction at a time whose writes commit when it ends. As on a peer, a transaction's reads
 * see the committed state only, not its own writes. Only the stub methods the contract
 * uses are implemented; any other call fails the test loudly.
 */
final class InMemoryStub {
  final TreeMap<String, byte[]> world = new TreeMap<>();
  final Map<String, List<KeyModification>> history = new LinkedHashMap<>();
  /** Names of every event any transaction set, committed or not, in order. */
  final List<String> events = new ArrayList<>();
  private int tx;

  /** A chaincode event: its name and payload. */
  record Event(String name, byte[] payload) {}

  /** One transaction's context, submitted by {@code mspId} with a certificate for {@code commonName}. */
  Transaction begin(String mspId, String commonName, Instant at) throws Exception {
    return new Transaction(mspId, commonName, at, "tx" + (++tx));
  }

  final class Transaction {
    final Context context;
    final Map<String, byte[]> writes = new LinkedHashMap<>();
    private final String txId;
    private final Instant at;
    private Event event;

    Transaction(String mspId, String commonName, Instant at, String txId) throws Exception {
      this.txId = txId;
      this.at = at;
      byte[] creator = SerializedIdentity.newBuilder()
          .setMspid(mspId)
          .setIdBytes(ByteString.copyFromUtf8(pem(certificate(commonName, mspId))))
          .build().toByteArray();
      ChaincodeStub stub = (ChaincodeStub) Proxy.newProxyInstance(
          ChaincodeStub.class.getClassLoader(), new Class<?>[] {ChaincodeStub.class},
          (proxy, method, args) -> switch (method.getName()) {
            case "getTxId" -> txId;
            case "getTxTimestamp" -> at;
            case "getCreator" -> creator;
            // Like a peer: reads see the committed world state only, never this transaction's
            // own writes, and an absent key is an empty array.
            case "getState" -> world.getOrDefault((String) args[0], new byte[0]);
            case "putState" -> { writes.put((String) args[0], ((byte[]) args[1]).clone()); yield null; }
            case "setEvent" -> {
              // Fabric keeps one event per transaction: a second setEvent replaces the first.
              event = new Event((String) args[0], ((byte[]) args[1]).clone());
              events.add(event.name());
              yield null;
            }
            case "getStateByRange" -> iterator(new ArrayList<KeyValue>(
                world.subMap((String) args[0], (String) args[1]).entrySet().stream()
                    .map(e -> keyValue(e.getKey(), e.getValue())).toList()));
            case "getHistoryForKey" -> {
              List<KeyModification> newestFirst = new ArrayList<>(history.getOrDefault((String) args[0], List.of()));
              java.util.Collections.reverse(newestFirst);
              yield iterator(newestFirst);
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "InMemoryStub[" + txId + "]";
            default -> throw new UnsupportedOperationException("stub method not modelled: " + method.getName());
          });
      this.context = new Context(stub);
    }

    /** This transaction's chaincode event, if it set one. */
    java.util.Optional<Event> event() {
      return java.util.Optional.ofNullable(event);
    }

    /** Commits this transaction's writes, as a peer would after validation. */
    void commit() {
      writes.forEach((k, v) -> {
        world.put(k, v);
        history.computeIfAbsent(k, x -> new ArrayList<>()).add(modification(txId, at, v));
      });
    }
  }

  private static <T> QueryResultsIterator<T> iterator(List<T> items) {
    return new QueryResultsIterator<>() {
      @Override
      public Iterator<T> iterator() {
        return items.iterator();
      }

      @Override
      public void close() {}
    };
  }

  private static KeyValue keyValue(String key, byte[] value) {
    return new KeyValue() {
      @Override
      public String getKey() {
        return key;
      }

      @Override
      public byte[] getValue() {
        return value;
      }

      @Override
      public String getStringValue() {
        return new String(value, java.nio.charset.StandardCharsets.UTF_8);
      }
    };
  }

  private static KeyModification modification(String txId, Instant at, byte[] value) {
    return new KeyModification() {
      @Override
      public String getTxId() {
        return txId;
      }

      @Override
      public byte[] getValue() {
        return value;
      }

      @Override
      public String getStringValue() {
        return new String(value, java.nio.charset.StandardCharsets.UTF_8);
      }

      @Override
      public Instant getTimestamp() {
        return at;
      }

      @Override
      public boolean isDeleted() {
        return false;
      }
    };
  }

  private static X509Certificate certificate(String commonName, String organisation) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name("CN=" + commonName + ",O=" + organisation);
    return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
        name, BigInteger.ONE, new Date(0), new Date(4102444800000L), name, keys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  private static String pem(X509Certificate certificate) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    }
    return out.toString();
  }
}
