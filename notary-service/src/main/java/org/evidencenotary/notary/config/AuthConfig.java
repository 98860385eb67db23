package org.evidencenotary.notary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Sign-in: who the service's own token issuer says it is, and for how long its tokens hold. The
 * tokens of an outside identity provider are configured with the standard {@code mp.jwt.verify.*}
 * settings instead (docs/security.md).
 */
@ConfigMapping(prefix = "notary.auth")
public interface AuthConfig {
  /** The {@code iss} of the tokens the embedded issuer signs, and the issuer tokens must name. */
  @WithDefault("urn:evidence-notary:embedded")
  String issuer();

  /** Folder of the embedded issuer's key pair (default {@code <data>/auth}). */
  Path keyDir();

  /** How long a token the embedded issuer signs holds, unless the request asks for less. */
  @WithDefault("12h")
  Duration tokenLifetime();

  /** The longest lifetime a token request may ask for. */
  @WithDefault("30d")
  Duration maxTokenLifetime();
}
