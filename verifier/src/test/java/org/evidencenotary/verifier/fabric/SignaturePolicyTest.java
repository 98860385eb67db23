package org.evidencenotary.verifier.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.junit.jupiter.api.Test;

/** Fabric's policy syntax and evaluation, and the block header form Fabric hashes. */
class SignaturePolicyTest {
  private static final SignaturePolicy.Signer HOSPITAL_PEER = signer("HospitalMSP", "peer", "h1");
  private static final SignaturePolicy.Signer HOSPITAL_CLIENT = signer("HospitalMSP", "client", "h2");
  private static final SignaturePolicy.Signer COURT_PEER = signer("CourtMSP", "peer", "c1");
  private static final SignaturePolicy.Signer INSURER_PEER = signer("InsurerMSP", "peer", "i1");

  private static SignaturePolicy.Signer signer(String msp, String role, String id) {
    return new SignaturePolicy.Signer(msp, Set.of(role), id);
  }

  @Test
  void the_notary_policy_needs_the_hospital_and_the_court_or_the_insurer() {
    SignaturePolicy policy = SignaturePolicy.parse("AND('HospitalMSP.peer', OR('CourtMSP.peer', 'InsurerMSP.peer'))");

    assertThat(policy.satisfiedBy(List.of(HOSPITAL_PEER, COURT_PEER))).isTrue();
    assertThat(policy.satisfiedBy(List.of(INSURER_PEER, HOSPITAL_PEER))).isTrue();
    assertThat(policy.satisfiedBy(List.of(HOSPITAL_PEER))).isFalse();
    assertThat(policy.satisfiedBy(List.of(COURT_PEER, INSURER_PEER))).isFalse();
    assertThat(policy.satisfiedBy(List.of(HOSPITAL_CLIENT, COURT_PEER))).as("a client is not a peer").isFalse();
    assertThat(policy).hasToString("AND('HospitalMSP.peer', OR('CourtMSP.peer', 'InsurerMSP.peer'))");
  }

  @Test
  void one_signer_counts_for_one_principal_only() {
    SignaturePolicy twoHospitalPeers = SignaturePolicy.parse("AND('HospitalMSP.peer', 'HospitalMSP.member')");

    assertThat(twoHospitalPeers.satisfiedBy(List.of(HOSPITAL_PEER))).isFalse();
    assertThat(twoHospitalPeers.satisfiedBy(List.of(HOSPITAL_PEER, HOSPITAL_PEER))).as("the same identity twice")
        .isFalse();
    assertThat(twoHospitalPeers.satisfiedBy(List.of(HOSPITAL_PEER, HOSPITAL_CLIENT))).isTrue();
  }

  @Test
  void out_of_counts_the_rules_satisfied() {
    SignaturePolicy twoOfThree = SignaturePolicy.parse(
        "OutOf(2, 'HospitalMSP.member', 'CourtMSP.member', 'InsurerMSP.member')");

    assertThat(twoOfThree.satisfiedBy(List.of(COURT_PEER, INSURER_PEER))).isTrue();
    assertThat(twoOfThree.satisfiedBy(List.of(COURT_PEER))).isFalse();
  }

  @Test
  void malformed_policies_are_refused_with_the_reason() {
    assertThatThrownBy(() -> SignaturePolicy.parse("AND('HospitalMSP.peer'")).hasMessageContaining("expected ')'");
    assertThatThrownBy(() -> SignaturePolicy.parse("AND('HospitalMSP.nurse')")).hasMessageContaining("not MSPID.role");
    assertThatThrownBy(() -> SignaturePolicy.parse("OutOf(3, 'A.peer', 'B.peer')")).hasMessageContaining("OutOf(3, ...) with 2 rules");
    assertThatThrownBy(() -> SignaturePolicy.parse("MAJORITY Endorsement")).hasMessageContaining("expected '('");
    assertThatThrownBy(() -> SignaturePolicy.parse("OR('A.peer') x")).hasMessageContaining("unexpected");
  }

  @Test
  void a_block_header_is_hashed_in_the_der_form_fabric_uses() {
    byte[] previous = new byte[32];
    byte[] data = new byte[32];
    java.util.Arrays.fill(previous, (byte) 0x11);
    java.util.Arrays.fill(data, (byte) 0x22);
    BlockHeader header = BlockHeader.newBuilder().setNumber(128).setPreviousHash(ByteString.copyFrom(previous))
        .setDataHash(ByteString.copyFrom(data)).build();

    // SEQUENCE (0x48 bytes) { INTEGER 128 as 00 80, OCTET STRING 32 x 11, OCTET STRING 32 x 22 }
    assertThat(HexFormat.of().formatHex(FabricChecks.headerBytes(header)))
        .isEqualTo("3048" + "02020080" + "0420" + "11".repeat(32) + "0420" + "22".repeat(32));
  }
}
