package org.evidencenotary.verifier.fabric;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.evidencenotary.chaincode.core.AccessPolicy;
import org.evidencenotary.chaincode.core.AnchorRequest;
import org.evidencenotary.chaincode.core.BatchRequest;
import org.evidencenotary.chaincode.core.Caller;
import org.evidencenotary.chaincode.core.CustodyAction;
import org.evidencenotary.chaincode.core.CustodyRequest;
import org.evidencenotary.chaincode.core.EvidenceRules;
import org.evidencenotary.chaincode.core.InMemoryLedgerState;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;

/**
 * A Fabric network's artefacts made in memory, in Fabric's own message formats, the way its peers,
 * clients and orderers make them: organisations with CAs and node OUs, endorsed transactions whose
 * write sets are what the chaincode's rules write, and signed blocks. What a test changes in them
 * is what an attacker could change.
 */
final class FabricNetwork {
  static final String CHANNEL = "evidence";
  static final String CHAINCODE = "notary";
  static final String POLICY = "AND('HospitalMSP.peer', OR('CourtMSP.peer', 'InsurerMSP.peer'))";
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final SecureRandom RANDOM = new SecureRandom();

  final Org hospital = new Org("HospitalMSP");
  final Org court = new Org("CourtMSP");
  final Org insurer = new Org("InsurerMSP");
  final Org ordering = new Org("OrdererMSP");
  final Member client = hospital.member("notary", "client");
  final Member hospitalPeer = hospital.member("peer0.hospital", "peer");
  final Member courtPeer = court.member("peer0.court", "peer");
  final Member insurerPeer = insurer.member("peer0.insurer", "peer");
  final Member orderer = ordering.member("orderer1", "orderer");

  /** An organisation: its MSP id and CA. */
  static final class Org {
    final String mspId;
    final KeyPair caKey = ecKey();
    final X509Certificate ca;

    Org(String mspId) {
      this.mspId = mspId;
      this.ca = root("CN=ca." + mspId + ",O=" + mspId, caKey);
    }

    Member member(String cn, String ou) {
      KeyPair key = ecKey();
      return new Member(mspId, key, certificate("CN=" + cn + ",OU=" + ou + ",O=" + mspId, key, ca, caKey));
    }
  }

  /** An enrolled identity of an organisation. */
  record Member(String mspId, KeyPair key, X509Certificate certificate) {
    ByteString serialized() {
      return SerializedIdentity.newBuilder().setMspid(mspId)
          .setIdBytes(ByteString.copyFrom(pem(certificate), StandardCharsets.UTF_8)).build().toByteString();
    }

    /** An ECDSA signature over SHA-256 in the low-S form Fabric requires. */
    ByteString sign(ByteString data) {
      return sign(data, false);
    }

    ByteString sign(ByteString data, boolean highS) {
      try {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key.getPrivate());
        signer.update(data.toByteArray());
        ASN1Sequence der = ASN1Sequence.getInstance(signer.sign());
        BigInteger r = ASN1Integer.getInstance(der.getObjectAt(0)).getValue();
        BigInteger s = ASN1Integer.getInstance(der.getObjectAt(1)).getValue();
        BigInteger n = ((ECPrivateKey) key.getPrivate()).getParams().getOrder();
        boolean isHigh = s.compareTo(n.shiftRight(1)) > 0;
        if (isHigh != highS) {
          s = n.subtract(s);
        }
        return ByteString.copyFrom(new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
            .getEncoded());
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** One transaction, built step by step as a client and its endorsing peers build it. */
  final class Tx {
    Member creator = client;
    List<Member> endorsers = new ArrayList<>(List.of(hospitalPeer, courtPeer));
    Map<String, byte[]> writes = new LinkedHashMap<>();
    List<String> args = new ArrayList<>();
    Instant time = T0;
    boolean highS;
    final ByteString nonce = random(24);
    /** When set, the endorsed action of another transaction is carried instead of this one's. */
    ChaincodeEndorsedAction borrowedAction;

    String txId() {
      return HexFormat.of().formatHex(FabricChecks.sha256(nonce, creator.serialized()));
    }

    ByteString channelHeader() {
      return ChannelHeader.newBuilder().setType(HeaderType.ENDORSER_TRANSACTION_VALUE).setChannelId(CHANNEL)
          .setTxId(txId()).setTimestamp(Timestamp.newBuilder().setSeconds(time.getEpochSecond()))
          .setExtension(ChaincodeHeaderExtension.newBuilder()
              .setChaincodeId(ChaincodeID.newBuilder().setName(CHAINCODE)).build().toByteString())
          .build().toByteString();
    }

    ByteString signatureHeader() {
      return SignatureHeader.newBuilder().setCreator(creator.serialized()).setNonce(nonce).build().toByteString();
    }

    ByteString proposalPayload() {
      ChaincodeInput.Builder input = ChaincodeInput.newBuilder();
      args.forEach(a -> input.addArgs(ByteString.copyFromUtf8(a)));
      ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.newBuilder().setChaincodeSpec(ChaincodeSpec.newBuilder()
          .setType(ChaincodeSpec.Type.JAVA).setChaincodeId(ChaincodeID.newBuilder().setName(CHAINCODE))
          .setInput(input)).build();
      return ChaincodeProposalPayload.newBuilder().setInput(spec.toByteString()).build().toByteString();
    }

    /** The proposal response payload every endorser signs: proposal hash and the simulation result. */
    ByteString proposalResponse() {
      KVRWSet.Builder kv = KVRWSet.newBuilder();
      writes.forEach((key, value) -> {
        kv.addReads(KVRead.newBuilder().setKey(key));
        kv.addWrites(KVWrite.newBuilder().setKey(key).setValue(ByteString.copyFrom(value)));
      });
      TxReadWriteSet results = TxReadWriteSet.newBuilder().setDataModel(TxReadWriteSet.DataModel.KV)
          .addNsRwset(NsReadWriteSet.newBuilder().setNamespace(CHAINCODE).setRwset(kv.build().toByteString()))
          .build();
      ChaincodeAction action = ChaincodeAction.newBuilder().setResults(results.toByteString())
          .setResponse(Response.newBuilder().setStatus(200))
          .setChaincodeId(ChaincodeID.newBuilder().setName(CHAINCODE).setVersion("1.0")).build();
      ByteString proposalHash = ByteString.copyFrom(
          FabricChecks.sha256(channelHeader(), signatureHeader(), proposalPayload()));
      return ProposalResponsePayload.newBuilder().setProposalHash(proposalHash).setExtension(action.toByteString())
          .build().toByteString();
    }

    ChaincodeEndorsedAction endorsedAction() {
      ByteString response = proposalResponse();
      ChaincodeEndorsedAction.Builder action = ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(response);
      for (Member peer : endorsers) {
        action.addEndorsements(Endorsement.newBuilder().setEndorser(peer.serialized())
            .setSignature(peer.sign(response.concat(peer.serialized()), highS)));
      }
      return action.build();
    }

    Envelope envelope() {
      ChaincodeActionPayload actionPayload = ChaincodeActionPayload.newBuilder()
          .setChaincodeProposalPayload(proposalPayload())
          .setAction(borrowedAction != null ? borrowedAction : endorsedAction()).build();
      Transaction transaction = Transaction.newBuilder().addActions(TransactionAction.newBuilder()
          .setHeader(signatureHeader()).setPayload(actionPayload.toByteString())).build();
      Payload payload = Payload.newBuilder()
          .setHeader(Header.newBuilder().setChannelHeader(channelHeader()).setSignatureHeader(signatureHeader()))
          .setData(transaction.toByteString()).build();
      ByteString bytes = payload.toByteString();
      return Envelope.newBuilder().setPayload(bytes).setSignature(creator.sign(bytes)).build();
    }
  }

  /** A transaction anchoring {@code digest}, writing what the chaincode's rules write. */
  Tx anchor(String digest, String evidenceId, String statementSha256, long size) {
    Tx tx = new Tx();
    tx.args.addAll(List.of("AnchorEvidence", digest, evidenceId, statementSha256, "", Long.toString(size),
        "application/octet-stream", ""));
    InMemoryLedgerState state = state(tx);
    new EvidenceRules(new AccessPolicy(Set.of(hospital.mspId), Set.of(court.mspId, insurer.mspId)))
        .anchor(state, new AnchorRequest(digest, evidenceId, statementSha256, null, size, "application/octet-stream"));
    tx.writes.putAll(state.writes());
    return tx;
  }

  /** A transaction anchoring a Merkle root, as the series manifests are. */
  Tx batch(String merkleRoot, long count, String kind) {
    Tx tx = new Tx();
    tx.args.addAll(List.of("AnchorBatch", merkleRoot, Long.toString(count), kind));
    InMemoryLedgerState state = state(tx);
    new EvidenceRules(new AccessPolicy(Set.of(hospital.mspId))).anchorBatch(state,
        new BatchRequest(merkleRoot, count, kind));
    tx.writes.putAll(state.writes());
    return tx;
  }

  /**
   * A transaction recording a custody event against the evidence {@code anchored} anchored, at
   * {@code at}, writing what the chaincode's rules write.
   */
  Tx custody(Tx anchored, String evidenceId, CustodyAction action, String detailHash, Instant at) {
    Tx tx = new Tx();
    tx.time = at;
    tx.args.addAll(List.of("RecordCustodyEvent", evidenceId, action.name(), detailHash));
    InMemoryLedgerState state = new InMemoryLedgerState(k -> Optional.ofNullable(anchored.writes.get(k)),
        k -> List.of(), tx.txId(), tx.time,
        new Caller(tx.creator.mspId(), tx.creator.certificate().getSubjectX500Principal().getName()));
    new EvidenceRules(new AccessPolicy(Set.of(hospital.mspId))).recordCustody(state,
        new CustodyRequest(evidenceId, action, detailHash));
    tx.writes.putAll(state.writes());
    return tx;
  }

  private InMemoryLedgerState state(Tx tx) {
    return new InMemoryLedgerState(k -> Optional.empty(), k -> List.of(), tx.txId(), tx.time,
        new Caller(tx.creator.mspId(), tx.creator.certificate().getSubjectX500Principal().getName()));
  }

  /** A block as the ordering service cuts and signs it, with the committing peer's flags. */
  final class BlockMaker {
    long number = 7;
    ByteString previousHash = random(32);
    List<Envelope> envelopes = new ArrayList<>();
    byte[] flags;
    List<Member> signers = new ArrayList<>(List.of(orderer));
    /** BFT style: consenters that sign naming only their numeric id. */
    Map<Integer, Member> consenters = new LinkedHashMap<>();
    /** Applied to the data after the header's data hash was computed (a change after ordering). */
    java.util.function.UnaryOperator<List<ByteString>> afterHashing = d -> d;

    Block make() {
      List<ByteString> data = envelopes.stream().map(Envelope::toByteString).toList();
      BlockHeader header = BlockHeader.newBuilder().setNumber(number).setPreviousHash(previousHash)
          .setDataHash(ByteString.copyFrom(FabricChecks.sha256(data.toArray(ByteString[]::new)))).build();
      ByteString headerBytes = ByteString.copyFrom(FabricChecks.headerBytes(header));
      ByteString value = ByteString.copyFromUtf8("orderer block metadata");
      Metadata.Builder signatures = Metadata.newBuilder().setValue(value);
      for (Member signer : signers) {
        ByteString sh = SignatureHeader.newBuilder().setCreator(signer.serialized()).setNonce(random(24)).build()
            .toByteString();
        signatures.addSignatures(MetadataSignature.newBuilder().setSignatureHeader(sh)
            .setSignature(signer.sign(value.concat(sh).concat(headerBytes))));
      }
      consenters.forEach((id, signer) -> {
        ByteString ih = IdentifierHeader.newBuilder().setIdentifier(id).setNonce(random(24)).build().toByteString();
        signatures.addSignatures(MetadataSignature.newBuilder().setIdentifierHeader(ih)
            .setSignature(signer.sign(value.concat(ih).concat(headerBytes))));
      });
      byte[] validation = flags != null ? flags : new byte[data.size()];
      BlockMetadata metadata = BlockMetadata.newBuilder().addMetadata(signatures.build().toByteString())
          .addMetadata(ByteString.EMPTY).addMetadata(ByteString.copyFrom(validation)).addMetadata(ByteString.EMPTY)
          .addMetadata(ByteString.EMPTY).build();
      return Block.newBuilder().setHeader(header)
          .setData(BlockData.newBuilder().addAllData(afterHashing.apply(data))).setMetadata(metadata).build();
    }
  }

  BlockMaker block(Envelope... envelopes) {
    BlockMaker maker = new BlockMaker();
    maker.envelopes.addAll(List.of(envelopes));
    return maker;
  }

  /** The proof bundle's {@code anchor} member for {@code tx} in {@code block}. */
  static ObjectNode anchorJson(Block block, Tx tx, Collection<String> endorsingOrganisations) {
    ObjectNode anchor = JsonMapper.builder().build().createObjectNode();
    anchor.put("ledger", "fabric");
    anchor.put("ledgerId", CHANNEL);
    anchor.put("chaincode", CHAINCODE);
    anchor.put("blockNumber", block.getHeader().getNumber());
    anchor.put("transactionId", tx.txId());
    anchor.put("blockHash", HexFormat.of().formatHex(FabricChecks.sha256(
        ByteString.copyFrom(FabricChecks.headerBytes(block.getHeader())))));
    anchor.put("previousBlockHash", HexFormat.of().formatHex(block.getHeader().getPreviousHash().toByteArray()));
    anchor.put("timestamp", tx.time.toString());
    anchor.put("anchoredBy", tx.creator.mspId());
    ArrayNode orgs = anchor.putArray("endorsingOrganisations");
    new TreeSet<>(endorsingOrganisations).forEach(orgs::add);
    anchor.put("block", Base64.getEncoder().encodeToString(block.toByteArray()));
    return anchor;
  }

  /**
   * Writes the network's trust into {@code trustDir}: {@code fabric/network.json} and each
   * organisation's CA; {@code consenters} are numbered BFT consenters to name.
   */
  void writeTrust(Path trustDir, String endorsementPolicy, String blockSignaturePolicy, Map<Integer, Member> consenters)
      throws IOException {
    Path fabric = trustDir.resolve("fabric");
    for (Org org : List.of(hospital, court, insurer, ordering)) {
      Path dir = Files.createDirectories(fabric.resolve("msp").resolve(org.mspId));
      Files.writeString(dir.resolve("ca.pem"), pem(org.ca));
    }
    ObjectNode network = JsonMapper.builder().build().createObjectNode();
    network.put("channel", CHANNEL);
    network.put("chaincode", CHAINCODE);
    network.put("endorsementPolicy", endorsementPolicy);
    network.putArray("anchoringOrganisations").add(hospital.mspId);
    network.put("blockSignaturePolicy", blockSignaturePolicy);
    ArrayNode list = network.putArray("consenters");
    for (var c : consenters.entrySet()) {
      Path file = Files.createDirectories(fabric.resolve("consenters")).resolve("consenter" + c.getKey() + ".pem");
      Files.writeString(file, pem(c.getValue().certificate()));
      list.addObject().put("id", c.getKey()).put("mspId", c.getValue().mspId())
          .put("certificate", "consenters/" + file.getFileName());
    }
    Files.writeString(fabric.resolve("network.json"), network.toPrettyString());
  }

  void writeTrust(Path trustDir) throws IOException {
    writeTrust(trustDir, POLICY, "OutOf(1, 'OrdererMSP.orderer')", Map.of());
  }

  static ByteString random(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }

  static KeyPair ecKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A certificate that {@code issuer} (holding {@code issuerKey}) issues; not a CA. */
  static X509Certificate certificate(String subject, KeyPair key, X509Certificate issuer, KeyPair issuerKey) {
    return certificate(new X500Name(subject), key, X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
        issuerKey, false);
  }

  /** A self-signed CA certificate. */
  static X509Certificate root(String subject, KeyPair key) {
    return certificate(new X500Name(subject), key, new X500Name(subject), key, true);
  }

  private static X509Certificate certificate(X500Name subject, KeyPair key, X500Name issuer, KeyPair issuerKey,
      boolean ca) {
    try {
      var builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
          Date.from(T0.minusSeconds(86_400)), Date.from(T0.plusSeconds(365L * 86_400)), subject,
          key.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca
          ? KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature : KeyUsage.digitalSignature));
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(X509Certificate certificate) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }
}
