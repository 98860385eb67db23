package org.evidencenotary.notary.timestamping;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.tsp.TimeStampToken;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.config.SigningConfig;
import org.jboss.logging.Logger;

/**
 * Where every RFC 3161 time-stamp of the notary comes from: the outside TSA at {@code
 * notary.signing.tsa-url} when one is configured, else the built-in TSA (the embedded default).
 * Checked at start: an outside TSA needs its trust ({@code notary.signing.tsa-trust}).
 *
 * <p>Which roots a verifier must trust for these time-stamps: {@link #trustedRoots()}.
 */
@Startup
@ApplicationScoped
public class TimeStamping {
  private static final Logger LOG = Logger.getLogger(TimeStamping.class);

  @Inject SigningConfig config;
  @Inject NotaryConfig notary;
  @Inject BuiltInTsa builtIn;

  private OutsideTsa outside;
  private List<X509Certificate> outsideTrust = List.of();

  @PostConstruct
  void init() {
    Optional<URI> url = config.tsaUrl();
    if (url.isEmpty()) {
      if (config.tsaTrust().isPresent()) {
        throw new ConfigurationException("notary.signing.tsa-trust is set but notary.signing.tsa-url is not:"
            + " set both to use an outside TSA, or neither for the built-in one");
      }
      builtIn.root(); // created at first start, like the other keys
      LOG.info("Time-stamps come from the built-in TSA (embedded default; set notary.signing.tsa-url for an"
          + " outside TSA)");
      return;
    }
    URI tsa = url.get();
    String scheme = tsa.getScheme() == null ? "" : tsa.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || tsa.getHost() == null) {
      throw new ConfigurationException("notary.signing.tsa-url must be an http or https URL, not '" + tsa + "'");
    }
    if (tsa.getUserInfo() != null) {
      throw new ConfigurationException("notary.signing.tsa-url must not carry credentials");
    }
    if (config.tsaTimeout().isNegative() || config.tsaTimeout().isZero()) {
      throw new ConfigurationException("notary.signing.tsa-timeout must be positive");
    }
    Path trustFile = config.tsaTrust().orElseThrow(() -> new ConfigurationException(
        "notary.signing.tsa-url is set but notary.signing.tsa-trust is not: name the PEM file with the certificate"
            + " the TSA's certificate chains to, so its time-stamps can be checked"));
    outsideTrust = readTrust(trustFile);
    outside = new OutsideTsa(tsa, outsideTrust, config.tsaTimeout());
    LOG.infof("Time-stamps come from the outside TSA at %s (timeout %s), checked against %s; the built-in TSA"
        + " is off", tsa, config.tsaTimeout(), outsideTrust.stream()
            .map(c -> "'" + c.getSubjectX500Principal().getName(X500Principal.RFC2253) + "'")
            .collect(Collectors.joining(", ")));
  }

  /**
   * A time-stamp token over a SHA-256 imprint, with the authority's certificate embedded.
   *
   * @throws TimestampUnavailableException when the outside TSA gives no valid token
   * @throws IOException when the built-in TSA fails
   */
  public TimeStampToken stamp(byte[] sha256) throws IOException {
    return outside != null ? outside.stamp(sha256) : builtIn.stamp(sha256);
  }

  /** Whether an outside TSA stamps (and the built-in one is off). */
  public boolean outside() {
    return outside != null;
  }

  /**
   * The roots a verifier trusts for our time-stamps: the built-in TSA's; with an outside TSA, its
   * configured trust, plus the built-in TSA's root while that TSA's key file exists, so evidence
   * stamped before the switch still verifies.
   */
  public List<X509Certificate> trustedRoots() {
    if (outside == null) {
      return List.of(builtIn.root());
    }
    List<X509Certificate> roots = new ArrayList<>(outsideTrust);
    if (BuiltInTsa.exists(notary.dataDir())) {
      roots.add(builtIn.root());
    }
    return List.copyOf(roots);
  }

  /**
   * The time-stamps' certificates to embed for long-term validation: the built-in TSA's chain
   * (its certificate, then its root), or the outside TSA's configured trust (its own certificate
   * travels in each token).
   */
  public List<X509Certificate> chain() {
    return outside == null ? builtIn.chain() : outsideTrust;
  }

  /** A current CRL for the time-stamps' chain, when we issue it (the built-in TSA's root). */
  public Optional<X509CRL> crl() {
    return outside == null ? builtIn.crl() : Optional.empty();
  }

  private static List<X509Certificate> readTrust(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast).toList();
      if (certificates.isEmpty()) {
        throw new ConfigurationException("notary.signing.tsa-trust " + file + " holds no certificate");
      }
      return certificates;
    } catch (IOException | CertificateException e) {
      throw new ConfigurationException("notary.signing.tsa-trust " + file + " cannot be read as PEM certificates: "
          + e.getMessage(), e);
    }
  }
}
