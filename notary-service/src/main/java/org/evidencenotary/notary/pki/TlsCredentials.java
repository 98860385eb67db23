package org.evidencenotary.notary.pki;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.IdentityConfig;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.config.TlsConfig;
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * TLS for machine clients: the key and certificate the notary presents on its TLS listeners, the
 * CA(s) whose client certificates it trusts, and the protocol versions and cipher suites it
 * allows (BCP 195, RFC 9325: TLS 1.3 and 1.2, AEAD suites with forward secrecy only; what PS3.15
 * Annex B's BCP 195 profiles ask of a DICOM node).
 *
 * <p>The server credential is the configured one ({@code notary.tls.server.*}), else a dedicated
 * EC P-256 key with a server certificate from the hospital CA, made at first start in {@code
 * <data>/identity/tls-server.p12}: the notary's signing key never serves TLS.
 *
 * <p>Security: a client certificate is trusted when it chains to one of the client CAs and is
 * valid now; which identity it belongs to is not decided here but by the registration of its
 * fingerprint on an enrolled identity (the identity package). Revocation is by that registration:
 * revoking the identity ends it, whatever a CA's CRL says.
 */
@Startup
@ApplicationScoped
public class TlsCredentials {
  /** The TLS versions allowed, newest first. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  /** BCP 195's recommended suites: AEAD ciphers, ephemeral key exchange (TLS 1.3's are all such). */
  private static final Pattern STRONG = Pattern.compile("TLS_AES_(128|256)_GCM_SHA(256|384)|TLS_CHACHA20_POLY1305_SHA256"
      + "|TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)"
      + "|TLS_DHE_RSA_WITH_AES_(128|256)_GCM_SHA(256|384)");
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_PURPOSE = "2.5.29.37.0";
  private static final String SERVER_FILE = "tls-server.p12";
  private static final Logger LOG = Logger.getLogger(TlsCredentials.class);

  @Inject TlsConfig config;
  @Inject NotaryConfig notary;
  @Inject IdentityConfig identityConfig;
  @Inject NotaryIdentity identity;
  @Inject HospitalCa ca;

  private List<X509Certificate> clientCas;
  private Set<TrustAnchor> anchors;
  private PrivateKey serverKey;
  private List<X509Certificate> serverChain;
  private SSLContext context;

  @PostConstruct
  void init() {
    clientCas = config.clientCaFile().map(TlsCredentials::readClientCas).orElseGet(identity::caChain);
    anchors = clientCas.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
    loadServerCredential();
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] password = identity.keystorePassword();
      keys.setKeyEntry("server", serverKey, password, serverChain.toArray(new Certificate[0]));
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
      trustManagers.init(new CertPathTrustManagerParameters(parameters()));
      context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigurationException("the TLS server context cannot be built: " + e.getMessage(), e);
    }
  }

  /** The CA certificates whose TLS client certificates are trusted. */
  public List<X509Certificate> clientCas() {
    return clientCas;
  }

  /** The certificate the notary presents on TLS, then its issuers. */
  public List<X509Certificate> serverChain() {
    return serverChain;
  }

  /** The TLS context: the server credential, client certificates checked against {@link #clientCas()}. */
  public SSLContext context() {
    return context;
  }

  /**
   * A TLS server socket bound to {@code address} that requires a client certificate from a
   * trusted CA and allows only {@link #PROTOCOLS} and BCP 195 suites.
   */
  public SSLServerSocket serverSocket(InetSocketAddress address, int backlog) throws IOException {
    SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
    socket.setReuseAddress(true);
    socket.setSSLParameters(serverParameters(socket.getSupportedCipherSuites()));
    try {
      socket.bind(address, backlog);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return socket;
  }

  /** Protocols, suites and client authentication for a server (required client certificate). */
  private static SSLParameters serverParameters(String[] supported) {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(PROTOCOLS.toArray(new String[0]));
    parameters.setCipherSuites(Arrays.stream(supported).filter(s -> STRONG.matcher(s).matches()).toArray(String[]::new));
    parameters.setUseCipherSuitesOrder(true);
    parameters.setNeedClientAuth(true);
    return parameters;
  }

  /**
   * Checks that {@code certificate} may authenticate a TLS client: it chains to a client CA, is
   * valid now, and its key usages (when present) allow client authentication.
   *
   * @throws CertificateNotTrustedException saying which of these fails
   */
  public void checkClientCertificate(X509Certificate certificate) {
    String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(certificate)), parameters());
    } catch (GeneralSecurityException e) {
      throw new CertificateNotTrustedException("the certificate " + subject + " is not valid now or was not issued by"
          + " a trusted client CA (" + clientCas.stream().map(c -> c.getSubjectX500Principal().getName(X500Principal.RFC2253))
          .toList() + "): " + e.getMessage(), e);
    }
    if (certificate.getBasicConstraints() >= 0) {
      throw new CertificateNotTrustedException("the certificate " + subject + " is a CA certificate, not a client's");
    }
    try {
      List<String> purposes = certificate.getExtendedKeyUsage();
      if (purposes != null && !purposes.contains(CLIENT_AUTH) && !purposes.contains(ANY_PURPOSE)) {
        throw new CertificateNotTrustedException("the certificate " + subject + " does not allow TLS client"
            + " authentication (extendedKeyUsage " + purposes + " lacks clientAuth)");
      }
    } catch (java.security.cert.CertificateParsingException e) {
      throw new CertificateNotTrustedException("the certificate " + subject + " has an unreadable extendedKeyUsage", e);
    }
    boolean[] usage = certificate.getKeyUsage();
    if (usage != null && !usage[0]) {
      throw new CertificateNotTrustedException("the certificate " + subject + " does not allow digitalSignature,"
          + " which TLS client authentication needs");
    }
  }

  /** PKIX over the client CAs; revocation is the identity registration's (see the class comment). */
  private PKIXParameters parameters() {
    try {
      PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, new X509CertSelector());
      parameters.setRevocationEnabled(false);
      return parameters;
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException("the client CAs cannot serve as trust anchors: " + e.getMessage(), e);
    }
  }

  private void loadServerCredential() {
    TlsConfig.Server server = config.server();
    if (server.pkcs12().isPresent()) {
      loadPkcs12(server.pkcs12().get(), server.password().orElse("").toCharArray(), "notary.tls.server.pkcs12");
    } else if (server.certificate().isPresent() || server.key().isPresent()) {
      if (server.certificate().isEmpty() || server.key().isEmpty()) {
        throw new ConfigurationException("notary.tls.server.certificate and notary.tls.server.key go together:"
            + " set both, or notary.tls.server.pkcs12");
      }
      serverChain = readCertificates(server.certificate().get(), "notary.tls.server.certificate");
      serverKey = readKey(server.key().get());
    } else {
      Path file = notary.dataDir().resolve("identity").resolve(SERVER_FILE);
      if (!Files.exists(file)) {
        createServerCredential(file);
      }
      loadPkcs12(file, identity.keystorePassword(), file.toString());
    }
  }

  /** A key for TLS only, its certificate from the hospital CA: serverAuth, localhost and loopback names. */
  private void createServerCredential(Path file) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair keys = generator.generateKeyPair();
      X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
          .addRDN(BCStyle.CN, identityConfig.serviceName() + " TLS")
          .addRDN(BCStyle.O, identityConfig.organisation()).build();
      Duration validity = Duration.between(java.time.Instant.now(), ca.root().getNotAfter().toInstant());
      X509Certificate certificate = ca.issueTlsServer(subject, keys.getPublic(),
          validity.compareTo(Duration.ofDays(825)) < 0 ? validity : Duration.ofDays(825));
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(certificate);
      chain.addAll(ca.chain());
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = identity.keystorePassword();
      store.setKeyEntry("server", keys.getPrivate(), password, chain.toArray(new Certificate[0]));
      Path tmp = file.resolveSibling(SERVER_FILE + ".tmp");
      try (OutputStream out = OwnerOnlyFiles.overwrite(tmp)) {
        store.store(out, password);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      LOG.infof("Created the TLS server key and certificate %s (hospital CA, for localhost) in %s",
          certificate.getSubjectX500Principal().getName(X500Principal.RFC2253), file);
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigurationException("cannot create the TLS server credential " + file + ": " + e.getMessage(), e);
    }
  }

  private void loadPkcs12(Path file, char[] password, String setting) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      List<String> keys = new ArrayList<>();
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          keys.add(alias);
        }
      }
      if (keys.size() != 1) {
        throw new ConfigurationException(setting + " " + file + " must hold exactly one key entry, found " + keys);
      }
      serverKey = (PrivateKey) store.getKey(keys.get(0), password);
      Certificate[] chain = store.getCertificateChain(keys.get(0));
      if (serverKey == null || chain == null || chain.length == 0) {
        throw new ConfigurationException(setting + " " + file + ": the key entry lacks its key or certificate");
      }
      serverChain = Arrays.stream(chain).map(X509Certificate.class::cast).toList();
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigurationException(setting + " " + file + " cannot be opened (wrong password, or not a PKCS#12"
          + " file): " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> readClientCas(Path file) {
    List<X509Certificate> cas = readCertificates(file, "notary.tls.client-ca-file");
    for (X509Certificate c : cas) {
      if (c.getBasicConstraints() < 0) {
        throw new ConfigurationException("notary.tls.client-ca-file " + file + " holds "
            + c.getSubjectX500Principal().getName(X500Principal.RFC2253) + ", which is not a CA certificate");
      }
    }
    return cas;
  }

  private static List<X509Certificate> readCertificates(Path file, String setting) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast).toList();
      if (certificates.isEmpty()) {
        throw new ConfigurationException(setting + " " + file + " holds no certificate");
      }
      return certificates;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigurationException(setting + " " + file + " cannot be read as PEM certificates: " + e.getMessage(), e);
    }
  }

  private static PrivateKey readKey(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      throw new ConfigurationException("notary.tls.server.key " + file + " holds no unencrypted PEM private key");
    } catch (IOException e) {
      throw new ConfigurationException("notary.tls.server.key " + file + " cannot be read: " + e.getMessage(), e);
    }
  }
}
