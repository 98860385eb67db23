package org.evidencenotary.verifier.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Sha256;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Checks a Fabric anchor offline, from the whole block the proof carries (Fabric's own protobuf
 * {@code common.Block}) and the network trust in the trust folder:
 *
 * <ol>
 *   <li>the block: its transactions hash to its header's data hash, the header hashes to the
 *       stated block hash, the transaction is in it, of this channel, marked VALID, and its
 *       chaincode wrote the expected key;
 *   <li>{@value #SIGNATURES}: the submitter's signature over the transaction, each endorsement
 *       over the proposal response, the ordering service's over the block header; the transaction
 *       id derives from its nonce and creator, and the endorsements belong to this transaction's
 *       proposal (its hash);
 *   <li>{@value #ORGANISATIONS}: each signer's certificate chains to its organisation's CA in the
 *       trust folder; the submitter's organisation may anchor; the endorsers satisfy the
 *       endorsement policy and the block signers the block signature policy.
 * </ol>
 *
 * <p>Signatures are checked as Fabric checks them: ECDSA with SHA-256 and a low S, or Ed25519.
 * What no offline check can show: that no conflicting transaction made this one invalid (MVCC).
 * The VALID flag is the committing peer's word; it is reported as such.
 */
public final class FabricChecks {
  public static final String SIGNATURES = "Fabric signatures";
  public static final String ORGANISATIONS = "Fabric organisations";

  private FabricChecks() {}

  /**
   * What the block says about the anchor's transaction.
   *
   * @param problem why the block does not hold together or does not carry the write, or null
   * @param written the value the transaction wrote under the key
   * @param where the block and transaction, in words that "anchored ..." completes
   * @param checks the signature and organisation checks (empty when {@code problem} is set)
   */
  public record Anchored(String problem, byte[] written, String where, List<Check> checks) {
    static Anchored broken(String problem) {
      return new Anchored(problem, null, null, List.of());
    }
  }

  /** One identity that signed something, with its certificate. */
  private record Signed(String mspId, X509Certificate certificate, String what) {}

  /** The anchor's transaction in its block, parsed. */
  private record Tx(
      int index, Envelope envelope, Payload payload, ChannelHeader channelHeader, SignatureHeader signatureHeader,
      TransactionAction action, ChaincodeActionPayload actionPayload, ByteString proposalResponse,
      ChaincodeAction chaincodeAction) {}

  /**
   * Checks {@code anchor} (ledger {@code fabric}) for a write of {@code key}.
   *
   * @param trust the network trust, or null when the trust folder has none
   */
  public static Anchored anchored(JsonNode anchor, String key, FabricTrust trust) {
    try {
      byte[] bytes = Base64.getDecoder().decode(anchor.path("block").asText(""));
      if (bytes.length == 0) {
        return Anchored.broken("The proof carries no Fabric block.");
      }
      Block block = Block.parseFrom(bytes);
      BlockHeader header = block.getHeader();
      if (header.getNumber() != anchor.path("blockNumber").asLong(-1)) {
        return Anchored.broken("The proof names block " + anchor.path("blockNumber").asText("?")
            + ", but carries block " + header.getNumber() + ".");
      }
      String dataHash = hex(sha256(block.getData().getDataList().toArray(ByteString[]::new)));
      if (!dataHash.equals(hex(header.getDataHash()))) {
        return Anchored.broken("The transactions of block " + header.getNumber() + " hash to " + dataHash
            + ", not to the data hash " + hex(header.getDataHash()) + " in its header: the block was changed.");
      }
      String headerHash = hex(sha256(headerBytes(header)));
      if (!headerHash.equals(anchor.path("blockHash").asText())
          || !hex(header.getPreviousHash()).equals(anchor.path("previousBlockHash").asText())) {
        return Anchored.broken("The header of block " + header.getNumber() + " hashes to " + headerHash
            + " after " + hex(header.getPreviousHash()) + ", not to the stated " + anchor.path("blockHash").asText()
            + " after " + anchor.path("previousBlockHash").asText() + ".");
      }
      String txId = anchor.path("transactionId").asText("");
      Tx tx = find(block, txId);
      if (tx == null) {
        return Anchored.broken("Block " + header.getNumber() + " holds no transaction " + txId + ".");
      }
      String channel = anchor.path("ledgerId").asText("");
      if (tx.channelHeader().getType() != HeaderType.ENDORSER_TRANSACTION_VALUE
          || !tx.channelHeader().getChannelId().equals(channel)) {
        return Anchored.broken("Transaction " + txId + " is a transaction of type " + tx.channelHeader().getType()
            + " on channel '" + tx.channelHeader().getChannelId() + "', not an endorsed transaction on channel '"
            + channel + "'.");
      }
      ByteString flags = block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
          ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) : ByteString.EMPTY;
      if (flags.size() != block.getData().getDataCount()) {
        return Anchored.broken("Block " + header.getNumber() + " carries no validation flag for each transaction.");
      }
      int code = flags.byteAt(tx.index()) & 0xff;
      if (code != TxValidationCode.VALID_VALUE) {
        TxValidationCode named = TxValidationCode.forNumber(code);
        return Anchored.broken("The committing peers marked transaction " + txId + " "
            + (named == null ? "invalid (code " + code + ")" : named.name()) + ", not VALID: it anchored nothing.");
      }
      String chaincode = anchor.path("chaincode").asText("");
      ChaincodeAction action = tx.chaincodeAction();
      if (!action.getChaincodeId().getName().equals(chaincode) || action.getResponse().getStatus() != 200) {
        return Anchored.broken("Transaction " + txId + " is an invocation of chaincode '"
            + action.getChaincodeId().getName() + "' with status " + action.getResponse().getStatus()
            + ", not a successful invocation of '" + chaincode + "'.");
      }
      byte[] written = write(action, chaincode, key);
      if (written == null) {
        return Anchored.broken("Transaction " + txId + " does not write '" + key + "' in chaincode '" + chaincode
            + "'.");
      }
      String where = "block " + header.getNumber() + " of Fabric channel '" + channel + "' (header hash " + headerHash
          + ") holds transaction " + txId + " at position " + (tx.index() + 1) + " of " + block.getData().getDataCount()
          + ", marked VALID by the committing peer, which";
      Verified signatures = signatures(block, tx, trust);
      // Whatever its result, this check is about who vouches for the anchor, not whether it holds together.
      Check organisations = (signatures.signers() != null
          ? organisations(anchor, tx, trust, signatures.signers())
          : signatures.check().result() == Check.Result.NOT_CHECKED
              ? Check.failed(ORGANISATIONS, "Who ordered block " + header.getNumber() + " is not established"
                  + " (see " + SIGNATURES + "), so the organisations behind the anchor are not either.")
              : Check.notChecked(ORGANISATIONS, "Not checked: the signatures do not verify."))
          .about(Check.Concern.TRUST);
      return new Anchored(null, written, where, List.of(signatures.check(), organisations));
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      return Anchored.broken("The proof's Fabric block cannot be read: " + e.getMessage());
    }
  }

  private static Tx find(Block block, String txId) throws InvalidProtocolBufferException {
    for (int i = 0; i < block.getData().getDataCount(); i++) {
      Envelope envelope = Envelope.parseFrom(block.getData().getData(i));
      Payload payload = Payload.parseFrom(envelope.getPayload());
      ChannelHeader channelHeader = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
      if (!channelHeader.getTxId().equals(txId)) {
        continue;
      }
      SignatureHeader signatureHeader = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
      Transaction transaction = Transaction.parseFrom(payload.getData());
      if (transaction.getActionsCount() != 1) {
        throw new IllegalArgumentException("transaction " + txId + " has " + transaction.getActionsCount()
            + " actions; Fabric endorses exactly one");
      }
      TransactionAction action = transaction.getActions(0);
      ChaincodeActionPayload actionPayload = ChaincodeActionPayload.parseFrom(action.getPayload());
      ByteString response = actionPayload.getAction().getProposalResponsePayload();
      ChaincodeAction chaincodeAction =
          ChaincodeAction.parseFrom(ProposalResponsePayload.parseFrom(response).getExtension());
      return new Tx(i, envelope, payload, channelHeader, signatureHeader, action, actionPayload, response,
          chaincodeAction);
    }
    return null;
  }

  private static byte[] write(ChaincodeAction action, String chaincode, String key)
      throws InvalidProtocolBufferException {
    for (NsReadWriteSet ns : TxReadWriteSet.parseFrom(action.getResults()).getNsRwsetList()) {
      if (!ns.getNamespace().equals(chaincode)) {
        continue;
      }
      for (KVWrite w : KVRWSet.parseFrom(ns.getRwset()).getWritesList()) {
        if (w.getKey().equals(key) && !w.getIsDelete()) {
          return w.getValue().toByteArray();
        }
      }
    }
    return null;
  }

  /** Who signed what: the submitter, the endorsers and the ordering service's signers. */
  private record Signers(Signed creator, List<Signed> endorsers, List<Signed> orderers) {}

  /** The signature check, and who signed when every signature verifies ({@code signers} null otherwise). */
  private record Verified(Check check, Signers signers) {
    static Verified failed(String detail) {
      return new Verified(Check.failed(SIGNATURES, detail), null);
    }
  }

  /** Every signature in the transaction and over the block verifies. */
  private static Verified signatures(Block block, Tx tx, FabricTrust trust) {
    String step = "the transaction id";
    List<Signed> endorsers = new ArrayList<>();
    List<Signed> orderers = new ArrayList<>();
    try {
      SignatureHeader sh = tx.signatureHeader();
      String derived = hex(sha256(sh.getNonce(), sh.getCreator()));
      if (!derived.equals(tx.channelHeader().getTxId())) {
        return Verified.failed("Transaction id " + tx.channelHeader().getTxId()
            + " is not the hash of its nonce and creator (" + derived + ").");
      }
      step = "the submitter's signature";
      Signed creator = identity(sh.getCreator(), "submitter");
      verify(creator.certificate(), tx.envelope().getPayload().toByteArray(), tx.envelope().getSignature());
      step = "the endorsed proposal";
      if (!tx.action().getHeader().equals(tx.payload().getHeader().getSignatureHeader())) {
        return Verified.failed("The endorsed action's signature header differs from the transaction's.");
      }
      ByteString proposalHash = ByteString.copyFrom(sha256(tx.payload().getHeader().getChannelHeader(),
          tx.action().getHeader(), tx.actionPayload().getChaincodeProposalPayload()));
      if (!proposalHash.equals(ProposalResponsePayload.parseFrom(tx.proposalResponse()).getProposalHash())) {
        return Verified.failed("The endorsements are for another proposal than transaction "
            + tx.channelHeader().getTxId() + "'s: they were taken from elsewhere.");
      }
      List<Endorsement> endorsements = tx.actionPayload().getAction().getEndorsementsList();
      if (endorsements.isEmpty()) {
        return Verified.failed("Transaction " + tx.channelHeader().getTxId() + " carries no endorsement.");
      }
      for (Endorsement e : endorsements) {
        Signed endorser = identity(e.getEndorser(), "endorser");
        step = "the endorsement of " + describe(endorser);
        verify(endorser.certificate(), tx.proposalResponse().concat(e.getEndorser()).toByteArray(), e.getSignature());
        endorsers.add(endorser);
      }
      step = "the ordering service's signature";
      Metadata signed = Metadata.parseFrom(block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
      ByteString header = ByteString.copyFrom(headerBytes(block.getHeader()));
      int unknown = 0;
      for (MetadataSignature s : signed.getSignaturesList()) {
        Signed orderer;
        ByteString signedHeader;
        if (s.getSignatureHeader().isEmpty() && !s.getIdentifierHeader().isEmpty()) {
          int id = IdentifierHeader.parseFrom(s.getIdentifierHeader()).getIdentifier();
          FabricTrust.Consenter consenter = trust == null ? null : trust.consenters().get(id);
          if (consenter == null) {
            unknown++;
            continue;
          }
          orderer = new Signed(consenter.mspId(), consenter.certificate(), "consenter " + id);
          signedHeader = s.getIdentifierHeader();
        } else {
          orderer = identity(SignatureHeader.parseFrom(s.getSignatureHeader()).getCreator(), "orderer");
          signedHeader = s.getSignatureHeader();
        }
        step = "the block signature of " + describe(orderer);
        verify(orderer.certificate(), signed.getValue().concat(signedHeader).concat(header).toByteArray(),
            s.getSignature());
        orderers.add(orderer);
      }
      if (orderers.isEmpty() && unknown > 0) {
        // BFT consenters sign naming only their number; who they are is the network's published
        // trust. Without it the block's ordering cannot be established: untrusted, not broken.
        return new Verified(Check.notChecked(SIGNATURES, "The transaction's signatures verify, but the "
            + unknown + " ordering service signature" + (unknown == 1 ? "" : "s") + " of block "
            + block.getHeader().getNumber() + " name BFT consenters by number only, and "
            + (trust == null ? "no Fabric network trust was given" : "the trust folder does not name them")
            + ": who ordered the block is not established."), null);
      }
      if (orderers.isEmpty()) {
        return Verified.failed("Block " + block.getHeader().getNumber() + " carries no ordering service"
            + " signature.");
      }
      Check passed = Check.passed(SIGNATURES, "The transaction id derives from its nonce and creator; the submitter "
          + describe(creator) + " signed the transaction; " + endorsers.size() + " endorsement"
          + (endorsers.size() == 1 ? "" : "s") + " (" + endorsers.stream().map(FabricChecks::describe)
              .collect(Collectors.joining(", ")) + (endorsers.size() == 1 ? ") signs" : ") sign")
          + " this transaction's proposal response; "
          + orderers.size() + " ordering service signature" + (orderers.size() == 1 ? "" : "s") + " ("
          + orderers.stream().map(FabricChecks::describe).collect(Collectors.joining(", "))
          + (orderers.size() == 1 ? ") signs" : ") sign") + " the block header" + (unknown > 0 ? "; " + unknown + " more by consenters the trust folder does"
          + " not name were not checked" : "") + ".");
      return new Verified(passed, new Signers(creator, List.copyOf(endorsers), List.copyOf(orderers)));
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      return Verified.failed("Checking " + step + " failed: " + e.getMessage());
    }
  }

  /** Who signed is who the trust folder says may. */
  private static Check organisations(JsonNode anchor, Tx tx, FabricTrust trust, Signers signers) {
    Signed creator = signers.creator();
    List<Signed> endorsers = signers.endorsers();
    List<Signed> orderers = signers.orderers();
    if (trust == null) {
      return Check.failed(ORGANISATIONS, "The trust folder holds no Fabric network trust ("
          + FabricTrust.FOLDER + "/" + FabricTrust.NETWORK_FILE + " and " + FabricTrust.FOLDER
          + "/msp/MSPID/*.pem): which organisations endorsed cannot be established.");
    }
    String channel = tx.channelHeader().getChannelId();
    String chaincode = tx.chaincodeAction().getChaincodeId().getName();
    if (!channel.equals(trust.channel()) || !chaincode.equals(trust.chaincode())) {
      return Check.failed(ORGANISATIONS, "The anchor is on channel '" + channel + "' by chaincode '" + chaincode
          + "'; the trust folder names channel '" + trust.channel() + "' and chaincode '" + trust.chaincode() + "'.");
    }
    Instant at = Instant.ofEpochSecond(tx.channelHeader().getTimestamp().getSeconds(),
        tx.channelHeader().getTimestamp().getNanos());
    List<Signed> all = new ArrayList<>();
    all.add(creator);
    all.addAll(endorsers);
    all.addAll(orderers);
    for (Signed s : all) {
      String problem = chainProblem(s, trust, at);
      if (problem != null) {
        return Check.failed(ORGANISATIONS, problem);
      }
    }
    if (!trust.anchoringOrganisations().contains(creator.mspId())) {
      return Check.failed(ORGANISATIONS, "The submitter is of " + creator.mspId() + ", which may not anchor"
          + " evidence (only " + new TreeSet<>(trust.anchoringOrganisations()) + ").");
    }
    List<SignaturePolicy.Signer> endorsing = endorsers.stream().map(FabricChecks::signer).toList();
    if (!trust.endorsementPolicy().satisfiedBy(endorsing)) {
      return Check.failed(ORGANISATIONS, "The endorsements (" + endorsers.stream().map(FabricChecks::describe)
          .collect(Collectors.joining(", ")) + ") do not satisfy the endorsement policy " + trust.endorsementPolicy()
          + ".");
    }
    Set<String> endorsingOrgs = endorsers.stream().map(Signed::mspId).collect(Collectors.toCollection(TreeSet::new));
    Set<String> claimed = new TreeSet<>();
    anchor.path("endorsingOrganisations").forEach(o -> claimed.add(o.asText()));
    if (!claimed.equals(endorsingOrgs)) {
      return Check.failed(ORGANISATIONS, "The proof says " + claimed + " endorsed, but the endorsements are by "
          + endorsingOrgs + ".");
    }
    if (!trust.blockSignaturePolicy().satisfiedBy(orderers.stream().map(FabricChecks::signer).toList())) {
      return Check.failed(ORGANISATIONS, "The block signatures (" + orderers.stream().map(FabricChecks::describe)
          .collect(Collectors.joining(", ")) + ") do not satisfy the block signature policy "
          + trust.blockSignaturePolicy() + ".");
    }
    return Check.passed(ORGANISATIONS, "Every signer's certificate chains to its organisation's CA in the trust"
        + " folder as of the transaction time " + at + "; the submitter's organisation " + creator.mspId()
        + " may anchor; the endorsements by " + endorsingOrgs + " satisfy " + trust.endorsementPolicy()
        + "; the block signatures satisfy " + trust.blockSignaturePolicy() + ".");
  }

  private static String chainProblem(Signed s, FabricTrust trust, Instant at) {
    List<X509Certificate> msp = trust.msps().get(s.mspId());
    if (msp == null) {
      return "The " + s.what() + " " + describe(s) + " is of " + s.mspId()
          + ", an organisation the trust folder does not name.";
    }
    try {
      Set<TrustAnchor> roots = msp.stream().filter(FabricChecks::selfSigned).map(c -> new TrustAnchor(c, null))
          .collect(Collectors.toSet());
      if (roots.isEmpty()) {
        return "The trust folder holds no root CA for " + s.mspId() + ".";
      }
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(s.certificate());
      PKIXBuilderParameters params = new PKIXBuilderParameters(roots, target);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      List<Certificate> pool = new ArrayList<>(msp.stream().filter(c -> !selfSigned(c)).toList());
      pool.add(s.certificate());
      params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
      CertPathBuilder.getInstance("PKIX").build(params);
      return null;
    } catch (GeneralSecurityException | RuntimeException e) {
      return "The " + s.what() + " " + describe(s) + " does not chain to a CA of " + s.mspId()
          + " in the trust folder as of " + at + ": " + e.getMessage();
    }
  }

  private static boolean selfSigned(X509Certificate c) {
    try {
      if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
        return false;
      }
      c.verify(c.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static SignaturePolicy.Signer signer(Signed s) {
    Set<String> roles = new TreeSet<>();
    for (RDN rdn : X500Name.getInstance(s.certificate().getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.OU)) {
      roles.add(IETFUtils.valueToString(rdn.getFirst().getValue()).toLowerCase(Locale.ROOT));
    }
    return new SignaturePolicy.Signer(s.mspId(), roles,
        hex(sha256(ByteString.copyFrom(encoded(s.certificate())))));
  }

  private static byte[] encoded(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Signed identity(ByteString serialized, String what) throws IOException, GeneralSecurityException {
    SerializedIdentity id = SerializedIdentity.parseFrom(serialized);
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(id.getIdBytes().toByteArray()));
    return new Signed(id.getMspid(), cert, what);
  }

  private static String describe(Signed s) {
    return "'" + s.certificate().getSubjectX500Principal().getName() + "' of " + s.mspId();
  }

  /**
   * Verifies as Fabric's software provider does: ECDSA over SHA-256 whose S is at most half the
   * group order (Fabric refuses the other, equally valid, form), or Ed25519 over the bytes.
   */
  static void verify(X509Certificate certificate, byte[] data, ByteString signature) throws GeneralSecurityException {
    PublicKey key = certificate.getPublicKey();
    Signature verifier;
    if (key instanceof ECPublicKey ec) {
      BigInteger s;
      try {
        s = ASN1Integer.getInstance(ASN1Sequence.getInstance(signature.toByteArray()).getObjectAt(1)).getValue();
      } catch (RuntimeException e) {
        throw new SignatureException("not a DER ECDSA signature");
      }
      if (s.compareTo(ec.getParams().getOrder().shiftRight(1)) > 0) {
        throw new SignatureException("the ECDSA signature has a high S value, which Fabric refuses");
      }
      verifier = Signature.getInstance("SHA256withECDSA");
    } else if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
      verifier = Signature.getInstance("Ed25519");
    } else {
      throw new SignatureException("a " + key.getAlgorithm() + " key, which Fabric identities do not use");
    }
    verifier.initVerify(key);
    verifier.update(data);
    if (!verifier.verify(signature.toByteArray())) {
      throw new SignatureException("the signature does not verify");
    }
  }

  /** The DER form Fabric hashes a block header in: SEQUENCE { number, previous hash, data hash }. */
  public static byte[] headerBytes(BlockHeader header) {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(new BigInteger(Long.toUnsignedString(header.getNumber()))));
    v.add(new DEROctetString(header.getPreviousHash().toByteArray()));
    v.add(new DEROctetString(header.getDataHash().toByteArray()));
    try {
      return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(ByteString... parts) {
    MessageDigest sha = Sha256.newMessageDigest();
    for (ByteString part : parts) {
      sha.update(part.asReadOnlyByteBuffer());
    }
    return sha.digest();
  }

  private static byte[] sha256(byte[] bytes) {
    return sha256(ByteString.copyFrom(bytes));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static String hex(ByteString bytes) {
    return hex(bytes.toByteArray());
  }
}
