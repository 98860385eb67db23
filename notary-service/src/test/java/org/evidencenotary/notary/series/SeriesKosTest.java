package org.evidencenotary.notary.series;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencenotary.notary.series.KosReading.read;
import static org.evidencenotary.notary.series.KosReading.tag;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
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
 * verifies ({@code dcmsign --verify}), and that fails verification after {@code dcmodify}. A
 * larger series has its document in parts: {@code .../kos} lists them, {@code .../kos/{n}.dcm}
 * sends each.
 */
@QuarkusTest
@TestProfile(QuietSeriesProfile.class)
class SeriesKosTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String VERIFIED = "Signature Verification      : OK";
  private static final int SLICES = 4;
  /** Enough 8x8 slices (44-character UIDs) for three parts or more. */
  private static final int PARTED_SLICES = 100;

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

    // One document is the one part of its list, and part 1 is that document.
    JsonNode index = JSON.readTree(given().get("/api/v1/series/" + root + "/kos").then().statusCode(200)
        .contentType("application/json").extract().asByteArray());
    assertThat(index.path("leafCount").asInt()).isEqualTo(SLICES);
    assertThat(index.path("parts")).hasSize(1);
    JsonNode only = index.path("parts").get(0);
    assertThat(only.path("number").asInt()).isEqualTo(1);
    assertThat(only.path("firstLeaf").asInt()).isZero();
    assertThat(only.path("lastLeaf").asInt()).isEqualTo(SLICES - 1);
    assertThat(only.path("instances").asInt()).isEqualTo(SLICES);
    assertThat(only.path("sopInstanceUid").asText()).isEqualTo(Attribute.getSingleStringValueOrEmptyString(list,
        tag(0x00080018)));
    assertThat(only.path("path").asText()).isEqualTo("/api/v1/series/" + root + "/kos/1.dcm");
    assertThat(given().get(only.path("path").asText()).then().statusCode(200).contentType("application/dicom")
        .extract().asByteArray()).isEqualTo(kos);

    // Swapping a referenced instance breaks the signature.
    Dcmtk.run("dcmodify", "-nb", "-m", "(0040,A375)[0].(0008,1115)[0].(0008,1199)[0].(0008,1155)=1.2.3.4.5.6.7",
        file.toString());
    Dcmtk.Result after = dcmsignVerify(file, roots);
    assertThat(after.output()).contains("signature is invalid (document corrupted)");
    assertThat(after.exitCode()).isNotZero();
  }

  /**
   * A series whose document would pass DCMTK's 16 KiB MAC buffer: kos.dcm says it is in parts and
   * where; the index lists them, leaf ranges one after the other; each part downloads, is kept,
   * and passes {@code dcmsign --verify +tr +cf roots.pem}.
   */
  @Test
  void a_series_too_long_for_one_document_comes_in_parts_that_dcmsign_verifies() throws Exception {
    String seriesUid = "1.2.826.0.1.3680043.10.1.99.9." + System.nanoTime();
    Path folder = Files.createDirectory(dir.resolve("ct-parts"));
    List<byte[]> sent = new java.util.ArrayList<>();
    for (int i = 1; i <= PARTED_SLICES; i++) {
      byte[] slice = DicomTestFiles.ct(900_000 + System.nanoTime() % 1000 * 1000 + i, 8, 8, 1, seriesUid, i);
      sent.add(slice);
      DicomTestFiles.write(folder, "slice-" + i + ".dcm", slice);
    }
    Dcmtk.Result stored = Dcmtk.exec("storescu", Map.of("TCP_NODELAY", "1"), "-aet", "CT01", "-aec", "NOTARY", "+sd",
        "127.0.0.1", Integer.toString(scp.port()), folder.toString());
    assertThat(stored.exitCode()).as(stored.output()).isZero();
    String first = dicom.bySopInstanceUid(DicomTestFiles.scan(sent.get(0)).header().value(0x00080018)).get(0).id();
    String root = awaitManifest(first, PARTED_SLICES);

    long started = System.nanoTime();
    JsonNode problem = JSON.readTree(given().get("/api/v1/series/" + root + "/kos.dcm").then().statusCode(409)
        .contentType("application/problem+json").extract().asByteArray());
    long signedAll = System.nanoTime() - started;
    assertThat(problem.path("type").asText()).isEqualTo("urn:evidence-notary:problem:series-kos-in-parts");
    int parts = problem.path("parts").asInt();
    assertThat(parts).isGreaterThan(1);
    assertThat(problem.path("partsIndex").asText()).isEqualTo("/api/v1/series/" + root + "/kos");
    assertThat(problem.path("detail").asText()).contains(parts + " parts").contains("/api/v1/series/" + root + "/kos");

    JsonNode index = JSON.readTree(given().get("/api/v1/series/" + root + "/kos").then().statusCode(200)
        .contentType("application/json").extract().asByteArray());
    assertThat(index.path("merkleRoot").asText()).isEqualTo(root);
    assertThat(index.path("leafCount").asInt()).isEqualTo(PARTED_SLICES);
    assertThat(index.path("parts")).hasSize(parts);
    Path roots = Files.writeString(dir.resolve("roots.pem"), given().get("/api/v1/trust/roots.pem").asString());
    int next = 0;
    java.util.Set<String> uids = new java.util.HashSet<>();
    for (JsonNode part : index.path("parts")) {
      int number = part.path("number").asInt();
      assertThat(part.path("firstLeaf").asInt()).as("part %d", number).isEqualTo(next);
      assertThat(part.path("instances").asInt())
          .isEqualTo(part.path("lastLeaf").asInt() - part.path("firstLeaf").asInt() + 1);
      assertThat(part.path("path").asText()).isEqualTo("/api/v1/series/" + root + "/kos/" + number + ".dcm");
      io.restassured.response.Response got = given().get(part.path("path").asText());
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(got.contentType()).isEqualTo("application/dicom");
      assertThat(got.header("SOP-Instance-UID")).isEqualTo(part.path("sopInstanceUid").asText());
      assertThat(got.header("Content-Disposition")).contains("-kos-" + number + "-of-" + parts + ".dcm");
      byte[] kos = got.asByteArray();
      Path file = Files.write(dir.resolve("kos-part-" + number + ".dcm"), kos);
      Dcmtk.Result verified = dcmsignVerify(file, roots);
      assertThat(verified.output()).as("part %d", number).contains(VERIFIED)
          .contains("Timestamp Verification      : OK").contains("1 signatures verified in dataset, 0 corrupted");
      assertThat(verified.exitCode()).as(verified.output()).isZero();
      AttributeList list = read(kos);
      assertThat(Attribute.getSingleStringValueOrEmptyString(list, tag(0x00080018)))
          .isEqualTo(part.path("sopInstanceUid").asText());
      String description = Attribute.getSingleStringValueOrEmptyString(
          ((SequenceAttribute) list.get(tag(0x0040A730))).getItem(0).getAttributeList(), tag(0x0040A160));
      assertThat(description).contains("Merkle root (RFC 9162, SHA-256): " + root)
          .contains("Part " + number + " of " + parts + ": leaves " + part.path("firstLeaf").asInt() + ".."
              + part.path("lastLeaf").asInt() + " of " + PARTED_SLICES);
      assertThat(given().get(part.path("path").asText()).then().statusCode(200).extract().asByteArray())
          .as("kept").isEqualTo(kos);
      uids.add(part.path("sopInstanceUid").asText());
      next = part.path("lastLeaf").asInt() + 1;
    }
    assertThat(next).isEqualTo(PARTED_SLICES);
    assertThat(uids).hasSize(parts);
    System.out.printf("KOS of %d instances sent with storescu: %d parts, signed on the first request in %d ms%n",
        PARTED_SLICES, parts, signedAll / 1_000_000);

    String base = "/api/v1/series/" + root + "/kos/";
    for (String missing : List.of("0", Integer.toString(parts + 1), "99999999999")) {
      given().get(base + missing + ".dcm").then().statusCode(404).contentType("application/problem+json")
          .body("type", equalTo("urn:evidence-notary:problem:not-found"));
    }
    for (String malformed : List.of("one", "-1", "1.5", "%201")) {
      given().urlEncodingEnabled(false).get(base + malformed + ".dcm").then().statusCode(400)
          .contentType("application/problem+json").body("type", equalTo("urn:evidence-notary:problem:bad-request"));
    }
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
    for (String path : List.of("/kos", "/kos/1.dcm")) {
      given().get("/api/v1/series/" + "cd".repeat(32) + path).then().statusCode(404)
          .contentType("application/problem+json").body("type", equalTo("urn:evidence-notary:problem:not-found"));
      given().get("/api/v1/series/XYZ" + path).then().statusCode(400).contentType("application/problem+json");
    }
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



  private static String awaitManifest(String id, int members) throws Exception {
    return Memberships.await(id, n -> n.path("leafCount").asInt() == members, members + " instances")
        .path("merkleRoot").asText();
  }

}
