package org.evidencenotary.notary.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import org.evidencenotary.notary.dicom.Dcmtk;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
@TestProfile(CallingAeAllowListTest.OnlyCt01.class)
class CallingAeAllowListTest {
  /** Only the calling AE title CT01 may associate. */
  public static class OnlyCt01 implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("notary.dicom.scp.allowed-calling-ae-titles", "CT01");
    }
  }

  @Inject StorageScp scp;
  @TempDir Path dir;

  @Test
  void calling_ae_title_not_on_the_allow_list_is_rejected_at_association() throws Exception {
    Path file = DicomTestFiles.write(dir, "ct.dcm", DicomTestFiles.ct(401, 16, 16, 1, "1.2.3.4", 1));

    Dcmtk.Result r = Dcmtk.exec("storescu", Map.of("TCP_NODELAY", "1"), "-aet", "INTRUDER", "-aec", "NOTARY",
        "127.0.0.1", Integer.toString(scp.port()), file.toString());

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).containsIgnoringCase("Calling AE Title Not Recognized");
  }

  @Test
  void calling_ae_title_on_the_allow_list_may_store() throws Exception {
    Path file = DicomTestFiles.write(dir, "ct.dcm", DicomTestFiles.ct(402, 16, 16, 1, "1.2.3.4", 1));

    Dcmtk.Result r = Dcmtk.exec("storescu", Map.of("TCP_NODELAY", "1"), "-aet", "CT01", "-aec", "NOTARY",
        "127.0.0.1", Integer.toString(scp.port()), file.toString());

    assertThat(r.exitCode()).as(r.output()).isZero();
  }
}
