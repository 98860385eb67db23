package org.evidencenotary.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

/** Which SignerInfo algorithms an acquisition signature may use, for which signer keys. */
class AcquisitionAlgorithmTest {
  private static final String RSASSA_PSS_OID = "1.2.840.113549.1.1.10";
  private static final String SHA1_OID = "1.3.14.3.2.26";

  private static PublicKey ec() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair().getPublic();
  }

  private static PublicKey rsa(int bits) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return generator.generateKeyPair().getPublic();
  }

  @Test
  void ecdsa_with_sha256_is_accepted_for_an_ec_key() throws Exception {
    assertThat(ProofChecks.acquisitionAlgorithm(ProofChecks.SHA256_OID, ProofChecks.ECDSA_WITH_SHA256_OID, ec()))
        .isEqualTo("SHA256withECDSA");
  }

  @Test
  void rsa_pkcs1_with_sha256_is_accepted_for_an_rsa_key_under_either_cms_name() throws Exception {
    PublicKey key = rsa(2048);

    assertThat(ProofChecks.acquisitionAlgorithm(ProofChecks.SHA256_OID, ProofChecks.RSA_ENCRYPTION_OID, key))
        .isEqualTo("SHA256withRSA");
    assertThat(ProofChecks.acquisitionAlgorithm(ProofChecks.SHA256_OID, ProofChecks.SHA256_WITH_RSA_OID, key))
        .isEqualTo("SHA256withRSA");
  }

  @Test
  void an_algorithm_that_does_not_fit_the_signers_key_is_refused() throws Exception {
    PublicKey ec = ec();
    PublicKey rsa = rsa(2048);

    assertThatThrownBy(() -> ProofChecks.acquisitionAlgorithm(ProofChecks.SHA256_OID, ProofChecks.RSA_ENCRYPTION_OID, ec))
        .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("an RSA signature, but the signer's key is EC");
    assertThatThrownBy(() -> ProofChecks.acquisitionAlgorithm(ProofChecks.SHA256_OID, ProofChecks.ECDSA_WITH_SHA256_OID, rsa))
        .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("an ECDSA signature, but the signer's key is RSA");
  }

  @Test
  void rsa_pss_another_digest_and_short_rsa_keys_are_refused() throws Exception {
    PublicKey rsa = rsa(2048);

    assertThatThrownBy(() -> ProofChecks.acquisitionAlgorithm(ProofChecks.SHA256_OID, RSASSA_PSS_OID, rsa))
        .isInstanceOf(GeneralSecurityException.class).hasMessageContaining(RSASSA_PSS_OID);
    assertThatThrownBy(() -> ProofChecks.acquisitionAlgorithm(SHA1_OID, ProofChecks.RSA_ENCRYPTION_OID, rsa))
        .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("not SHA-256");
    assertThatThrownBy(() -> ProofChecks.acquisitionAlgorithm(ProofChecks.SHA256_OID, ProofChecks.RSA_ENCRYPTION_OID,
        rsa(1024))).isInstanceOf(GeneralSecurityException.class).hasMessageContaining("1024 bits, fewer than 2048");
  }
}
