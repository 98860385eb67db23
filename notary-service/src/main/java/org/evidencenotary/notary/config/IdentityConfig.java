package org.evidencenotary.notary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The names on the certificates the notary creates for itself at first start, and the hospital's
 * own CA when one is imported instead of created.
 */
@ConfigMapping(prefix = "notary.identity")
public interface IdentityConfig {
  /** Organisation named in the root CA and service certificates. */
  @WithDefault("Evidence Notary (embedded)")
  String organisation();

  /** Common name of the notary service certificate. */
  @WithDefault("Evidence Notary Service")
  String serviceName();

  /**
   * An existing hospital CA, imported at first start instead of creating a local root: it then
   * issues the service certificate and every technologist and device certificate, and signs the
   * CRL. Either {@code pkcs12} (with {@code password}) or {@code certificate} and {@code key}.
   */
  Optional<Ca> ca();

  /** Where the hospital CA's key and certificate come from. */
  interface Ca {
    /** A PKCS#12 file holding the CA's key entry (the CA certificate first, then its issuers). */
    Optional<Path> pkcs12();

    /** The key entry's alias in {@link #pkcs12()}; needed only when the file holds several keys. */
    Optional<String> alias();

    /**
     * The PKCS#12 password, or the PEM key's when it is encrypted. Give it from a secret, e.g. the
     * environment variable {@code NOTARY_IDENTITY_CA_PASSWORD}.
     */
    Optional<String> password();

    /** A PEM file with the CA certificate, optionally followed by its issuers. */
    Optional<Path> certificate();

    /** A PEM file with the CA's private key (PKCS#8, SEC1 EC or PKCS#1 RSA; encrypted or not). */
    Optional<Path> key();
  }
}
