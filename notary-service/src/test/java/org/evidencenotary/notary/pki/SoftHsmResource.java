package org.evidencenotary.notary.pki;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A fresh SoftHSM2 token for the PKCS#11 tests. The configuration file sits where the Surefire
 * environment's SOFTHSM2_CONF points, so the service's JVM finds the same token.
 */
public class SoftHsmResource implements QuarkusTestResourceLifecycleManager {
  static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
  static final String PIN = "4321";
  static final String LABEL = "notary-test";

  @Override
  public Map<String, String> start() {
    String conf = System.getenv("SOFTHSM2_CONF");
    if (conf == null) {
      throw new IllegalStateException("SOFTHSM2_CONF is not set: run the tests through Maven (see notary-service/pom.xml)");
    }
    if (!Files.exists(Path.of(LIBRARY))) {
      throw new IllegalStateException("SoftHSM2 is needed for the PKCS#11 tests: apt-get install softhsm2 opensc"
          + " (./notary test installs them)");
    }
    try {
      Path config = Path.of(conf);
      Path tokens = config.resolveSibling("tokens-" + UUID.randomUUID());
      Files.createDirectories(tokens);
      Files.writeString(config, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
          + "log.level = ERROR\nslots.removable = false\n");
      Process init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", LABEL,
          "--pin", PIN, "--so-pin", "87654321").redirectErrorStream(true).start();
      String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
        throw new IllegalStateException("softhsm2-util could not initialise a token: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("SoftHSM2 tools are needed: apt-get install softhsm2 opensc (" + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return Map.of("notary.signing.pkcs11.library", LIBRARY, "notary.signing.pkcs11.pin", PIN);
  }

  @Override
  public void stop() {}
}
