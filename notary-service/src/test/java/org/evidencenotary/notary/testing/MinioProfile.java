package org.evidencenotary.notary.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The service with its originals in a real MinIO ({@link MinioTestResource}), short retention. */
public class MinioProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "notary.storage.minio.bucket", "evidence-service-test",
        "notary.storage.minio.retention", "2m");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(MinioTestResource.class));
  }
}
