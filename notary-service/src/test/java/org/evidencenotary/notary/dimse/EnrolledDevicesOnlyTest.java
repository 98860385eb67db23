package org.evidencenotary.notary.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.evidencenotary.notary.dicom.Dcmtk;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As production starts: no calling AE title configured, so the listener accepts exactly the AE
 * titles of enrolled, active devices, from the moment they are enrolled until they are revoked.
 */
@QuarkusTest
@TestProfile(EnrolledDevicesOnlyTest.NoConfiguredAeTitles.class)
class EnrolledDevicesOnlyTest {
  /** The default: no AE title configured. */
  public static class NoConfiguredAeTitles implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("notary.dicom.scp.allowed-calling-ae-titles", "");
    }
  }

  @Inject StorageScp scp;
  @TempDir Path dir;

  private Dcmtk.Result store(String aeTitle, long seed) throws Exception {
    Path file = DicomTestFiles.write(dir, "ct-" + seed + ".dcm", DicomTestFiles.ct(seed, 16, 16, 1, "1.2.3.4.5", 1));
    return Dcmtk.exec("storescu", Map.of("TCP_NODELAY", "1"), "-aet", aeTitle, "-aec", "NOTARY", "127.0.0.1",
        Integer.toString(scp.port()), file.toString());
  }

  @Test
  void only_an_enrolled_active_device_may_store_from_its_enrolment_to_its_revocation() throws Exception {
    String aeTitle = "CT" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();

    Dcmtk.Result before = store(aeTitle, 801);
    assertThat(before.exitCode()).isNotZero();
    assertThat(before.output()).containsIgnoringCase("Calling AE Title Not Recognized");

    String device = Fixtures.enrol("{\"kind\":\"DEVICE\",\"name\":\"CT room " + aeTitle + "\",\"aeTitle\":\""
        + aeTitle + "\"}").getString("id");
    Dcmtk.Result enrolled = store(aeTitle, 802);
    assertThat(enrolled.exitCode()).as(enrolled.output()).isZero();

    Api.anonymous().header(Fixtures.admin()).contentType("application/json").body("{\"reason\":\"replaced\"}")
        .post("/api/v1/identities/" + device + "/revoke").then().statusCode(200);
    Dcmtk.Result revoked = store(aeTitle, 803);
    assertThat(revoked.exitCode()).isNotZero();
    assertThat(revoked.output()).containsIgnoringCase("Calling AE Title Not Recognized");
  }

  @Test
  void an_unknown_ae_title_is_refused_even_for_c_echo() throws Exception {
    Dcmtk.Result r = Dcmtk.exec("echoscu", Map.of("TCP_NODELAY", "1"), "-aet", "MODALITY", "-aec", "NOTARY",
        "127.0.0.1", Integer.toString(scp.port()));
    assertThat(r.exitCode()).isNotZero();
  }
}
