package org.evidencenotary.notary.series;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.evidencenotary.format.Check;
import org.evidencenotary.format.Verdict;
import org.evidencenotary.notary.dicom.Dcmtk;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.dimse.StorageScp;
import org.evidencenotary.notary.evidence.DicomService;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.testing.DeviceTls;
import org.evidencenotary.verifier.MerkleTree;
import org.evidencenotary.verifier.OfflineVerifier;
import org.evidencenotary.verifier.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Series manifests end to end: a series sent with DCMTK's storescu is anchored as one Merkle root
 * once quiet, each slice proves its membership online and offline, and a slice added later makes
 * a new manifest version that the first one does not contain.
 */
@QuarkusTest
@TestProfile(QuietSeriesProfile.class)
class SeriesManifestTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Map<String, String> NO_DELAY = Map.of("TCP_NODELAY", "1");

  @Inject StorageScp scp;
  @Inject DicomService dicom;
  @TempDir Path dir;

  @Test
  void storescu_series_of_200_slices_is_anchored_as_one_manifest_and_each_slice_proves_membership()
      throws Exception {
    String seriesUid = "1.2.826.0.1.3680043.10.1.99.7." + System.nanoTime();
    sendSeries("CT01", seriesUid, 200, 9_000, 24);

    EvidenceRecord slice = recordOf(DicomTestFiles.ct(9_017, 24, 24, 1, seriesUid, 17));
    JsonNode membership = awaitMembership(slice.id(), 1);
    assertThat(membership.path("leafCount").asLong()).isEqualTo(200);

    // The manifest lists all 200 instances; its root rebuilds from their digests.
    JsonNode manifest = JSON.readTree(given().get("/api/v1/series/" + membership.path("merkleRoot").asText())
        .then().statusCode(200).extract().asByteArray());
    assertThat(manifest.path("members")).hasSize(200);
    assertThat(manifest.path("status").asText()).isEqualTo("ANCHORED");
    List<byte[]> leaves = new java.util.ArrayList<>();
    manifest.path("members").forEach(m -> leaves.add(HexFormat.of().parseHex(m.path("sha256").asText())));
    assertThat(HexFormat.of().formatHex(MerkleTree.of(leaves).root())).isEqualTo(manifest.path("merkleRoot").asText());

    // Online: the service's verify names the membership.
    byte[] original = given().get("/api/v1/evidence/" + slice.id() + "/original").then().statusCode(200)
        .extract().asByteArray();
    Response verified = given().contentType("application/octet-stream").body(original).post("/api/v1/verify");
    assertThat(verified.jsonPath().getString("verdict")).as(verified.asString()).isEqualTo("AUTHENTIC");
    assertThat(verified.jsonPath().getList("checks.name", String.class)).contains(
        org.evidencenotary.verifier.ProofChecks.SERIES);

    // Offline: the proof bundle alone proves it, and a doctored inclusion path is caught.
    byte[] proof = given().get("/api/v1/evidence/" + slice.id() + "/proof").then().statusCode(200)
        .extract().asByteArray();
    OfflineVerifier offline = new OfflineVerifier(roots());
    String sha = slice.sha256();
    Report report = offline.verify(sha, original.length, proof);
    assertThat(report.outcome()).as(report.toString()).isEqualTo(Verdict.AUTHENTIC);
    assertThat(report.checks()).filteredOn(c -> c.name().equals(org.evidencenotary.verifier.ProofChecks.SERIES))
        .singleElement().satisfies(c -> {
          assertThat(c.result()).isEqualTo(Check.Result.PASSED);
          assertThat(c.detail()).contains("of 200");
        });

    ObjectNode doctored = (ObjectNode) JSON.readTree(proof);
    ArrayNode path = (ArrayNode) doctored.path("series").path("inclusionPath");
    path.set(0, JSON.getNodeFactory().textNode("00".repeat(32)));
    Report forged = offline.verify(sha, original.length, JSON.writeValueAsBytes(doctored));
    assertThat(forged.outcome()).isEqualTo(Verdict.UNVERIFIABLE);
    assertThat(forged.checks()).filteredOn(c -> c.name().equals(org.evidencenotary.verifier.ProofChecks.SERIES))
        .singleElement().satisfies(c -> assertThat(c.detail()).contains("not in that manifest"));
  }

  /**
   * The fullest certificate there is (a DICOM instance signed by its device, in an anchored series,
   * with the most checks) still fits on three A4 pages (left in target/certificate-samples for a
   * look), and names the modality, the device and the series, but no patient data.
   */
  @Test
  void a_device_signed_series_instance_gets_a_certificate_naming_device_and_series() throws Exception {
    String device = org.evidencenotary.notary.testing.Fixtures.enrol(
        "{\"kind\":\"DEVICE\",\"name\":\"CT room 9\",\"aeTitle\":\"CTCERT\"}").getString("id");
    // A device signs only over DICOM TLS with its registered client certificate (issue 15).
    DeviceTls tls = DeviceTls.issue(device, dir);
    String seriesUid = "1.2.826.0.1.3680043.10.1.99.9." + System.nanoTime();
    sendSeries(tls.dcmtkArgs(), scp.tlsPort(), "CTCERT", seriesUid, 3, 9_500, 24);
    EvidenceRecord slice = recordOf(DicomTestFiles.ct(9_502, 24, 24, 1, seriesUid, 2));
    assertThat(slice.acquisitionSignature()).as("signed by the device enrolled for CTCERT").isNotNull();
    awaitMembership(slice.id(), 1);

    byte[] pdf = given().get("/api/v1/evidence/" + slice.id() + "/certificate.pdf").then().statusCode(200)
        .extract().asByteArray();
    java.nio.file.Path samples = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "certificate-samples"));
    java.nio.file.Files.write(samples.resolve("dicom-device-signed-series.pdf"), pdf);

    try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
      String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("\\s+", " ");
      // Three pages, not two, since the checks are printed legibly; the signer by name, not as
      // "CN=CT room 9".
      assertThat(document.getNumberOfPages()).as("one to three A4 pages").isBetween(1, 3);
      assertThat(text).contains("DICOM instance (no patient data)").contains("CT, CT Image Storage")
          .contains("Acquired by CT room 9").doesNotContain("CN=").contains("of 3 in version 1 of the series manifest")
          .contains("PASSED Series membership").contains("PASSED Acquisition signature");
      String patientName = DicomTestFiles.scan(DicomTestFiles.ct(9_502, 24, 24, 1, seriesUid, 2)).header()
          .value(0x00100010);
      assertThat(patientName).as("the test instance carries a patient name").isNotBlank();
      assertThat(text).doesNotContain(patientName.strip());
    }
  }

  @Test
  void a_slice_added_after_the_manifest_makes_a_new_version_the_first_does_not_contain() throws Exception {
    String seriesUid = "1.2.826.0.1.3680043.10.1.99.8." + System.nanoTime();
    sendSeries("MR01", seriesUid, 5, 8_000, 16);
    EvidenceRecord early = recordOf(DicomTestFiles.ct(8_001, 16, 16, 1, seriesUid, 1));
    String firstRoot = awaitMembership(early.id(), 1).path("merkleRoot").asText();

    Path late = DicomTestFiles.write(dir, "late.dcm", DicomTestFiles.ct(8_006, 16, 16, 1, seriesUid, 6));
    Dcmtk.Result added = Dcmtk.exec("storescu", NO_DELAY, "-aet", "MR01", "-aec", "NOTARY", "127.0.0.1",
        Integer.toString(scp.port()), late.toString());
    assertThat(added.exitCode()).as(added.output()).isZero();
    EvidenceRecord lateRecord = recordOf(DicomTestFiles.ct(8_006, 16, 16, 1, seriesUid, 6));

    JsonNode lateMembership = awaitMembership(lateRecord.id(), 2);
    assertThat(lateMembership.path("leafCount").asLong()).isEqualTo(6);
    assertThat(lateMembership.path("supersedes").asText()).isEqualTo(firstRoot);
    JsonNode firstManifest = JSON.readTree(given().get("/api/v1/series/" + firstRoot).then().statusCode(200)
        .extract().asByteArray());
    assertThat(firstManifest.path("members")).hasSize(5);
    assertThat(firstManifest.path("members").findValuesAsText("sha256")).doesNotContain(lateRecord.sha256());
    // The early slice now proves membership of the newest version, which still contains it.
    assertThat(awaitMembership(early.id(), 2).path("leafCount").asLong()).isEqualTo(6);

    // Offline, the first manifest names the added slice and a removed one.
    Path manifestFile = Files.write(dir.resolve("manifest-v1.json"), JSON.writeValueAsBytes(firstManifest));
    Path originals = Files.createDirectory(dir.resolve("originals"));
    for (JsonNode m : firstManifest.path("members")) {
      Files.write(originals.resolve(m.path("evidenceId").asText() + ".dcm"),
          given().get("/api/v1/evidence/" + m.path("evidenceId").asText() + "/original").then().statusCode(200)
              .extract().asByteArray());
    }
    assertThat(cli("--series", originals.toString(), manifestFile.toString())).startsWith("0:")
        .contains("VERDICT: AUTHENTIC");
    Files.write(originals.resolve("late.dcm"), given().get("/api/v1/evidence/" + lateRecord.id() + "/original")
        .then().statusCode(200).extract().asByteArray());
    Files.delete(originals.resolve(early.id() + ".dcm"));
    assertThat(cli("--series", originals.toString(), manifestFile.toString())).startsWith("1:")
        .contains("VERDICT: MODIFIED").contains("1 missing, 1 added").contains("evidence " + early.id())
        .contains("late.dcm");
  }

  private static String cli(String... args) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream print = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
    int exit = org.evidencenotary.verifier.VerifierCli.run(args, print, print);
    return exit + ":" + out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Writes {@code count} square slices of {@code size} pixels of one series (instance numbers from
   * {@code firstInstance + 1}) and sends them in one association from {@code aeTitle}.
   */
  private void sendSeries(String aeTitle, String seriesUid, int count, int firstInstance, int size) throws Exception {
    sendSeries(List.of(), scp.port(), aeTitle, seriesUid, count, firstInstance, size);
  }

  /** As above, to {@code port}, with storescu's {@code transport} arguments first (TLS, say). */
  private void sendSeries(List<String> transport, int port, String aeTitle, String seriesUid, int count,
      int firstInstance, int size) throws Exception {
    Path folder = Files.createDirectory(dir.resolve(aeTitle + "-" + seriesUid));
    for (int i = 1; i <= count; i++) {
      DicomTestFiles.write(folder, "slice-" + i + ".dcm",
          DicomTestFiles.ct(firstInstance + i, size, size, 1, seriesUid, i));
    }
    List<String> args = new java.util.ArrayList<>(transport);
    args.addAll(List.of("-aet", aeTitle, "-aec", "NOTARY", "+sd", "127.0.0.1", Integer.toString(port),
        folder.toString()));
    Dcmtk.Result sent = Dcmtk.exec("storescu", NO_DELAY, args.toArray(new String[0]));
    assertThat(sent.exitCode()).as(sent.output()).isZero();
  }

  @Test
  void unknown_or_malformed_manifest_roots_are_problems() {
    given().get("/api/v1/series/" + "ab".repeat(32)).then().statusCode(404).contentType("application/problem+json");
    given().get("/api/v1/series/not-a-root").then().statusCode(400).contentType("application/problem+json");
  }

  private EvidenceRecord recordOf(byte[] sent) {
    String sop = DicomTestFiles.scan(sent).header().value(0x00080018);
    List<EvidenceRecord> records = dicom.bySopInstanceUid(sop);
    assertThat(records).as("notarized instance %s", sop).isNotEmpty();
    return records.get(0);
  }

  private static JsonNode awaitMembership(String id, int version) throws Exception {
    return Memberships.await(id, n -> n.path("version").asInt() >= version, "version " + version);
  }

  private static List<X509Certificate> roots() throws Exception {
    byte[] pem = given().get("/api/v1/trust/roots.pem").then().statusCode(200).extract().asByteArray();
    return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).stream()
        .map(c -> (X509Certificate) c).toList();
  }
}
