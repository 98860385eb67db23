package org.evidencenotary.notary.dicomweb;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.dicom.DicomSignatureWriter.DicomSignature;
import org.evidencenotary.notary.dicom.DicomSignatureWriter.Purpose;
import org.evidencenotary.notary.dicom.DicomSignatureWriter;
import org.evidencenotary.notary.dicom.DicomSigningException;
import org.evidencenotary.notary.dicom.MalformedDicomException;
import org.evidencenotary.notary.dicom.UnsignableDicomException;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.TemporaryFolder;
import org.evidencenotary.notary.identity.IdentityRegistry;
import org.evidencenotary.notary.identity.SignerIdentity;
import org.evidencenotary.notary.pki.SigningException;
import org.evidencenotary.notary.timestamping.TimeStamping;
import org.evidencenotary.storage.EvidenceStore;
import org.evidencenotary.storage.OwnerOnlyFiles;

/**
 * Makes the DICOM-signed copy of a notarized instance: the stored original (read from the store,
 * which re-checks its digest; never written) with a DICOM digital signature by the identity that
 * signed the acquisition: a device signs as creator (PS3.15 C.2), a technologist as the person who
 * approved the image (C.3), with a Certified Timestamp from the built-in TSA over the signature
 * value. The copy is written to a temporary file (mode 0600) under {@code <data>/tmp/dicom-signed},
 * complete before anything is sent; the caller deletes it.
 */
@ApplicationScoped
public class SignedDicomCopies {
  @Inject EvidenceStore store;
  @Inject IdentityRegistry identities;
  @Inject TimeStamping tsa;
  @Inject TemporaryFolder temporary;

  private Path dir;

  @PostConstruct
  void init() {
    // Copies of requests a crash cut short are removed at start with the rest of the folder.
    dir = temporary.signedCopies();
    try {
      OwnerOnlyFiles.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A signed copy on disk and what was signed. */
  public record SignedCopy(Path file, DicomSignature signature) {}

  /**
   * Writes the signed copy of {@code record}'s original.
   *
   * @throws DicomSignatureRefusedException when the evidence is not DICOM, has no acquisition
   *     signer, its signer was revoked, or its encoding cannot be signed
   */
  public SignedCopy sign(EvidenceRecord record) throws IOException {
    if (record.dicom() == null) {
      throw new DicomSignatureRefusedException("not-dicom", record.id(),
          "evidence " + record.id() + " is not a DICOM instance; only DICOM evidence gets a DICOM signature");
    }
    if (record.signerId() == null) {
      throw new DicomSignatureRefusedException("no-acquisition-signer", record.id(), "evidence " + record.id()
          + " was not signed by a technologist or device, so there is nobody to sign its DICOM copy");
    }
    SignerIdentity identity = identities.get(record.signerId());
    if (identity.status() != SignerIdentity.Status.ACTIVE) {
      throw new DicomSignatureRefusedException("signer-revoked", record.id(), "the identity that signed the"
          + " acquisition was revoked at " + identity.revokedAt() + " and can no longer sign; its CMS signature"
          + " (signature.p7s) made before the revocation remains valid");
    }
    IdentityRegistry.SigningKey key = identities.signingKey(identity.id());
    Purpose purpose = identity.kind() == SignerIdentity.Kind.DEVICE ? Purpose.CREATOR : Purpose.AUTHORIZATION;
    Sha256 digest = Sha256.fromHex(record.sha256());
    store.verify(digest);
    Path file = Files.createTempFile(dir, "signed-", ".dcm");
    try {
      DicomSignature signature;
      try (OutputStream out = Files.newOutputStream(file)) {
        signature = DicomSignatureWriter.write(() -> store.open(digest),
            new DicomSignatureWriter.Signer(key.key(), key.chain().get(0), purpose,
                value -> tsa.stamp(Sha256.digest(value).bytes()).getEncoded()), out);
      }
      return new SignedCopy(file, signature);
    } catch (UnsignableDicomException | MalformedDicomException e) {
      // The ingest scanner accepted this original; a stricter reading here is not the client's fault.
      Files.deleteIfExists(file);
      throw new DicomSignatureRefusedException("dicom-not-signable", record.id(), e.getMessage());
    } catch (DicomSigningException e) {
      Files.deleteIfExists(file);
      throw new SigningException(e.getMessage(), e.getCause());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }
}
