package org.evidencenotary.notary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The names on the certificates the notary creates for itself at first start. */
@ConfigMapping(prefix = "notary.identity")
public interface IdentityConfig {
  /** Organisation named in the root CA and service certificates. */
  @WithDefault("Evidence Notary (embedded)")
  String organisation();

  /** Common name of the notary service certificate. */
  @WithDefault("Evidence Notary Service")
  String serviceName();
}
