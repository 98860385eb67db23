package org.evidencenotary.notary.series;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.evidencenotary.format.DicomEvidence;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.dicom.DicomAttributes;
import org.evidencenotary.notary.dicom.DicomSignatureWriter;
import org.evidencenotary.notary.dicom.DicomSigningException;
import org.evidencenotary.notary.dicom.MalformedDicomException;
import org.evidencenotary.notary.dicom.PixelDataMac;
import org.evidencenotary.notary.dicom.UnsignableDicomException;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceRepository;
import org.evidencenotary.notary.pki.NotaryIdentity;
import org.evidencenotary.notary.pki.SigningException;
import org.evidencenotary.notary.timestamping.TimeStamping;
import org.evidencenotary.storage.DurableFiles;
import org.evidencenotary.storage.EvidenceStore;
import org.jboss.logging.Logger;

/**
 * The signed Key Object Selection Document of an anchored series manifest: built from the manifest
 * and the hospital's records of its instances ({@link KeyObjectDocument}), each instance's Pixel
 * Data MAC computed from the stored original (which the store re-checks against its digest), then
 * signed with a DICOM digital signature by the notary's own key, "Author's Signature", with a
 * Certified Timestamp from the built-in TSA.
 *
 * <p>Made on the first request and kept in {@code <data>/series/<series hash>-v<version>-kos.dcm}
 * (written whole or not at all), so every later request gets the same signed file. An anchored
 * manifest never changes, so neither does its document.
 */
@ApplicationScoped
public class SeriesKeyObjects {
  private static final Logger LOG = Logger.getLogger(SeriesKeyObjects.class);
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  @Inject EvidenceRepository repository;
  @Inject EvidenceStore store;
  @Inject NotaryIdentity notary;
  @Inject TimeStamping tsa;
  @Inject NotaryConfig config;

  /**
   * The signed document of {@code manifest}, as Part 10 bytes.
   *
   * @throws SeriesKosRefusedException when the manifest is not anchored ({@code not-yet-anchored})
   *     or an instance's record is missing or names no UIDs ({@code series-kos-unavailable})
   */
  public synchronized byte[] signed(SeriesManifest manifest) throws IOException {
    if (manifest.status() != SeriesManifest.Status.ANCHORED) {
      throw new SeriesKosRefusedException("not-yet-anchored", manifest.merkleRoot(), "series manifest version "
          + manifest.version() + " is not anchored yet; its Key Object Selection Document is made once it is");
    }
    if (!HEX64.matcher(manifest.seriesInstanceUidHash()).matches()) {
      throw new IllegalStateException("series hash is not 64 hex characters: " + manifest.seriesInstanceUidHash());
    }
    Path dir = config.dataDir().resolve("series");
    Path file = dir.resolve(manifest.seriesInstanceUidHash() + "-v" + manifest.version() + "-kos.dcm");
    if (Files.exists(file)) {
      return Files.readAllBytes(file);
    }
    byte[] unsigned = KeyObjectDocument.build(manifest, instances(manifest));
    ByteArrayOutputStream signed = new ByteArrayOutputStream(unsigned.length + 4096);
    DicomSignatureWriter.DicomSignature signature;
    try {
      signature = DicomSignatureWriter.write(
          () -> new ByteArrayInputStream(unsigned),
          new DicomSignatureWriter.Signer(notary.serviceKey(), notary.serviceCertificate(),
              DicomSignatureWriter.Purpose.AUTHORIZATION, value -> tsa.stamp(Sha256.digest(value).bytes()).getEncoded()),
          signed);
    } catch (DicomSigningException e) {
      throw new SigningException(e.getMessage(), e.getCause());
    }
    Files.createDirectories(dir);
    DurableFiles.replace(file, signed.toByteArray());
    LOG.infof("Key Object Selection Document of series manifest v%d (root %s) signed: %d instances, signature %s",
        manifest.version(), manifest.merkleRoot(), manifest.members().size(), signature.uid());
    return signed.toByteArray();
  }

  /** The manifest's instances, in leaf order, from the records and the stored originals. */
  List<KeyObjectDocument.Instance> instances(SeriesManifest manifest) throws IOException {
    List<KeyObjectDocument.Instance> instances = new ArrayList<>();
    for (SeriesManifest.Member member : manifest.members()) {
      EvidenceRecord record = repository.findById(member.evidenceId()).orElseThrow(() -> unavailable(manifest,
          "the record of instance " + member.evidenceId() + " is gone"));
      DicomAttributes a = record.dicom();
      DicomEvidence d = record.statement().dicom();
      if (a == null || d == null || a.sopInstanceUid() == null || a.studyInstanceUid() == null
          || a.seriesInstanceUid() == null || !record.sha256().equals(member.sha256())) {
        throw unavailable(manifest, "the record of instance " + member.evidenceId()
            + " does not name its SOP instance, study and series UIDs, or holds another digest");
      }
      PixelDataMac.Result mac = null;
      if (d.pixelDataSha256() != null) {
        mac = pixelMac(record, d);
      }
      instances.add(new KeyObjectDocument.Instance(d.sopClassUid(), a.sopInstanceUid(), a.studyInstanceUid(),
          a.seriesInstanceUid(), record.sha256(), d.pixelDataSha256() != null, mac));
    }
    return instances;
  }

  private PixelDataMac.Result pixelMac(EvidenceRecord record, DicomEvidence d) throws IOException {
    PixelDataMac.Result mac;
    try (InputStream in = store.open(Sha256.fromHex(record.sha256()))) {
      mac = PixelDataMac.of(in);
      // Read to the end, so the store checks the whole file against its digest.
      in.transferTo(OutputStream.nullOutputStream());
    } catch (UnsignableDicomException e) {
      // Big endian: no MAC; the file's SHA-256 in the description still binds it.
      LOG.infof("No Pixel Data MAC for evidence %s: %s", record.id(), e.getMessage());
      return null;
    } catch (MalformedDicomException e) {
      if (d.warnings() != null) {
        // Accepted with warnings (a non-standard VR, a meta group without its length...): the MAC
        // reader holds to the standard's encoding. No MAC, as for big endian; the file's SHA-256 in
        // the description still binds it.
        LOG.infof("No Pixel Data MAC for evidence %s, accepted with warnings: %s", record.id(), e.getMessage());
        return null;
      }
      throw new IllegalStateException("the stored original of evidence " + record.id()
          + " was accepted at ingest but its Pixel Data cannot be read again: " + e.getMessage(), e);
    }
    if (!mac.pixelDataSha256().equals(d.pixelDataSha256())) {
      // Fails closed: a MAC is only written over the pixels that were notarized.
      throw new IllegalStateException("the Pixel Data of evidence " + record.id() + " reads as "
          + mac.pixelDataSha256() + ", its statement says " + d.pixelDataSha256());
    }
    return mac;
  }

  private static SeriesKosRefusedException unavailable(SeriesManifest manifest, String why) {
    return new SeriesKosRefusedException("series-kos-unavailable", manifest.merkleRoot(),
        "no Key Object Selection Document for series manifest version " + manifest.version() + ": " + why);
  }
}
