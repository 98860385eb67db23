package org.evidencenotary.notary.evidence;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.evidencenotary.format.DicomEvidence;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.dicom.AttributeChange;
import org.evidencenotary.notary.dicom.DicomAttributes;
import org.evidencenotary.notary.dicom.DicomHeader;
import org.evidencenotary.notary.dicom.DicomScan;
import org.evidencenotary.notary.dicom.DicomScanner;
import org.evidencenotary.notary.dicom.HeaderChanges;
import org.evidencenotary.notary.dicom.MalformedDicomException;
import org.evidencenotary.notary.dicom.PixelDigests;
import org.evidencenotary.notary.pki.NotaryIdentity;
import org.evidencenotary.storage.EvidenceStore;
import org.jboss.logging.Logger;

/**
 * DICOM sense for ingest and verification: turns a {@link DicomScan} into what is signed and what
 * is recorded, keeps a local index of pixel digests and salted SOP Instance UID hashes over the
 * notarized records (so verification finds an original whose header was changed), and reads an
 * original's header back from the store to say what changed.
 */
@Startup
@ApplicationScoped
public class DicomService {
  /** The media type that promises DICOM: such bytes must parse, or the upload is refused. */
  public static final String DICOM_MEDIA_TYPE = "application/dicom";
  private static final Logger LOG = Logger.getLogger(DicomService.class);

  @Inject EvidenceRepository repository;
  @Inject NotaryIdentity identity;
  @Inject EvidenceStore store;

  private final Map<String, List<String>> byPixelDigest = new ConcurrentHashMap<>();
  private final Map<String, List<String>> bySopInstanceHash = new ConcurrentHashMap<>();
  private final Map<String, List<String>> byDataSetDigest = new ConcurrentHashMap<>();

  /** What ingest records about a DICOM instance: signed part and recorded attributes. */
  public record Notarized(DicomEvidence evidence, DicomAttributes attributes) {}

  @PostConstruct
  void load() {
    List<EvidenceRecord> all = new ArrayList<>(repository.anchored());
    all.addAll(repository.pending());
    all.forEach(this::indexed);
    LOG.infof("Indexed %d DICOM pixel digests", byPixelDigest.size());
  }

  /**
   * Decides what a scan means for an upload declared as {@code mediaType}.
   *
   * @return the DICOM part to sign and record, or empty for bytes notarized as a plain file
   * @throws MalformedDicomException when {@code application/dicom} was declared and the bytes
   *     cannot be read as a DICOM Part 10 file (a file that can be read is notarized, with its
   *     scan's warnings in the signed statement)
   */
  public Optional<Notarized> notarizable(DicomScan scan, String mediaType) {
    if (!scan.isDicom()) {
      if (DICOM_MEDIA_TYPE.equals(mediaType)) {
        throw new MalformedDicomException("not a well-formed DICOM Part 10 file: " + scan.reason()
            + ". To notarize these bytes as a plain file, send them as application/octet-stream.");
      }
      return Optional.empty();
    }
    DicomAttributes a = DicomAttributes.of(scan.header());
    PixelDigests p = scan.pixels();
    DicomEvidence evidence = new DicomEvidence(
        a.sopClassUid(), hash(a.sopInstanceUid()), hash(a.studyInstanceUid()), hash(a.seriesInstanceUid()),
        a.modality(), a.transferSyntaxUid(), a.rows(), a.columns(), a.numberOfFrames(),
        p == null ? null : p.sha256(), p == null ? null : p.encoding(), p == null ? null : p.length(),
        p == null ? null : p.frames(), scan.dataSetSha256(), scan.warnings());
    return Optional.of(new Notarized(evidence, a));
  }

  /** The salted hash of a UID, as statements carry it. */
  public String hash(String uid) {
    return uid == null ? null : identity.referenceHash("dicom-uid:" + uid);
  }

  /** Adds a record to the local index (called once it is durably recorded). */
  public void indexed(EvidenceRecord record) {
    DicomEvidence d = record.statement().dicom();
    if (d == null) {
      return;
    }
    if (d.pixelDataSha256() != null) {
      byPixelDigest.computeIfAbsent(d.pixelDataSha256(), k -> new CopyOnWriteArrayList<>()).add(record.id());
    }
    if (d.sopInstanceUidHash() != null) {
      bySopInstanceHash.computeIfAbsent(d.sopInstanceUidHash(), k -> new CopyOnWriteArrayList<>()).add(record.id());
    }
    if (d.dataSetSha256() != null) {
      byDataSetDigest.computeIfAbsent(d.dataSetSha256(), k -> new CopyOnWriteArrayList<>()).add(record.id());
    }
  }

  /** Notarized records whose data set (the bytes after the File Meta Information) has this digest, earliest first. */
  public List<EvidenceRecord> byDataSetDigest(String sha256Hex) {
    return records(byDataSetDigest.get(sha256Hex));
  }

  /** Notarized records whose Pixel Data has this digest, earliest first. */
  public List<EvidenceRecord> byPixelDigest(String sha256Hex) {
    return records(byPixelDigest.get(sha256Hex));
  }

  /** Notarized records of the SOP Instance with this UID, earliest first. */
  public List<EvidenceRecord> bySopInstanceUid(String uid) {
    return uid == null ? List.of() : records(bySopInstanceHash.get(hash(uid)));
  }

  private List<EvidenceRecord> records(List<String> ids) {
    if (ids == null) {
      return List.of();
    }
    return ids.stream().map(repository::findById).flatMap(Optional::stream)
        .sorted(Comparator.comparing(r -> r.statement().receivedAt())).toList();
  }

  /**
   * Reads the stored original of {@code record} (re-checked against its digest) and scans it.
   *
   * @throws IOException when the store cannot deliver it, or it fails its integrity check
   */
  public DicomScan scanOriginal(EvidenceRecord record) throws IOException {
    DicomScanner scanner = DicomScanner.create();
    try (InputStream in = scanner.tee(store.open(Sha256.fromHex(record.sha256())))) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return scanner.finish();
  }

  /** Attributes attribute by attribute: what differs between the original and an exhibit. */
  public static List<AttributeChange> changes(DicomHeader original, DicomHeader exhibit) {
    return HeaderChanges.between(original, exhibit);
  }

}
