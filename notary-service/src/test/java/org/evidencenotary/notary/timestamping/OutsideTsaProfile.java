package org.evidencenotary.notary.timestamping;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.evidencenotary.notary.testing.TestTsa;

/** The service taking its time-stamps from a second TSA ({@link TestTsa}) on loopback. */
public class OutsideTsaProfile implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(Running.class));
  }

  /** Starts the outside TSA and points the service at it. */
  public static class Running implements QuarkusTestResourceLifecycleManager {
    private TestTsa tsa;

    @Override
    public Map<String, String> start() {
      try {
        tsa = new TestTsa();
        Path root = tsa.writeRoot(Files.createTempFile("outside-tsa-root-", ".pem"));
        return Map.of("notary.signing.tsa-url", tsa.url().toString(),
            "notary.signing.tsa-trust", root.toString(),
            "notary.signing.tsa-timeout", "3s");
      } catch (Exception e) {
        throw new IllegalStateException("the outside test TSA could not start: " + e.getMessage(), e);
      }
    }

    @Override
    public void stop() {
      if (tsa != null) {
        tsa.close();
      }
    }
  }
}
