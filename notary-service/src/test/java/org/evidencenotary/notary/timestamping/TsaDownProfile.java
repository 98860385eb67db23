package org.evidencenotary.notary.timestamping;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.evidencenotary.notary.testing.TestTsa;

/** The service configured for an outside TSA that is down: started once, then stopped. */
public class TsaDownProfile implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(Stopped.class));
  }

  /** A TSA that existed (its root is trusted) but no longer listens on its port. */
  public static class Stopped implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
      try (TestTsa tsa = new TestTsa()) {
        Path root = tsa.writeRoot(Files.createTempFile("stopped-tsa-root-", ".pem"));
        return Map.of("notary.signing.tsa-url", tsa.url().toString(),
            "notary.signing.tsa-trust", root.toString(),
            "notary.signing.tsa-timeout", "3s");
      } catch (Exception e) {
        throw new IllegalStateException("the test TSA could not be prepared: " + e.getMessage(), e);
      }
    }

    @Override
    public void stop() {}
  }
}
