package org.evidencenotary.notary.series;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SequenceAttribute;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.evidencenotary.notary.dicom.Dcmtk;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.dicom.PixelDataMac;
import org.evidencenotary.notary.dimse.StorageScp;
import org.evidencenotary.notary.evidence.DicomService;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/series/{merkleRoot}/kos.dcm}: a series sent with storescu, once its manifest
 * is anchored, has a signed Key Object Selection Document that DCMTK reads ({@code dcmdump}) and
 * verifies ({@code dcmsign --verify}), and that fails verification after {@code dcmodify}.
 */
@QuarkusTest
@TestProfile(QuietSeriesProfile.class)
class SeriesKosTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String VERIFIED = "Signature Verification      : OK";
  private static final int SLICES = 4;

  @Inject StorageScp scp;
  @Inject DicomService dicom;
  @Inject SeriesKeyObjects documents;
  @TempDir Path dir;

  @Test
  void an_anchored_series_has_a_signed_kos_that_dcmsign_verifies_and_rejects_after_dcmodify() throws Exception {
    String seriesUid = "1.2.826.0.1.3680043.10.1.99.9." + System.nanoTime();
    Path folder = Files.createDirectory(dir.resolve("ct"));
    List<byte[]> sent = new java.util.ArrayList<>();
    for (int i = 1; i <= SLICES; i++) {
      byte[] slice = DicomTestFiles.ct(7_000 + System.nanoTime() % 1000 * 10 + i, 16, 16, 1, seriesUid, i);
      sent.add(slice);
      DicomTestFiles.write(folder, "slice-" + i + ".dcm", slice);
    }
    Dcmtk.Result stored = Dcmtk.exec("storescu", Map.of("TCP_NODELAY", "1"), "-aet", "CT01", "-aec", "NOTARY", "+sd",
        "127.0.0.1", Integer.toString(scp.port()), folder.toString());
    assertThat(stored.exitCode()).as(stored.output()).isZero();
    Map<String, EvidenceRecord> records = new HashMap<>();
    for (byte[] slice : sent) {
      EvidenceRecord r = dicom.bySopInstanceUid(DicomTestFiles.scan(slice).header().value(0x00080018)).get(0);
      records.put(r.dicom().sopInstanceUid(), r);
    }
    String root = awaitManifest(records.values().iterator().next().id(), SLICES);

    byte[] kos = given().get("/api/v1/series/" + root + "/kos.dcm").then().statusCode(200)
        .contentType("application/dicom").extract().asByteArray();
    Path file = Files.write(dir.resolve("kos.dcm"), kos);

    // dcmdump: a KOS with one MAC item per instance and no patient data.
    String dump = Dcmtk.run("dcmdump", "+L", file.toString());
    assertThat(dump).contains("(0008,0016) UI =KeyObjectSelectionDocumentStorage")
        .contains("(0008,0060) CS [KO]").contains("(0008,0104) LO [Signed Manifest]")
        .contains("(0010,0010) PN (no value available)").contains("(0010,0020) LO (no value available)")
        .contains("(0010,0030) DA (no value available)").contains("(fffa,fffa) SQ");
    assertThat(count(dump, "(0400,0403) SQ")).isEqualTo(SLICES);
    assertThat(count(dump, "(0400,0404) OB")).isEqualTo(SLICES);
    assertThat(count(dump, "(0400,0020) AT (7fe0,0010)")).isEqualTo(SLICES);
    assertThat(count(dump, "(0040,a040) CS [IMAGE]")).isEqualTo(SLICES);
    assertThat(new String(kos, StandardCharsets.ISO_8859_1)).doesNotContain("TEST^PHANTOM").doesNotContain("PID-0001");

    // Each MAC is the Pixel Data MAC of the instance as notarized; each file digest is in the text.
    AttributeList list = read(kos);
    SequenceAttribute sops = (SequenceAttribute) SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(
        SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(list, tag(0x0040A375)), tag(0x00081115))
        .get(tag(0x00081199));
    assertThat(sops.getNumberOfItems()).isEqualTo(SLICES);
    for (int i = 0; i < SLICES; i++) {
      AttributeList sop = sops.getItem(i).getAttributeList();
      EvidenceRecord record = records.get(Attribute.getSingleStringValueOrEmptyString(sop, tag(0x00081155)));
      assertThat(record).isNotNull();
      byte[] original = given().get("/api/v1/evidence/" + record.id() + "/original").then().statusCode(200)
          .extract().asByteArray();
      AttributeList mac = SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(sop, tag(0x04000403));
      assertThat(mac.get(tag(0x04000404)).getByteValues())
          .isEqualTo(PixelDataMac.of(new ByteArrayInputStream(original)).mac());
    }
    String description = Attribute.getSingleStringValueOrEmptyString(
        ((SequenceAttribute) list.get(tag(0x0040A730))).getItem(0).getAttributeList(), tag(0x0040A160));
    assertThat(description).contains("Merkle root (RFC 9162, SHA-256): " + root).contains("Version: 1");
    records.values().forEach(r -> assertThat(description).contains(r.dicom().sopInstanceUid() + " " + r.sha256()));

    // dcmsign: the notary's signature with a certified time-stamp, chained to the hospital root.
    Path roots = Files.writeString(dir.resolve("roots.pem"), given().get("/api/v1/trust/roots.pem").asString());
    Dcmtk.Result verified = dcmsignVerify(file, roots);
    assertThat(verified.output()).contains(VERIFIED).contains("Author's Signature")
        .contains("Timestamp Verification      : OK").contains("1 signatures verified in dataset, 0 corrupted");
    assertThat(verified.exitCode()).as(verified.output()).isZero();

    // Kept: the next request gets the same signed file.
    assertThat(given().get("/api/v1/series/" + root + "/kos.dcm").then().statusCode(200).extract().asByteArray())
        .isEqualTo(kos);

    // Swapping a referenced instance breaks the signature.
    Dcmtk.run("dcmodify", "-nb", "-m", "(0040,A375)[0].(0008,1115)[0].(0008,1199)[0].(0008,1155)=1.2.3.4.5.6.7",
        file.toString());
    Dcmtk.Result after = dcmsignVerify(file, roots);
    assertThat(after.output()).contains("signature is invalid (document corrupted)");
    assertThat(after.exitCode()).isNotZero();
  }

  @Test
  void a_manifest_not_yet_anchored_has_no_kos() {
    SeriesManifest pending = new SeriesManifest(SeriesManifest.FORMAT, "ab".repeat(32), null, "CT", 1,
        "2026-11-25T10:00:00Z", SeriesManifest.LEAF_ORDER, List.of(new SeriesManifest.Member("e1", "00".repeat(32))),
        "00".repeat(32), null, SeriesManifest.Status.PENDING, null, null);

    assertThatThrownBy(() -> documents.signed(pending)).isInstanceOf(SeriesKosRefusedException.class)
        .hasMessageContaining("not anchored yet")
        .satisfies(e -> assertThat(((SeriesKosRefusedException) e).kind()).isEqualTo("not-yet-anchored"));
  }

  @Test
  void unknown_or_malformed_roots_are_problems() {
    given().get("/api/v1/series/" + "cd".repeat(32) + "/kos.dcm").then().statusCode(404)
        .contentType("application/problem+json").body("type", equalTo("urn:evidence-notary:problem:not-found"));
    given().get("/api/v1/series/XYZ/kos.dcm").then().statusCode(400).contentType("application/problem+json");
  }

  private static Dcmtk.Result dcmsignVerify(Path file, Path roots) throws Exception {
    return Dcmtk.exec("dcmsign", Map.of(), "--verify", "-v", "+tr", "+cf", roots.toString(), file.toString());
  }

  private static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static AttributeTag tag(int tag) {
    return new AttributeTag(tag >>> 16, tag & 0xFFFF);
  }

  private static AttributeList read(byte[] bytes) throws Exception {
    AttributeList list = new AttributeList();
    try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(bytes))) {
      list.read(in);
    }
    return list;
  }

  private static String awaitManifest(String id, int members) throws Exception {
    return Memberships.await(id, n -> n.path("leafCount").asInt() == members, members + " instances")
        .path("merkleRoot").asText();
  }

}
