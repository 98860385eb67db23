package org.evidencenotary.notary.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The service anchoring on a real Fabric network ({@link FabricTestResource}). */
public class FabricProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    // Room for a Fabric commit on a busy two-core machine before the answer turns 202.
    return Map.of("notary.ingest.anchor-wait", "10s");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(FabricTestResource.class));
  }
}
