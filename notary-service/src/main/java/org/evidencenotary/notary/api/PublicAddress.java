package org.evidencenotary.notary.api;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.evidencenotary.notary.certificate.CertificateConfig;
import org.evidencenotary.notary.config.ConfigurationException;

/**
 * The service's public address ({@code notary.certificate.public-url}, env {@code
 * NOTARY_PUBLIC_URL}), the only base of the absolute URLs it answers with: the {@code Location}
 * of a new record or identity and the STOW-RS Retrieve URLs. Never the request's {@code Host}
 * header, which the client chooses: a forged one would otherwise be handed back as a link (cache
 * poisoning, links to another site in stored responses).
 */
@Startup
@ApplicationScoped
public class PublicAddress {
  private final String base;

  @Inject
  public PublicAddress(CertificateConfig config) {
    this.base = checked(config.publicUrl());
  }

  /** {@code path} (without a leading slash, e.g. {@code api/v1/evidence/<id>}) under the public address. */
  public URI of(String path) {
    return URI.create(base + "/" + path);
  }

  /**
   * The address without a trailing slash.
   *
   * @throws ConfigurationException unless it is an absolute http or https URL with a host and
   *     without query, fragment or user information
   */
  static String checked(String configured) {
    String value = configured == null ? "" : configured.strip();
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
          || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        throw new ConfigurationException(problem(value));
      }
    } catch (URISyntaxException e) {
      throw new ConfigurationException(problem(value), e);
    }
    while (value.endsWith("/")) {
      value = value.substring(0, value.length() - 1);
    }
    return value;
  }

  private static String problem(String value) {
    return "notary.certificate.public-url (NOTARY_PUBLIC_URL) must be the service's public address, an absolute"
        + " http or https URL with a host and no query, fragment or user name, such as https://notary.hospital.example;"
        + " found '" + value + "'";
  }
}
