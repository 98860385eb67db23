package org.evidencenotary.notary.verify;

import static org.evidencenotary.notary.verify.NotarizationChecks.ANCHOR;
import static org.evidencenotary.notary.verify.NotarizationChecks.guarded;
import static org.evidencenotary.notary.verify.NotarizationChecks.report;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.EvidenceStatement;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.format.Verdict;
import org.evidencenotary.notary.dicom.AttributeChange;
import org.evidencenotary.notary.dicom.DicomScan;
import org.evidencenotary.notary.dicom.PixelDigests;
import org.evidencenotary.notary.evidence.DicomService;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceStatus;
import org.evidencenotary.notary.ledger.Ledger;
import org.evidencenotary.notary.ledger.LedgerEntry;

/**
 * Verification of a DICOM exhibit whose exact bytes were never notarized. First by its data set
 * (every byte after the File Meta Information): the same data set in the same transfer syntax is
 * the instance the notary received, whoever wrote the file's meta information (C-STORE never
 * transmits it), and is AUTHENTIC, with the File Meta Information difference named in a check.
 * Otherwise it is compared with notarized instances by its picture (the Pixel Data digest) and by
 * its identity (the SOP Instance UID). The same picture with another header is
 * PIXELS_AUTHENTIC_HEADER_CHANGED, with the changed attributes listed; the same identity with
 * another picture is MODIFIED.
 */
@ApplicationScoped
public class PictureVerification {
  static final String EXACT_BYTES = "Exact bytes";
  static final String PIXELS = "DICOM pixel data";
  static final String HEADER = "DICOM header changes";
  static final String PIXEL_ANCHOR = "Pixel digest on the ledger";
  static final String DATA_SET = "DICOM data set";
  static final String FILE_META = "DICOM File Meta Information";

  @Inject Ledger ledger;
  @Inject DicomService dicom;
  @Inject NotarizationChecks notarization;

  /** A verdict by picture and identity, or null when no notarized instance is related. */
  VerificationReport verify(Exhibit exhibit, List<Check> checks) {
    DicomScan scan = exhibit.dicom();
    EvidenceRecord sameDataSet = latestAnchored(dicom.byDataSetDigest(scan.dataSetSha256()).stream()
        .filter(r -> sameDataSet(exhibit, r.statement())).toList());
    if (sameDataSet != null) {
      return byDataSet(exhibit, sameDataSet, checks);
    }
    PixelDigests pixels = scan.pixels();
    String sopInstance = scan.header().value(0x00080018);
    EvidenceRecord byPixels = pixels == null ? null : latestAnchored(dicom.byPixelDigest(pixels.sha256()));
    boolean samePixels = byPixels != null;
    EvidenceRecord original = samePixels ? byPixels : latestAnchored(dicom.bySopInstanceUid(sopInstance));
    if (original == null) {
      return null;
    }
    EvidenceStatement statement = original.statement();
    checks.add(Check.failed(EXACT_BYTES, "No anchor for SHA-256 " + exhibit.sha256().hex() + " on the "
        + ledger.kind() + " ledger: these exact bytes were never notarized here. The exhibit is a DICOM instance,"
        + " so its picture and identity were compared with notarized evidence " + original.id() + "."));
    int firstCheck = checks.size();
    if (samePixels && samePicture(exhibit, statement)) {
      checks.add(Check.passed(PIXELS, pictureMatches(exhibit, statement)));
    } else {
      checks.add(Check.failed(PIXELS, pictureDiffers(exhibit, statement, original.id())));
    }
    int pixelCheck = checks.size() - 1;
    LedgerEntry entry = originalNotarization(original, checks);
    if (entry != null && samePixels) {
      checks.add(pixelAnchorCheck(entry, pixels.sha256()));
    }
    List<AttributeChange> changes = headerChanges(original, scan, checks);
    boolean originalChecksOut = true;
    for (int k = firstCheck; k < checks.size(); k++) {
      if (k != pixelCheck && checks.get(k).result() == Check.Result.FAILED) {
        originalChecksOut = false;
      }
    }
    boolean picturePassed = checks.get(pixelCheck).passed();
    String id = original.id();
    VerificationReport r;
    if (!originalChecksOut) {
      r = report(Verdict.UNVERIFIABLE, "The exhibit is related to notarized evidence " + id + ", but that evidence's"
          + " own checks did not all pass; see checks.", id, exhibit, checks);
    } else if (picturePassed) {
      r = report(Verdict.PIXELS_AUTHENTIC_HEADER_CHANGED, "The picture is bit-exact to evidence " + id + " (its Pixel"
          + " Data digest matches), but the file differs from the original"
          + (changes == null ? "." : ": " + changes.size() + " header attribute(s) changed."), id, exhibit, checks);
    } else {
      r = report(Verdict.MODIFIED, "The exhibit carries the identity (SOP Instance UID) of evidence " + id
          + ", but its picture differs from the notarized original.", id, exhibit, checks);
    }
    return new VerificationReport(r.verdict(), r.summary(), r.evidenceId(), r.exhibitSha256(), r.exhibitSize(),
        r.checks(), changes, true);
  }

  /** The exhibit's data set is the notarized one: AUTHENTIC when the original's notarization checks out. */
  private VerificationReport byDataSet(Exhibit exhibit, EvidenceRecord original, List<Check> checks) {
    EvidenceStatement statement = original.statement();
    String id = original.id();
    checks.add(Check.passed(DATA_SET, dataSetMatches(exhibit, statement)));
    LedgerEntry entry = originalNotarization(original, checks);
    checks.add(Check.passed(FILE_META, fileMetaDiffers(exhibit, statement) + metaChanges(original, exhibit.dicom())));
    if (!checks.stream().allMatch(Check::passed)) {
      return report(Verdict.UNVERIFIABLE, "The exhibit's DICOM data set is the one notarized as evidence " + id
          + ", but not every check of that evidence passed; see checks.", id, exhibit, checks);
    }
    return report(Verdict.AUTHENTIC, "The exhibit's DICOM data set is bit-exact to evidence " + id + ", anchored at "
        + entry.location().timestamp() + "; only its File Meta Information, which is not part of the instance"
        + " as sent, differs from the notarized file.", id, exhibit, checks);
  }

  /**
   * Every check of the notarization of {@code original} (anchor, block chain, statement, signature,
   * certificates, stored original), or a failed anchor check; its ledger entry, or null when it has
   * none (the checks then hold a failure).
   */
  private LedgerEntry originalNotarization(EvidenceRecord original, List<Check> checks) {
    Optional<LedgerEntry> entry = guarded(() -> ledger.find(original.sha256()), checks, ANCHOR);
    if (entry == null) {
      return null;
    }
    if (entry.isEmpty()) {
      checks.add(Check.failed(ANCHOR, "The original's SHA-256 " + original.sha256() + " is not anchored on the "
          + ledger.kind() + " ledger."));
      return null;
    }
    notarization.addChecks(Sha256.fromHex(original.sha256()), entry.get(), original.statement(), original.signature(),
        notarization.notaryChain(), checks);
    return entry.get();
  }

  /** Whether the exhibit's data set, in the same transfer syntax, is the one {@code statement} signed. */
  static boolean sameDataSet(Exhibit exhibit, EvidenceStatement statement) {
    if (!exhibit.isDicom() || statement.dicom() == null || statement.dicom().dataSetSha256() == null) {
      return false;
    }
    String syntax = exhibit.dicom().header().value(0x00020010);
    return exhibit.dicom().dataSetSha256().equals(statement.dicom().dataSetSha256())
        && syntax != null && syntax.equals(statement.dicom().transferSyntaxUid());
  }

  static String dataSetMatches(Exhibit exhibit, EvidenceStatement statement) {
    return "The exhibit is a DICOM instance (SOP Class " + statement.dicom().sopClassUid() + ", transfer syntax "
        + statement.dicom().transferSyntaxUid() + "). Its data set, every byte after its File Meta Information, has"
        + " SHA-256 " + exhibit.dicom().dataSetSha256() + ", the data set digest signed into the statement of"
        + " evidence " + statement.evidenceId() + " (received " + statement.receivedAt() + "), in the same transfer"
        + " syntax: it is the instance the notary received, attribute for attribute and pixel for pixel.";
  }

  static String fileMetaDiffers(Exhibit exhibit, EvidenceStatement statement) {
    return "The exhibit's file (SHA-256 " + exhibit.sha256().hex() + ", " + exhibit.size() + " bytes) is not"
        + " byte-identical to the notarized file (SHA-256 " + statement.sha256() + ", " + statement.size()
        + " bytes): they differ only before the data set, in the File Meta Information (group 0002), which the"
        + " application that writes a file fills in and a DICOM network transfer does not carry (PS3.10 7.1).";
  }

  /** The File Meta Information attributes that differ, from the stored original; empty when it cannot be read. */
  private String metaChanges(EvidenceRecord original, DicomScan exhibit) {
    try {
      DicomScan stored = dicom.scanOriginal(original);
      if (!stored.isDicom()) {
        return "";
      }
      List<String> meta = DicomService.changes(stored.header(), exhibit.header()).stream()
          .filter(c -> c.tag().startsWith("(0002,")).map(AttributeChange::describe).toList();
      return meta.isEmpty() ? " Its attributes are the same; they are encoded differently."
          : " Attributes that differ: " + String.join("; ", meta) + ".";
    } catch (Exception e) {
      return "";
    }
  }

  /** The original's ledger anchor itself names the exhibit's Pixel Data digest. */
  private static Check pixelAnchorCheck(LedgerEntry entry, String exhibitPixels) {
    String anchored = entry.anchor().pixelSha256();
    if (anchored == null) {
      return Check.notChecked(PIXEL_ANCHOR, "The original's anchor predates pixel digests on the ledger; its pixel"
          + " digest is bound to the ledger through the anchored statement hash only.");
    }
    if (!anchored.equals(exhibitPixels)) {
      return Check.failed(PIXEL_ANCHOR, "The original's anchor names Pixel Data SHA-256 " + anchored
          + ", not the exhibit's " + exhibitPixels + ".");
    }
    return Check.passed(PIXEL_ANCHOR, "The original's anchor in transaction " + entry.location().transactionId()
        + " names Pixel Data SHA-256 " + anchored + ", the exhibit's.");
  }

  private static EvidenceRecord latestAnchored(List<EvidenceRecord> records) {
    EvidenceRecord found = null;
    for (EvidenceRecord r : records) {
      if (r.status() == EvidenceStatus.ANCHORED) {
        found = r;
      }
    }
    return found;
  }

  /** Whether the exhibit is a DICOM instance whose Pixel Data digest is the one {@code statement} signed. */
  static boolean samePicture(Exhibit exhibit, EvidenceStatement statement) {
    return exhibit.isDicom() && exhibit.dicom().pixels() != null && statement.dicom() != null
        && exhibit.dicom().pixels().sha256().equals(statement.dicom().pixelDataSha256());
  }

  static String pictureMatches(Exhibit exhibit, EvidenceStatement statement) {
    PixelDigests p = exhibit.dicom().pixels();
    List<String> frames = statement.dicom().frameSha256();
    String sopClass = statement.dicom().sopClassUid();
    return "The exhibit is a DICOM instance" + (sopClass == null ? "" : " (SOP Class " + sopClass + ")") + ". Its Pixel Data ("
        + p.length() + " bytes, " + p.encoding() + ", transfer syntax " + exhibit.dicom().header().value(0x00020010)
        + ") has SHA-256 " + p.sha256() + ", the pixel digest signed into the statement of evidence "
        + statement.evidenceId() + " (received " + statement.receivedAt() + ")"
        + (frames == null ? "." : "; all " + frames.size() + " frame digest(s) match.");
  }

  private static String pictureDiffers(Exhibit exhibit, EvidenceStatement statement, String id) {
    PixelDigests p = exhibit.dicom().pixels();
    String notarized = statement.dicom() == null ? null : statement.dicom().pixelDataSha256();
    String mine = p == null ? "no Pixel Data" : "Pixel Data with SHA-256 " + p.sha256() + " (" + p.length() + " bytes)";
    StringBuilder text = new StringBuilder("The exhibit carries the SOP Instance UID of evidence " + id + " but has "
        + mine + "; the notarized picture has " + (notarized == null ? "no Pixel Data" : "SHA-256 " + notarized
        + " (" + statement.dicom().pixelDataLength() + " bytes)") + ". The picture was changed.");
    List<String> before = statement.dicom() == null ? null : statement.dicom().frameSha256();
    if (p != null && before != null && before.size() == p.frames().size()) {
      List<Integer> changed = new ArrayList<>();
      for (int k = 0; k < before.size(); k++) {
        if (!before.get(k).equals(p.frames().get(k))) {
          changed.add(k + 1);
        }
      }
      text.append(" Frames that differ: ").append(changed.size()).append(" of ").append(before.size())
          .append(changed.size() <= 20 ? " " + changed : "").append('.');
    }
    return text.toString();
  }

  /** The changed header attributes, from the stored original; null when it cannot be read. */
  private List<AttributeChange> headerChanges(EvidenceRecord original, DicomScan exhibit, List<Check> checks) {
    try {
      DicomScan stored = dicom.scanOriginal(original);
      if (!stored.isDicom()) {
        checks.add(Check.notChecked(HEADER, "The stored original could not be read as DICOM: " + stored.reason()));
        return null;
      }
      List<AttributeChange> changes = DicomService.changes(stored.header(), exhibit.header());
      String list = changes.stream().map(AttributeChange::describe).limit(50).collect(Collectors.joining("; "));
      checks.add(Check.passed(HEADER, changes.isEmpty()
          ? "The header attributes equal the original's; the files differ only in their encoding."
          : changes.size() + " header attribute(s) differ from the stored original: " + list
              + (changes.size() > 50 ? "; ..." : "") + "."));
      return changes;
    } catch (Exception e) {
      checks.add(Check.notChecked(HEADER, "The stored original could not be read, so the changed attributes"
          + " cannot be listed: " + e.getMessage()));
      return null;
    }
  }
}
