package org.evidencenotary.notary.series;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Series count as complete after one quiet second, so manifests are built while a test waits. */
public class QuietSeriesProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("notary.dicom.series.quiet-time", "1s");
  }
}
