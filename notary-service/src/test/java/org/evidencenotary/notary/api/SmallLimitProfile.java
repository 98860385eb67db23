package org.evidencenotary.notary.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A 1 MiB upload limit, so the 413 paths can be exercised cheaply. */
public class SmallLimitProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("notary.ingest.max-size", "1M");
  }
}
