package org.evidencenotary.notary.certificate;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How certificates name the service. */
@ConfigMapping(prefix = "notary.certificate")
public interface CertificateConfig {
  /** Public address of this service, for the QR code and the verification instructions. */
  @WithDefault("http://localhost:8080")
  String publicUrl();
}
