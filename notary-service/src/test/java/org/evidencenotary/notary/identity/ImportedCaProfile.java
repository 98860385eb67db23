package org.evidencenotary.notary.identity;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.evidencenotary.notary.testing.OpenSsl;

/** The service started on a fresh data folder with a hospital CA made by {@code openssl req -x509}. */
public class ImportedCaProfile implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(HospitalCaFiles.class));
  }

  /** Makes the CA (EC P-256, cA=true, keyCertSign + cRLSign) and names its PEM files in the config. */
  public static class HospitalCaFiles implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
      try {
        Path dir = Files.createTempDirectory("hospital-ca-");
        Path[] ca = OpenSsl.selfSignedCa(dir, "St Example Hospital Issuing CA", "ec", OpenSsl.CA_EXTENSIONS);
        return Map.of("notary.identity.ca.certificate", ca[0].toString(), "notary.identity.ca.key", ca[1].toString());
      } catch (Exception e) {
        throw new IllegalStateException("the test hospital CA could not be made: " + e.getMessage(), e);
      }
    }

    @Override
    public void stop() {}
  }
}
