package org.evidencenotary.notary.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceRepository;
import org.evidencenotary.storage.EvidenceStore;
import org.evidencenotary.storage.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage SCP driven by DCMTK's real echoscu and storescu, on a random loopback port. */
@QuarkusTest
class StorageScpTest {
  private static final String SERIES = "1.2.826.0.1.3680043.10.1.99.3.1";
  private static final Map<String, String> NO_DELAY = Map.of("TCP_NODELAY", "1");

  @Inject StorageScp scp;
  @Inject org.evidencenotary.notary.config.NotaryConfig config;
  @Inject EvidenceRepository repository;
  @Inject EvidenceStore store;
  @Inject DicomService dicom;
  @TempDir Path dir;

  private String port() {
    assertThat(scp.port()).isPositive();
    return Integer.toString(scp.port());
  }

  @Test
  void echoscu_gets_an_answer_to_c_echo() throws Exception {
    Dcmtk.Result r = Dcmtk.exec("echoscu", NO_DELAY, "-aet", "MODALITY", "-aec", "NOTARY", "127.0.0.1", port());

    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  @Test
  void storescu_instance_is_notarized_exactly_like_a_rest_upload() throws Exception {
    byte[] bytes = DicomTestFiles.ct(201, 32, 32, 1, SERIES, 1);
    Path file = DicomTestFiles.write(dir, "ct.dcm", bytes);

    Dcmtk.Result r = Dcmtk.exec("storescu", NO_DELAY, "-aet", "CT01", "-aec", "NOTARY", "127.0.0.1", port(),
        file.toString());

    assertThat(r.exitCode()).as(r.output()).isZero();
    // PixelMed writes the received data set with its own file meta information, so the file digest
    // is the notary's copy's; the picture and the instance are the sender's.
    DicomScan sent = DicomTestFiles.scan(bytes);
    EvidenceRecord record = dicom.bySopInstanceUid(sent.header().value(0x00080018)).get(0);
    assertThat(record.mediaType()).isEqualTo("application/dicom");
    assertThat(record.statement().submitter()).isEqualTo("dicom:CT01");
    assertThat(record.statement().dicom().pixelDataSha256()).isEqualTo(sent.pixels().sha256());
    assertThat(store.contains(Sha256.fromHex(record.sha256()))).isTrue();
  }

  @Test
  void storescu_series_of_twenty_instances_gets_twenty_successes() throws Exception {
    Path series = Files.createDirectory(dir.resolve("series"));
    for (int i = 1; i <= 20; i++) {
      DicomTestFiles.write(series, "slice-" + i + ".dcm", DicomTestFiles.ct(300 + i, 32, 32, 1, SERIES, i));
    }
    int before = repository.count();

    Dcmtk.Result r = Dcmtk.exec("storescu", NO_DELAY, "-aet", "CT01", "-aec", "NOTARY", "+sd", "127.0.0.1", port(),
        series.toString());

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(repository.count()).isEqualTo(before + 20);
  }

  @Test
  void wrong_called_ae_title_is_rejected_at_association() throws Exception {
    Path file = DicomTestFiles.write(dir, "ct.dcm", DicomTestFiles.ct(202, 16, 16, 1, SERIES, 1));

    Dcmtk.Result r = Dcmtk.exec("storescu", NO_DELAY, "-aet", "CT01", "-aec", "SOMEONE", "127.0.0.1", port(),
        file.toString());

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).containsIgnoringCase("Called AE Title Not Recognized");
  }

  @Test
  void malformed_instance_is_not_acknowledged_and_leaves_nothing() throws Exception {
    byte[] good = DicomTestFiles.ct(203, 16, 16, 1, SERIES, 1);
    // Rows say 16 but the Pixel Data element is dropped: PixelMed receives it; the notary refuses it.
    byte[] cut = Arrays.copyOf(good, good.length - (16 * 16 * 2 + 12));
    Path file = DicomTestFiles.write(dir, "ct-without-pixel-data.dcm", cut);
    int before = repository.count();

    Dcmtk.Result r = Dcmtk.exec("storescu", NO_DELAY, "-aet", "CT01", "-aec", "NOTARY", "127.0.0.1", port(),
        file.toString());

    assertThat(r.exitCode()).as(r.output()).isNotZero();
    assertThat(repository.count()).isEqualTo(before);
    try (var left = Files.list(Path.of(config.dataDir().toString(), "dicom-incoming"))) {
      assertThat(left).isEmpty();
    }
  }
}
