package org.evidencenotary.notary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * TLS for machine clients (docs/security.md, "How a device authenticates"): the CA(s) whose client
 * certificates the notary trusts, and the key and certificate it presents itself on its TLS
 * listeners. Without settings the notary trusts its own hospital CA and presents its own service
 * certificate.
 */
@ConfigMapping(prefix = "notary.tls")
public interface TlsConfig {
  /**
   * PEM file with the CA certificate(s) that issue TLS client certificates to modalities, PACS and
   * other machine clients; default: the hospital CA (the one that issues signer certificates).
   */
  Optional<Path> clientCaFile();

  /** How long a TLS client certificate issued by the notary's hospital CA is valid. */
  @WithDefault("730d")
  Duration clientCertificateValidity();

  /** The key and certificate the notary presents; default: its own service key and certificate. */
  Server server();

  /** The notary's TLS server credential: a PKCS#12 file, or a PEM certificate (chain) and key. */
  interface Server {
    /** A PKCS#12 file with one key entry (the certificate first, then its issuers). */
    Optional<Path> pkcs12();

    /** The PKCS#12 password (give it from a secret, e.g. NOTARY_TLS_SERVER_PASSWORD). */
    Optional<String> password();

    /** A PEM file with the server certificate, then its issuers. */
    Optional<Path> certificate();

    /** A PEM file with the server's unencrypted private key (PKCS#8, SEC1 EC or PKCS#1 RSA). */
    Optional<Path> key();
  }
}
