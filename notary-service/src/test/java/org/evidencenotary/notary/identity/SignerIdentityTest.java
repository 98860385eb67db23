package org.evidencenotary.notary.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

/** The identity records kept as JSON beside each key store. */
class SignerIdentityTest {
  @Test
  void a_record_written_before_key_algorithms_existed_reads_as_ec() throws Exception {
    // As IdentityRegistry wrote it before keyAlgorithm: every key was EC P-256 then.
    String old = "{\"id\":\"7f1d0c9e-3b57-4c1e-9a55-0d6f2f1b7c11\",\"kind\":\"DEVICE\",\"name\":\"CT\","
        + "\"aeTitle\":\"CT01\",\"subject\":\"CN=CT\",\"serial\":\"1f\",\"certificateSha256\":\"" + "ab".repeat(32)
        + "\",\"notBefore\":\"2026-01-01T00:00:00Z\",\"notAfter\":\"2029-01-01T00:00:00Z\",\"status\":\"ACTIVE\","
        + "\"keyStorage\":\"PKCS12\"}";

    SignerIdentity identity = JsonMapper.builder().build().readValue(old, SignerIdentity.class);

    assertThat(identity.keyAlgorithm()).isEqualTo(SignerIdentity.KeyAlgorithm.EC);
    assertThat(identity.revoked("2026-02-01T00:00:00Z", "left").keyAlgorithm()).isEqualTo(SignerIdentity.KeyAlgorithm.EC);
  }

  @Test
  void the_key_algorithm_is_written_and_read_back() throws Exception {
    var json = JsonMapper.builder().build();
    SignerIdentity rsa = new SignerIdentity("7f1d0c9e-3b57-4c1e-9a55-0d6f2f1b7c12", SignerIdentity.Kind.TECHNOLOGIST,
        "RT", null, "CN=RT", "20", "cd".repeat(32), "2026-01-01T00:00:00Z", "2029-01-01T00:00:00Z",
        SignerIdentity.Status.ACTIVE, null, null, SignerIdentity.KeyStorage.PKCS11, SignerIdentity.KeyAlgorithm.RSA);

    String written = json.writeValueAsString(rsa);

    assertThat(written).contains("\"keyAlgorithm\":\"RSA\"");
    assertThat(json.readValue(written, SignerIdentity.class)).isEqualTo(rsa);
  }
}
