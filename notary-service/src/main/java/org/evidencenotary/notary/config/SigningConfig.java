package org.evidencenotary.notary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where signer keys live and where time-stamps come from. Without {@code pkcs11}, every key is in
 * a PKCS#12 file; without {@code tsa-url}, the built-in TSA stamps.
 */
@ConfigMapping(prefix = "notary.signing")
public interface SigningConfig {
  /** A PKCS#11 token (HSM) for technologist and device keys. */
  Optional<Pkcs11> pkcs11();

  /**
   * An outside RFC 3161 time-stamping authority (HTTP or HTTPS). When set, every time-stamp (the
   * acquisition signature's and the certificate PDF's) comes from it, and the built-in TSA stops
   * answering. Needs {@link #tsaTrust()}.
   */
  Optional<URI> tsaUrl();

  /**
   * PEM file with the certificate(s) the outside TSA's certificate is checked against: its root,
   * or the CA that issued it together with its root. Published in {@code /api/v1/trust/roots.pem}.
   */
  Optional<Path> tsaTrust();

  /** How long one request to the outside TSA may take, connection and answer together. */
  @WithDefault("10s")
  Duration tsaTimeout();

  /** A PKCS#11 token reached through the JDK's SunPKCS11 provider. */
  interface Pkcs11 {
    /** The PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}. */
    String library();

    /**
     * Index of the slot in the module's slot list (slot ids can change, indexes do not); 0 when
     * absent. (No default value here: a default would make the optional group always present.)
     */
    OptionalInt slotListIndex();

    /** The user PIN; give it from a secret, e.g. the environment variable NOTARY_SIGNING_PKCS11_PIN. */
    String pin();
  }
}
