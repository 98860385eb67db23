package org.evidencenotary.notary.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The service anchoring on a real Fabric network ({@link FabricTestResource}). */
public class FabricProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    // Room for a Fabric commit on a busy two-core machine before the answer turns 202.
    // A series counts as complete after two quiet seconds, so its manifest is built while a test waits.
    return Map.of("notary.ingest.anchor-wait", "10s", "notary.dicom.series.quiet-time", "2s");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(FabricTestResource.class));
  }
}
