package org.evidencenotary.notary.pki;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The service with signer keys in a SoftHSM2 token. */
public class HsmProfile implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(SoftHsmResource.class));
  }
}
