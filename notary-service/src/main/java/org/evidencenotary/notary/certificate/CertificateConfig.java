package org.evidencenotary.notary.certificate;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * What the certificate says about who issues it, where to check it, which legal statement it
 * carries and which fonts it embeds. The defaults describe an embedded demonstration; an
 * installation that issues certificates for a court sets the institution, its address, a contact
 * and the responsible person (docs/operations.md).
 */
@ConfigMapping(prefix = "notary.certificate")
public interface CertificateConfig {
  /** Public address of this service, for the QR code and the verification instructions. */
  @WithDefault("http://localhost:8080")
  String publicUrl();

  /** The institution that operates the notary, printed as the certificate's issuer. */
  @WithDefault("Evidence notary (embedded demonstration)")
  String institution();

  /** Its postal address, on one line; "not configured" on the certificate when absent. */
  Optional<String> institutionAddress();

  /** How to reach the operator about a certificate (telephone, e-mail, office). */
  Optional<String> contact();

  /** The person responsible for the service (name and role), who answers for its certificates. */
  Optional<String> responsible();

  /** Which legal statement the certificate carries: one of them, never both. */
  @WithDefault("eu")
  Jurisdiction jurisdiction();

  /**
   * Folder with DejaVuSans.ttf, DejaVuSans-Bold.ttf and DejaVuSansMono.ttf (Debian's
   * fonts-dejavu-core), embedded as subsets. Without them no certificate is issued.
   */
  @WithDefault("/usr/share/fonts/truetype/dejavu")
  String fontDirectory();

  /** The legal framework the certification statement is written for. */
  enum Jurisdiction {
    /** US Federal Rules of Evidence 902(13) and 902(14). */
    US,
    /** EU Regulation No 910/2014 (eIDAS): an advanced electronic seal. */
    EU
  }
}
