package org.evidencenotary.notary.series;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.evidencenotary.notary.dicom.PixelDataMac;

/**
 * The Key Object Selection Document (PS3.3 A.35.4) of an anchored series manifest, unsigned: a
 * DICOM Part 10 file, explicit VR little endian, listing every instance of the manifest.
 *
 * <ul>
 *   <li>Document Title (113031, DCM, "Signed Manifest") from CID 7010, template TID 2010.
 *   <li>Current Requested Procedure Evidence Sequence (0040,A375): each instance's study, series,
 *       SOP Class and SOP Instance UIDs; in each Referenced SOP Sequence item, a Referenced SOP
 *       Instance MAC Sequence (0400,0403) whose MAC (0400,0404) is the {@link PixelDataMac} of the
 *       instance's Pixel Data (Data Elements Signed = (7FE0,0010), MAC Algorithm SHA256); absent
 *       for an instance without a MAC (no Pixel Data, or big endian).
 *   <li>Content tree: the root CONTAINER, one TEXT (113012, DCM, "Key Object Description") with
 *       the manifest (version, Merkle root, what it supersedes, where it is anchored) and every
 *       instance's SOP Instance UID with its file SHA-256, then one IMAGE item per instance (a
 *       COMPOSITE item for an instance without Pixel Data), in the manifest's leaf order.
 *   <li>Patient Module and the General Study Module's type 2 attributes present and empty (zero
 *       length): the notary does not hold the patient's name, id or birth date and does not put
 *       them into documents it makes.
 * </ul>
 *
 * <p>A manifest too long for one document that DCMTK can verify is written in parts ({@link
 * KeyObjectParts}): each part is such a document for a run of consecutive leaves, with its own
 * SOP Instance UID, in the same KOS series and study; its evidence sequence and content items list
 * only its instances, and its description says which part of how many it is, which leaves it
 * holds, and how the parts make up the manifest.
 *
 * <p>The same manifest always gives the same bytes: the UIDs are name-based (from the Merkle root
 * and the series hash) and the dates are the manifest's anchoring time. The signature is added
 * afterwards by {@link org.evidencenotary.notary.dicom.DicomSignatureWriter}.
 */
public final class KeyObjectDocument {
  /** Key Object Selection Document Storage. */
  public static final String SOP_CLASS_UID = "1.2.840.10008.5.1.4.1.1.88.59";
  /** The notary's Implementation Class UID (PS3.7 D.3.3.2), a UUID-derived UID. */
  public static final String IMPLEMENTATION_CLASS_UID = "2.25.191774335691527057397513924952897440106";
  /** The Series Number of every KOS the notary writes. */
  public static final String SERIES_NUMBER = "9901";

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HHmmss.SSSSSS").withZone(ZoneOffset.UTC);

  private KeyObjectDocument() {}

  /**
   * One referenced instance, from the hospital's record of it.
   *
   * @param sopClassUid its SOP Class UID
   * @param sopInstanceUid its SOP Instance UID
   * @param studyInstanceUid its Study Instance UID
   * @param seriesInstanceUid its Series Instance UID
   * @param fileSha256 the SHA-256 of its file as notarized (hex), a leaf of the manifest
   * @param image whether it holds Pixel Data (an IMAGE content item; COMPOSITE otherwise)
   * @param pixelMac the MAC of its Pixel Data, or {@code null}
   */
  public record Instance(String sopClassUid, String sopInstanceUid, String studyInstanceUid,
      String seriesInstanceUid, String fileSha256, boolean image, PixelDataMac.Result pixelMac) {
    public Instance {
      Objects.requireNonNull(sopClassUid, "sopClassUid");
      Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
      Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
      Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
      Objects.requireNonNull(fileSha256, "fileSha256");
    }
  }

  /**
   * Where one document stands among the documents of its manifest version, when the version is
   * written as several ({@link KeyObjectParts}): part {@code number} of {@code of}, listing the
   * leaves {@code firstLeaf} to {@code lastLeaf} (leaf indexes from 0, both included).
   *
   * @param number 1 to {@code of}
   * @param of how many parts the version has
   * @param firstLeaf the leaf index of its first instance
   * @param lastLeaf the leaf index of its last instance
   * @param sopInstanceUid its SOP Instance UID
   */
  public record Part(int number, int of, int firstLeaf, int lastLeaf, String sopInstanceUid) {
    public Part {
      if (of < 1 || number < 1 || number > of || firstLeaf < 0 || lastLeaf < firstLeaf) {
        throw new IllegalArgumentException("not a part: " + number + " of " + of + ", leaves " + firstLeaf + ".."
            + lastLeaf);
      }
      Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
    }

    /** How many instances it lists. */
    public int instances() {
      return lastLeaf - firstLeaf + 1;
    }
  }

  /** The KOS's SOP Instance UID: name-based on the manifest's Merkle root. */
  public static String sopInstanceUid(SeriesManifest manifest) {
    return uuidUid("evidence-notary:kos:" + manifest.merkleRoot());
  }

  /**
   * The one part of a manifest written as a single document: all its leaves, with {@link
   * #sopInstanceUid(SeriesManifest)}.
   */
  static Part whole(SeriesManifest manifest) {
    return new Part(1, 1, 0, manifest.members().size() - 1, sopInstanceUid(manifest));
  }

  /**
   * Part {@code number} of {@code of} of a manifest written as several documents. Its SOP Instance
   * UID is name-based on the Merkle root, the part number and count and the leaf range, so the same
   * part always gets the same UID, and a part with other content (were the rule that splits a
   * manifest ever changed) never gets the UID of one already sent.
   */
  static Part part(SeriesManifest manifest, int number, int of, int firstLeaf, int lastLeaf) {
    if (of == 1) {
      throw new IllegalArgumentException("a manifest in one part is written whole");
    }
    return new Part(number, of, firstLeaf, lastLeaf, uuidUid("evidence-notary:kos:" + manifest.merkleRoot()
        + ":part:" + number + "-of-" + of + ":leaves:" + firstLeaf + "-" + lastLeaf));
  }

  /**
   * Writes the document.
   *
   * @param manifest an anchored manifest
   * @param instances its members' instances, in the manifest's leaf order
   * @throws IllegalArgumentException when the manifest is not anchored or the instances are not its
   *     members in leaf order
   */
  public static byte[] build(SeriesManifest manifest, List<Instance> instances) {
    check(manifest, instances);
    return document(manifest, instances, null);
  }

  /**
   * Writes one part: the document of the instances of {@code part}'s leaf range. Part 1 of 1 is
   * {@link #build}'s document, byte for byte.
   *
   * @param instances all the manifest's instances, in leaf order
   * @throws IllegalArgumentException as {@link #build} does, and when the part's leaves are not
   *     the manifest's
   */
  static byte[] build(SeriesManifest manifest, List<Instance> instances, Part part) {
    check(manifest, instances);
    return buildChecked(manifest, instances, part);
  }

  /** {@link #build(SeriesManifest, List, Part)} for instances {@link #check} has passed. */
  static byte[] buildChecked(SeriesManifest manifest, List<Instance> instances, Part part) {
    if (part.lastLeaf() >= instances.size()) {
      throw new IllegalArgumentException("part " + part.number() + " ends at leaf " + part.lastLeaf()
          + ", the manifest has " + instances.size() + " leaves");
    }
    if (part.of() == 1) {
      if (part.firstLeaf() != 0 || part.lastLeaf() != instances.size() - 1) {
        throw new IllegalArgumentException("a manifest in one part is written whole");
      }
      return document(manifest, instances, null);
    }
    return document(manifest, instances, part);
  }

  /** Refuses a manifest that is not anchored, and instances that are not its members in leaf order. */
  static void check(SeriesManifest manifest, List<Instance> instances) {
    if (manifest.status() != SeriesManifest.Status.ANCHORED || manifest.anchor() == null) {
      throw new IllegalArgumentException("only an anchored manifest gets a Key Object Selection Document");
    }
    if (instances.size() != manifest.members().size()) {
      throw new IllegalArgumentException("the manifest has " + manifest.members().size() + " members, "
          + instances.size() + " instances were given");
    }
    for (int i = 0; i < instances.size(); i++) {
      if (!instances.get(i).fileSha256().equals(manifest.members().get(i).sha256())) {
        throw new IllegalArgumentException("instance " + i + " has SHA-256 " + instances.get(i).fileSha256()
            + ", the manifest's leaf " + i + " is " + manifest.members().get(i).sha256());
      }
    }
  }

  /** The document of the whole manifest ({@code part} null) or of one part of several. */
  private static byte[] document(SeriesManifest manifest, List<Instance> all, Part part) {
    List<Instance> instances = part == null ? all : all.subList(part.firstLeaf(), part.lastLeaf() + 1);
    Instant anchored = Instant.parse(manifest.anchor().timestamp());
    String sopInstanceUid = part == null ? sopInstanceUid(manifest) : part.sopInstanceUid();
    // Every part is in the one KOS series, so in one study: the first leaf's.
    String studyUid = all.get(0).studyInstanceUid();

    DataSet ds = new DataSet()
        // SOP Common
        .text(0x00080016, "UI", SOP_CLASS_UID)
        .text(0x00080018, "UI", sopInstanceUid)
        .text(0x00080201, "SH", "+0000")
        // General Study: type 2 attributes present and empty
        .text(0x00080020, "DA", null)
        .text(0x00080030, "TM", null)
        .text(0x00080050, "SH", null)
        .text(0x00080090, "PN", null)
        .text(0x0020000D, "UI", studyUid)
        .text(0x00200010, "SH", null)
        // Patient: type 2, present and empty
        .text(0x00100010, "PN", null)
        .text(0x00100020, "LO", null)
        .text(0x00100030, "DA", null)
        .text(0x00100040, "CS", null)
        // Key Object Document Series
        .text(0x00080060, "CS", "KO")
        .text(0x0020000E, "UI", uuidUid("evidence-notary:kos-series:" + manifest.seriesInstanceUidHash()))
        .text(0x00200011, "IS", SERIES_NUMBER)
        .sequence(0x00081111, List.of())
        // General Equipment
        .text(0x00080070, "LO", "Evidence Notary")
        // Key Object Document
        .text(0x00200013, "IS", Integer.toString(manifest.version()))
        .text(0x00080023, "DA", DATE.format(anchored))
        .text(0x00080033, "TM", TIME.format(anchored))
        .sequence(0x0040A375, evidence(instances))
        // SR Document Content: the root container and its content tree (TID 2010)
        .text(0x0040A040, "CS", "CONTAINER")
        .sequence(0x0040A043, code("113031", "DCM", "Signed Manifest"))
        .text(0x0040A050, "CS", "SEPARATE")
        .sequence(0x0040A504, new DataSet().text(0x00080105, "CS", "DCMR").text(0x0040DB00, "CS", "2010"))
        .sequence(0x0040A730, content(manifest, instances, part == null ? null : partLines(part, all.size())));
    return ds.part10(SOP_CLASS_UID, sopInstanceUid, IMPLEMENTATION_CLASS_UID, "EVNOTARY");
  }

  /**
   * What a part says of its place, for a reader who must tie it to the anchored root: which part,
   * which leaves, and how the parts make up the manifest.
   */
  private static String partLines(Part part, int leaves) {
    return "Part " + part.number() + " of " + part.of() + ": leaves " + part.firstLeaf() + ".." + part.lastLeaf()
        + " of " + leaves + " (leaf indexes from 0, as in inclusion proofs)\r\n"
        + "The " + part.of() + " parts of this version share this Merkle root and list its " + leaves
        + " leaves between them, each once, in leaf order: part 1 from leaf 0, each next part from the leaf"
        + " after the last of the one before, part " + part.of() + " to leaf " + (leaves - 1) + ". The root"
        + " rebuilt from the SHA-256 lines of parts 1 to " + part.of() + ", in that order, is the anchored"
        + " root.\r\n";
  }

  /** The Key Object Description: the manifest in lines of text. */
  static String description(SeriesManifest manifest, List<Instance> instances) {
    return description(manifest, instances, null);
  }

  /** The description, with the lines of a part ({@code partLines}, or null for a whole manifest). */
  private static String description(SeriesManifest manifest, List<Instance> instances, String partLines) {
    StringBuilder text = new StringBuilder();
    text.append("Evidence notary series manifest (").append(manifest.format()).append(")\r\n");
    text.append("Version: ").append(manifest.version()).append("\r\n");
    text.append("Merkle root (RFC 9162, SHA-256): ").append(manifest.merkleRoot()).append("\r\n");
    text.append("Leaf order: ").append(manifest.leafOrder()).append("\r\n");
    text.append("Supersedes: ").append(manifest.supersedes() == null ? "none" : manifest.supersedes())
        .append("\r\n");
    text.append("Anchored: ").append(manifest.anchor().ledger()).append(" ledger ").append(manifest.anchor().ledgerId())
        .append(", block ").append(manifest.anchor().blockNumber()).append(", transaction ")
        .append(manifest.anchor().transactionId()).append(", at ").append(manifest.anchor().timestamp())
        .append("\r\n");
    if (partLines != null) {
      text.append(partLines);
    }
    text.append("Instances: ").append(instances.size())
        .append(" (SOP Instance UID, SHA-256 of the file as notarized), in leaf order:\r\n");
    for (Instance i : instances) {
      text.append(i.sopInstanceUid()).append(' ').append(i.fileSha256()).append("\r\n");
    }
    return text.toString();
  }

  private static List<DataSet> evidence(List<Instance> instances) {
    // Study, then series, in order of first appearance.
    Map<String, Map<String, List<Instance>>> tree = new LinkedHashMap<>();
    for (Instance i : instances) {
      tree.computeIfAbsent(i.studyInstanceUid(), k -> new LinkedHashMap<>())
          .computeIfAbsent(i.seriesInstanceUid(), k -> new ArrayList<>()).add(i);
    }
    List<DataSet> studies = new ArrayList<>();
    tree.forEach((study, seriesMap) -> {
      List<DataSet> series = new ArrayList<>();
      seriesMap.forEach((seriesUid, members) -> series.add(new DataSet()
          .text(0x0020000E, "UI", seriesUid)
          .sequence(0x00081199, members.stream().map(KeyObjectDocument::referencedSop).toList())));
      studies.add(new DataSet().text(0x0020000D, "UI", study).sequence(0x00081115, series));
    });
    return studies;
  }

  private static DataSet referencedSop(Instance i) {
    DataSet item = new DataSet().text(0x00081150, "UI", i.sopClassUid()).text(0x00081155, "UI", i.sopInstanceUid());
    if (i.pixelMac() != null) {
      item.sequence(0x04000403, new DataSet()
          .text(0x04000010, "UI", i.pixelMac().transferSyntax())
          .text(0x04000015, "CS", PixelDataMac.ALGORITHM)
          .tags(0x04000020, PixelDataMac.PIXEL_DATA)
          .bytes(0x04000404, "OB", i.pixelMac().mac()));
    }
    return item;
  }

  private static List<DataSet> content(SeriesManifest manifest, List<Instance> instances, String partLines) {
    List<DataSet> items = new ArrayList<>();
    items.add(new DataSet()
        .text(0x0040A010, "CS", "CONTAINS")
        .text(0x0040A040, "CS", "TEXT")
        .sequence(0x0040A043, code("113012", "DCM", "Key Object Description"))
        .text(0x0040A160, "UT", description(manifest, instances, partLines)));
    for (Instance i : instances) {
      items.add(new DataSet()
          .text(0x0040A010, "CS", "CONTAINS")
          .text(0x0040A040, "CS", i.image() ? "IMAGE" : "COMPOSITE")
          .sequence(0x00081199, new DataSet().text(0x00081150, "UI", i.sopClassUid())
              .text(0x00081155, "UI", i.sopInstanceUid())));
    }
    return items;
  }

  private static DataSet code(String value, String scheme, String meaning) {
    return new DataSet().text(0x00080100, "SH", value).text(0x00080102, "SH", scheme).text(0x00080104, "LO", meaning);
  }

  /** A UUID-derived UID (PS3.5 B.2) from a name-based UUID, so the same name gives the same UID. */
  private static String uuidUid(String name) {
    UUID uuid = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.US_ASCII));
    byte[] b = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
        .array();
    return "2.25." + new BigInteger(1, b);
  }
}
