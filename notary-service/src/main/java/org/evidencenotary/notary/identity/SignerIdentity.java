package org.evidencenotary.notary.identity;

import com.fasterxml.jackson.annotation.JsonInclude;

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
    KeyStorage keyStorage) {
  /** Where a signer's private key is kept. */
  public enum KeyStorage {
    PKCS12,
    PKCS11
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
        Status.REVOKED, at, reason, keyStorage);
  }
}
