package org.evidencenotary.notary.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * A technologist or device that signs acquisitions, with the certificate the hospital CA issued
 * to it. Staff names are the hospital's own data; they are never written to the ledger.
 *
 * @param id identity id (UUID)
 * @param kind technologist or device
 * @param name display name (a technologist's name, a modality's description)
 * @param aeTitle the DICOM AE title a device calls from, for devices
 * @param subject the certificate's subject (RFC 2253)
 * @param serial the certificate's serial number (hex)
 * @param certificateSha256 SHA-256 of the certificate (hex)
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param status ACTIVE or REVOKED
 * @param revokedAt when it was revoked, if it was
 * @param revocationReason why, if revoked
 * @param keyStorage where the private key is: PKCS12 (a file) or PKCS11 (a token; never leaves it)
 * @param keyAlgorithm the key's algorithm: EC (P-256) or RSA (3072 bits); identities recorded before
 *     there was a choice read as EC, which they all were
 * @param tlsClientCertificateSha256 SHA-256 (hex) of the TLS client certificate registered for this
 *     identity (issued by a trusted client CA; the key stays on the device), or null for none: a
 *     device's key signs a C-STORE only on a TLS association authenticated by this certificate
 * @param tlsClientSubject that certificate's subject (RFC 2253), or null
 * @param tlsClientNotAfter end of that certificate's validity, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignerIdentity(
    String id,
    Kind kind,
    String name,
    String aeTitle,
    String subject,
    String serial,
    String certificateSha256,
    String notBefore,
    String notAfter,
    Status status,
    String revokedAt,
    String revocationReason,
    KeyStorage keyStorage,
    KeyAlgorithm keyAlgorithm,
    String tlsClientCertificateSha256,
    String tlsClientSubject,
    String tlsClientNotAfter) {
  public SignerIdentity {
    if (keyAlgorithm == null) {
      keyAlgorithm = KeyAlgorithm.EC;
    }
  }

  /** An identity without a registered TLS client certificate. */
  public SignerIdentity(String id, Kind kind, String name, String aeTitle, String subject, String serial,
      String certificateSha256, String notBefore, String notAfter, Status status, String revokedAt,
      String revocationReason, KeyStorage keyStorage, KeyAlgorithm keyAlgorithm) {
    this(id, kind, name, aeTitle, subject, serial, certificateSha256, notBefore, notAfter, status, revokedAt,
        revocationReason, keyStorage, keyAlgorithm, null, null, null);
  }

  /** Where a signer's private key is kept. */
  public enum KeyStorage {
    PKCS12,
    PKCS11
  }

  /**
   * The signer key's algorithm. EC P-256 is the default; RSA 3072 is for signatures that must meet
   * PS3.15's RSA profiles (DICOM Creator and Authorization) by the letter. Either signs with SHA-256:
   * ECDSA, or RSASSA-PKCS1-v1_5 (the scheme of those profiles, used for the CMS signature too so one
   * key serves one scheme).
   */
  public enum KeyAlgorithm {
    EC("EC", new ECGenParameterSpec("secp256r1")),
    RSA("RSA", new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4));

    private final String jcaName;
    private final AlgorithmParameterSpec parameters;

    KeyAlgorithm(String jcaName, AlgorithmParameterSpec parameters) {
      this.jcaName = jcaName;
      this.parameters = parameters;
    }

    /** The JCA key pair generator's name. */
    public String jcaName() {
      return jcaName;
    }

    /** The curve or modulus size and exponent the key is generated with. */
    public AlgorithmParameterSpec parameters() {
      return parameters;
    }
  }

  /** What kind of signer. */
  public enum Kind {
    TECHNOLOGIST,
    DEVICE
  }

  /** Whether the certificate may still sign. */
  public enum Status {
    ACTIVE,
    REVOKED
  }

  SignerIdentity revoked(String at, String reason) {
    return new SignerIdentity(id, kind, name, aeTitle, subject, serial, certificateSha256, notBefore, notAfter,
        Status.REVOKED, at, reason, keyStorage, keyAlgorithm, tlsClientCertificateSha256, tlsClientSubject,
        tlsClientNotAfter);
  }

  /** This identity with {@code sha256}, {@code subject} and {@code notAfter} as its TLS client certificate. */
  SignerIdentity withTlsClientCertificate(String sha256, String subject, String notAfter) {
    return new SignerIdentity(id, kind, name, aeTitle, this.subject, serial, certificateSha256, this.notBefore,
        this.notAfter, status, revokedAt, revocationReason, keyStorage, keyAlgorithm, sha256, subject, notAfter);
  }
}
