package org.evidencenotary.notary.series;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import java.util.concurrent.locks.ReentrantLock;
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
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * The signed Key Object Selection Documents of an anchored series manifest: built from the
 * manifest and the hospital's records of its instances ({@link KeyObjectDocument}), each
 * instance's Pixel Data MAC computed from the stored original (which the store re-checks against
 * its digest), then signed with a DICOM digital signature by the notary's own key, "Author's
 * Signature", with a Certified Timestamp from the built-in TSA.
 *
 * <p>A manifest is written as one document when it fits, else as several parts ({@link
 * KeyObjectParts}, so that DCMTK can verify every signature). All are made on the first request
 * and kept, each file written whole or not at all, so every later request gets the same signed
 * files: one document in {@code <data>/series/<series hash>-v<version>-kos.dcm}; parts in the
 * folder {@code <data>/series/<series hash>-v<version>-kos/}, one {@code <SOP Instance UID>.dcm}
 * each and {@code parts.json}, the list of their last leaves, written after the last part. An
 * anchored manifest never changes, so neither do its documents.
 *
 * <p>Only the first request for a manifest waits for the signing, and only requests for the same
 * manifest wait for one another; kept documents are read without waiting.
 */
@ApplicationScoped
public class SeriesKeyObjects {
  private static final Logger LOG = Logger.getLogger(SeriesKeyObjects.class);
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String INDEX = "parts.json";

  @Inject EvidenceRepository repository;
  @Inject EvidenceStore store;
  @Inject NotaryIdentity notary;
  @Inject TimeStamping tsa;
  @Inject NotaryConfig config;

  /** Requests for one manifest take one of these, chosen by its root; others do not wait. */
  private final ReentrantLock[] locks = new ReentrantLock[32];

  public SeriesKeyObjects() {
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** What {@code parts.json} holds: the root it is for, and each part's last leaf, in order. */
  record Index(String merkleRoot, int leafCount, List<Integer> lastLeaves) {}

  /**
   * The signed document of {@code manifest}, as Part 10 bytes, when it is written as one.
   *
   * @throws SeriesKosInPartsException when it is written in several parts
   * @throws SeriesKosRefusedException as {@link #parts} does
   */
  public byte[] signed(SeriesManifest manifest) throws IOException {
    List<KeyObjectDocument.Part> parts = parts(manifest);
    if (parts.size() > 1) {
      throw new SeriesKosInPartsException(manifest.merkleRoot(), manifest.version(), parts.size());
    }
    return Files.readAllBytes(file(manifest, parts.get(0)));
  }

  /**
   * The parts {@code manifest}'s document is written in (one for a document written whole), in
   * order; every one is signed and kept when this returns.
   *
   * @throws SeriesKosRefusedException when the manifest is not anchored ({@code not-yet-anchored})
   *     or an instance's record is missing or names no UIDs ({@code series-kos-unavailable})
   */
  public List<KeyObjectDocument.Part> parts(SeriesManifest manifest) throws IOException {
    if (manifest.status() != SeriesManifest.Status.ANCHORED) {
      throw new SeriesKosRefusedException("not-yet-anchored", manifest.merkleRoot(), "series manifest version "
          + manifest.version() + " is not anchored yet; its Key Object Selection Document is made once it is");
    }
    if (!HEX64.matcher(manifest.seriesInstanceUidHash()).matches()) {
      throw new IllegalStateException("series hash is not 64 hex characters: " + manifest.seriesInstanceUidHash());
    }
    List<KeyObjectDocument.Part> kept = kept(manifest);
    if (kept != null) {
      return kept;
    }
    ReentrantLock lock = locks[Math.floorMod(manifest.merkleRoot().hashCode(), locks.length)];
    lock.lock();
    try {
      kept = kept(manifest);
      return kept != null ? kept : signAndKeep(manifest);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Signed part {@code number} (from 1) as Part 10 bytes; part 1 of a document written whole is
   * that document.
   *
   * @throws IllegalArgumentException when there is no such part (see {@link #parts})
   */
  public byte[] part(SeriesManifest manifest, int number) throws IOException {
    List<KeyObjectDocument.Part> parts = parts(manifest);
    if (number < 1 || number > parts.size()) {
      throw new IllegalArgumentException("series manifest version " + manifest.version() + " has " + parts.size()
          + " parts, not a part " + number);
    }
    return Files.readAllBytes(file(manifest, parts.get(number - 1)));
  }

  /** The parts when every one is kept, else null. */
  private List<KeyObjectDocument.Part> kept(SeriesManifest manifest) throws IOException {
    Path index = folder(manifest).resolve(INDEX);
    if (Files.exists(index)) {
      List<KeyObjectDocument.Part> parts = fromIndex(manifest, JSON.readValue(index.toFile(), Index.class));
      if (parts == null) {
        LOG.warnf("%s does not match series manifest v%d (root %s); its parts are made again", index,
            manifest.version(), manifest.merkleRoot());
        return null;
      }
      return parts.stream().allMatch(p -> Files.exists(file(manifest, p))) ? parts : null;
    }
    Path whole = file(manifest, KeyObjectDocument.whole(manifest));
    // A document kept whole before manifests were split may be too long for DCMTK; then it is
    // not this manifest's document any more, its parts are.
    if (Files.exists(whole) && DicomSignatureWriter.macStreamLength(() -> Files.newInputStream(whole))
        < KeyObjectParts.MAC_STREAM_LIMIT) {
      return List.of(KeyObjectDocument.whole(manifest));
    }
    return null;
  }

  /** The parts an index lists, or null when it is not this manifest's or its ranges are not whole. */
  private static List<KeyObjectDocument.Part> fromIndex(SeriesManifest manifest, Index index) {
    int leaves = manifest.members().size();
    List<Integer> lasts = index.lastLeaves();
    if (!manifest.merkleRoot().equals(index.merkleRoot()) || index.leafCount() != leaves || lasts == null
        || lasts.size() < 2 || lasts.get(lasts.size() - 1) != leaves - 1) {
      return null;
    }
    List<KeyObjectDocument.Part> parts = new ArrayList<>();
    int first = 0;
    for (int last : lasts) {
      if (last < first) {
        return null;
      }
      parts.add(KeyObjectDocument.part(manifest, parts.size() + 1, lasts.size(), first, last));
      first = last + 1;
    }
    return parts;
  }

  private List<KeyObjectDocument.Part> signAndKeep(SeriesManifest manifest) throws IOException {
    long started = System.nanoTime();
    List<KeyObjectParts.Built> built = KeyObjectParts.of(manifest, instances(manifest));
    long read = System.nanoTime();
    Path dir = config.dataDir().resolve("series");
    OwnerOnlyFiles.createDirectories(dir);
    if (built.size() > 1) {
      OwnerOnlyFiles.createDirectories(folder(manifest));
      DurableFiles.list(folder(manifest), ".dcm"); // drops the temporary files of an interrupted write
    }
    int signed = 0;
    for (KeyObjectParts.Built b : built) {
      Path file = file(manifest, b.part());
      // Parts kept by an interrupted first request stay: the same UID names the same content.
      if (!Files.exists(file)) {
        DurableFiles.replace(file, sign(b.document()));
        signed++;
      }
    }
    List<KeyObjectDocument.Part> parts = built.stream().map(KeyObjectParts.Built::part).toList();
    if (built.size() > 1) {
      DurableFiles.replace(folder(manifest).resolve(INDEX), JSON.writeValueAsBytes(new Index(manifest.merkleRoot(),
          manifest.members().size(), parts.stream().map(KeyObjectDocument.Part::lastLeaf).toList())));
    }
    LOG.infof("Key Object Selection Document of series manifest v%d (root %s) kept: %d instances in %d part(s),"
        + " %d signed now; %d ms to read the originals and build, %d ms to sign and write", manifest.version(),
        manifest.merkleRoot(), manifest.members().size(), parts.size(), signed, (read - started) / 1_000_000,
        (System.nanoTime() - read) / 1_000_000);
    return parts;
  }

  private byte[] sign(byte[] unsigned) throws IOException {
    ByteArrayOutputStream signed = new ByteArrayOutputStream(unsigned.length + 4096);
    try {
      DicomSignatureWriter.write(
          () -> new ByteArrayInputStream(unsigned),
          new DicomSignatureWriter.Signer(notary.serviceKey(), notary.serviceCertificate(),
              DicomSignatureWriter.Purpose.AUTHORIZATION, value -> tsa.stamp(Sha256.digest(value).bytes()).getEncoded()),
          signed);
    } catch (DicomSigningException e) {
      throw new SigningException(e.getMessage(), e.getCause());
    }
    return signed.toByteArray();
  }

  /** Where a part is kept: the one file of a document written whole, else in the manifest's folder. */
  private Path file(SeriesManifest manifest, KeyObjectDocument.Part part) {
    if (part.of() == 1) {
      return config.dataDir().resolve("series")
          .resolve(manifest.seriesInstanceUidHash() + "-v" + manifest.version() + "-kos.dcm");
    }
    return folder(manifest).resolve(part.sopInstanceUid() + ".dcm");
  }

  private Path folder(SeriesManifest manifest) {
    return config.dataDir().resolve("series").resolve(manifest.seriesInstanceUidHash() + "-v" + manifest.version()
        + "-kos");
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
