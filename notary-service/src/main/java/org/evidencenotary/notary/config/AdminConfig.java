package org.evidencenotary.notary.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** Who may call the admin API (enrol and revoke identities). */
@ConfigMapping(prefix = "notary.admin")
public interface AdminConfig {
  /**
   * File holding the admin bearer token (one line, at least 32 characters). When absent, the
   * notary creates {@code <data>/admin-token} with a random token at first start (mode 0600).
   */
  Optional<Path> tokenFile();
}
