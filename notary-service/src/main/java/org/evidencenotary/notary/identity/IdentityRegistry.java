package org.evidencenotary.notary.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CRLException;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.config.IdentityConfig;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.config.TlsConfig;
import org.evidencenotary.notary.pki.HospitalCa;
import org.evidencenotary.notary.pki.CertificateNotTrustedException;
import org.evidencenotary.notary.pki.Pkcs11Token;
import org.evidencenotary.notary.pki.TlsCredentials;
import org.evidencenotary.storage.DurableFiles;
import org.evidencenotary.storage.OwnerOnlyFiles;

/**
 * Technologists and devices enrolled with the hospital CA. Each identity's key and certificate
 * live in their own PKCS#12 file under {@code <data>/identities}, its record beside it as JSON;
 * revocations feed the CRL published at {@code /api/v1/identities/crl}.
 */
@ApplicationScoped
public class IdentityRegistry {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Pattern AE_TITLE = Pattern.compile("[A-Z0-9_\\-]{1,16}");
  private static final Duration VALIDITY = Duration.ofDays(3 * 365);

  @Inject NotaryConfig config;
  @Inject IdentityConfig identityConfig;
  @Inject HospitalCa ca;
  @Inject Pkcs11Token token;
  @Inject TlsCredentials tls;
  @Inject TlsConfig tlsConfig;

  private Path dir;
  private final Map<String, SignerIdentity> identities = new ConcurrentHashMap<>();

  @PostConstruct
  void load() {
    dir = config.dataDir().resolve("identities");
    try {
      OwnerOnlyFiles.createDirectories(dir);
      for (Path file : DurableFiles.list(dir, ".json")) {
        SignerIdentity identity = JSON.readValue(file.toFile(), SignerIdentity.class);
        identities.put(identity.id(), identity);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load signer identities from " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Enrols with an EC key in a PKCS#12 file. */
  public SignerIdentity enrol(SignerIdentity.Kind kind, String name, String aeTitle) {
    return enrol(kind, name, aeTitle, SignerIdentity.KeyStorage.PKCS12, SignerIdentity.KeyAlgorithm.EC);
  }

  /** Enrols with an EC key. */
  public SignerIdentity enrol(SignerIdentity.Kind kind, String name, String aeTitle,
      SignerIdentity.KeyStorage storage) {
    return enrol(kind, name, aeTitle, storage, SignerIdentity.KeyAlgorithm.EC);
  }

  /**
   * Enrols a technologist or device: a new key (EC P-256 unless {@code algorithm} says RSA, then
   * 3072 bits), in a PKCS#12 file or generated inside the configured PKCS#11 token, and a
   * certificate from the hospital CA. The request is checked before a key is made: a refused
   * enrolment creates nothing.
   *
   * @param storage PKCS12 when null
   * @param algorithm EC when null
   * @throws InvalidSubmissionException for a missing kind, a bad name or AE title, an AE title
   *     already in use, or PKCS11 without a configured token
   */
  public SignerIdentity enrol(SignerIdentity.Kind kind, String name, String aeTitle,
      SignerIdentity.KeyStorage storage, SignerIdentity.KeyAlgorithm algorithm) {
    return enrol(kind, name, aeTitle, storage, algorithm, null);
  }

  /**
   * Enrols like {@link #enrol(SignerIdentity.Kind, String, String, SignerIdentity.KeyStorage,
   * SignerIdentity.KeyAlgorithm)} and registers {@code tlsClientCertificate} (PEM; null for none)
   * as the identity's TLS client certificate, checked as {@link #registerTlsClientCertificate}
   * checks it before anything is made.
   */
  public synchronized SignerIdentity enrol(SignerIdentity.Kind kind, String name, String aeTitle,
      SignerIdentity.KeyStorage storage, SignerIdentity.KeyAlgorithm algorithm, String tlsClientCertificate) {
    X509Certificate tlsClient = tlsClientCertificate == null || tlsClientCertificate.isBlank()
        ? null : checkedTlsClientCertificate(null, tlsClientCertificate, "tlsClientCertificate");
    SignerIdentity.KeyAlgorithm keyAlgorithm = algorithm == null ? SignerIdentity.KeyAlgorithm.EC : algorithm;
    SignerIdentity.KeyStorage where = storage == null ? SignerIdentity.KeyStorage.PKCS12 : storage;
    if (where == SignerIdentity.KeyStorage.PKCS11 && !token.configured()) {
      throw new InvalidSubmissionException("no PKCS#11 token is configured (notary.signing.pkcs11.*)");
    }
    if (kind == null) {
      throw new InvalidSubmissionException("kind must be TECHNOLOGIST or DEVICE");
    }
    if (name == null || name.isBlank() || name.length() > 128 || name.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidSubmissionException("name must be 1 to 128 printable characters");
    }
    String ae = null;
    if (kind == SignerIdentity.Kind.DEVICE) {
      ae = aeTitle == null ? "" : aeTitle.strip().toUpperCase(Locale.ROOT);
      if (!AE_TITLE.matcher(ae).matches()) {
        throw new InvalidSubmissionException("a device needs an aeTitle of 1 to 16 letters, digits, '_' or '-'");
      }
      String wanted = ae;
      if (identities.values().stream().anyMatch(i -> i.status() == SignerIdentity.Status.ACTIVE
          && wanted.equals(i.aeTitle()))) {
        throw new InvalidSubmissionException("an active device already uses AE title " + ae);
      }
    } else if (aeTitle != null && !aeTitle.isBlank()) {
      throw new InvalidSubmissionException("only devices have an aeTitle");
    }
    String id = UUID.randomUUID().toString();
    try {
      KeyPair keys;
      if (where == SignerIdentity.KeyStorage.PKCS11) {
        keys = token.generate(keyAlgorithm.jcaName(), keyAlgorithm.parameters());
      } else {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(keyAlgorithm.jcaName());
        generator.initialize(keyAlgorithm.parameters(), new SecureRandom());
        keys = generator.generateKeyPair();
      }
      X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE)
          .addRDN(BCStyle.CN, name.strip())
          .addRDN(BCStyle.OU, kind == SignerIdentity.Kind.DEVICE ? "Devices" : "Technologists")
          .addRDN(BCStyle.O, identityConfig.organisation());
      X509Certificate certificate = ca.issue(subject.build(), keys.getPublic(), VALIDITY);

      // The PKCS#12 file holds the key, or for a token key only the certificate chain.
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = ca.keystorePassword();
      if (where == SignerIdentity.KeyStorage.PKCS11) {
        token.store(id, keys.getPrivate(), chain(certificate));
        store.setCertificateEntry("signer", certificate);
      } else {
        store.setKeyEntry("signer", keys.getPrivate(), password, chain(certificate).toArray(new Certificate[0]));
      }
      Path p12 = dir.resolve(id + ".p12");
      Path tmp = dir.resolve(id + ".p12.tmp");
      try (OutputStream out = OwnerOnlyFiles.overwrite(tmp)) {
        store.store(out, password);
      }
      Files.move(tmp, p12, StandardCopyOption.ATOMIC_MOVE);

      SignerIdentity identity = new SignerIdentity(id, kind, name.strip(), ae,
          certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
          certificate.getSerialNumber().toString(16),
          Sha256.digest(certificate.getEncoded()).hex(),
          certificate.getNotBefore().toInstant().toString(),
          certificate.getNotAfter().toInstant().toString(),
          SignerIdentity.Status.ACTIVE, null, null, where, keyAlgorithm);
      if (tlsClient != null) {
        identity = withTlsClient(identity, tlsClient);
      }
      write(identity);
      return identity;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not enrol the identity: " + e.getMessage(), e);
    }
  }

  /**
   * Registers {@code pem} (a PEM certificate, optionally followed by its issuers) as the TLS client
   * certificate of the active identity {@code id}, replacing any earlier one. The certificate must
   * chain to a trusted client CA ({@code notary.tls.client-ca-file}, default the hospital CA),
   * be valid now, allow TLS client authentication, and not be registered for another identity.
   * Only its fingerprint, subject and end of validity are kept; the key stays with the device.
   *
   * @throws InvalidSubmissionException when any of that does not hold, or the identity is revoked
   */
  public synchronized SignerIdentity registerTlsClientCertificate(String id, String pem) {
    SignerIdentity identity = get(id);
    requireActive(identity);
    SignerIdentity registered = withTlsClient(identity, checkedTlsClientCertificate(id, pem, "tlsClientCertificate"));
    try {
      write(registered);
    } catch (IOException e) {
      throw new UncheckedIOException("could not record the TLS client certificate of " + id, e);
    }
    return registered;
  }

  /** A TLS client certificate the hospital CA issued, with its key when the notary made it (else null). */
  public record TlsClientCredential(SignerIdentity identity, X509Certificate certificate, PrivateKey key,
      List<X509Certificate> caChain) {}

  /**
   * Has the hospital CA issue a TLS client certificate for the active identity {@code id} and
   * registers it. With {@code csrPem} (a PKCS#10 request the device made; its signature is
   * checked, its subject replaced by the identity's) the key stays with the device; without, a new
   * EC P-256 key is made and handed back once, never kept (for the embedded default and tests).
   *
   * @throws InvalidSubmissionException for a revoked identity or an unreadable or unsigned request
   */
  public synchronized TlsClientCredential issueTlsClientCertificate(String id, String csrPem) {
    SignerIdentity identity = get(id);
    requireActive(identity);
    PublicKey publicKey;
    PrivateKey privateKey = null;
    try {
      if (csrPem == null || csrPem.isBlank()) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair keys = generator.generateKeyPair();
        publicKey = keys.getPublic();
        privateKey = keys.getPrivate();
      } else {
        publicKey = requestedKey(csrPem);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not make a TLS client key: " + e.getMessage(), e);
    }
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.CN, identity.name())
        .addRDN(BCStyle.OU, identity.kind() == SignerIdentity.Kind.DEVICE ? "Devices (TLS)" : "Technologists (TLS)")
        .addRDN(BCStyle.O, identityConfig.organisation());
    X509Certificate certificate = ca.issueTlsClient(subject.build(), publicKey, tlsConfig.clientCertificateValidity());
    SignerIdentity registered = registerTlsClientCertificate(id, pem(certificate));
    return new TlsClientCredential(registered, certificate, privateKey, ca.chain());
  }

  /**
   * The active identity whose registered TLS client certificate is {@code certificate}: who a TLS
   * peer is. Empty for an unregistered certificate or a revoked identity (revoking ends the
   * registration at once).
   */
  public Optional<SignerIdentity> activeByTlsClientCertificate(X509Certificate certificate) {
    String sha256;
    try {
      sha256 = Sha256.digest(certificate.getEncoded()).hex();
    } catch (CertificateEncodingException e) {
      return Optional.empty();
    }
    Optional<SignerIdentity> registered = identities.values().stream()
        .filter(i -> i.status() == SignerIdentity.Status.ACTIVE && sha256.equals(i.tlsClientCertificateSha256()))
        .findFirst();
    if (registered.isPresent()) {
      try {
        tls.checkClientCertificate(certificate); // expired since, or its CA no longer trusted
      } catch (CertificateNotTrustedException e) {
        return Optional.empty();
      }
    }
    return registered;
  }

  /**
   * A TLS client certificate for a machine client that signs no acquisitions (an insurer's batch
   * system, a court's case system): parsed from {@code pem} and checked as a device's is (chains to
   * a client CA, valid now, for client authentication, not a CA), and registered for no identity.
   *
   * @throws InvalidSubmissionException when it is not such a certificate
   */
  public X509Certificate checkedMachineClientCertificate(String pem) {
    return checkedTlsClientCertificate(null, pem, "certificate");
  }

  /** Whether {@code certificate} still chains to a client CA and is valid now (it may have expired since). */
  public boolean trustedClientCertificate(X509Certificate certificate) {
    try {
      tls.checkClientCertificate(certificate);
      return true;
    } catch (CertificateNotTrustedException e) {
      return false;
    }
  }

  private static void requireActive(SignerIdentity identity) {
    if (identity.status() != SignerIdentity.Status.ACTIVE) {
      throw new InvalidSubmissionException("identity " + identity.id() + " was revoked at " + identity.revokedAt()
          + "; a revoked identity gets no TLS client certificate");
    }
  }

  /**
   * The leaf of {@code pem}, checked for TLS client use and not registered for an identity other
   * than {@code id}; {@code field} names it in the messages (as the request named it).
   */
  private X509Certificate checkedTlsClientCertificate(String id, String pem, String field) {
    if (pem.length() > 64 * 1024) {
      throw new InvalidSubmissionException(field + " is longer than 64 KiB; send the device's certificate"
          + " (PEM), optionally followed by its issuers");
    }
    X509Certificate certificate;
    try {
      var all = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)));
      if (all.isEmpty()) {
        throw new InvalidSubmissionException(field + " holds no certificate");
      }
      certificate = (X509Certificate) all.iterator().next();
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new InvalidSubmissionException(field + " is not a PEM X.509 certificate: " + e.getMessage(), e);
    }
    try {
      tls.checkClientCertificate(certificate);
    } catch (CertificateNotTrustedException e) {
      throw new InvalidSubmissionException(e.getMessage(), e);
    }
    String sha256;
    try {
      sha256 = Sha256.digest(certificate.getEncoded()).hex();
    } catch (CertificateEncodingException e) {
      throw new InvalidSubmissionException(field + " cannot be encoded: " + e.getMessage(), e);
    }
    identities.values().stream()
        .filter(i -> !i.id().equals(id) && sha256.equals(i.tlsClientCertificateSha256()))
        .findFirst().ifPresent(other -> {
          throw new InvalidSubmissionException("the TLS client certificate " + sha256 + " is already registered for"
              + " identity " + other.id() + "; each device needs its own");
        });
    return certificate;
  }

  private static SignerIdentity withTlsClient(SignerIdentity identity, X509Certificate certificate) {
    try {
      return identity.withTlsClientCertificate(Sha256.digest(certificate.getEncoded()).hex(),
          certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
          certificate.getNotAfter().toInstant().toString());
    } catch (CertificateEncodingException e) {
      throw new InvalidSubmissionException("tlsClientCertificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  /** The public key of a PKCS#10 request whose signature holds. */
  private static PublicKey requestedKey(String csrPem) {
    try (PEMParser parser = new PEMParser(new StringReader(csrPem.strip()))) {
      Object object = parser.readObject();
      if (!(object instanceof PKCS10CertificationRequest csr)) {
        throw new InvalidSubmissionException("csr is not a PEM certificate request (BEGIN CERTIFICATE REQUEST)");
      }
      JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(csr);
      if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(request.getPublicKey()))) {
        throw new InvalidSubmissionException("the certificate request's signature does not verify");
      }
      return request.getPublicKey();
    } catch (IOException | GeneralSecurityException | OperatorCreationException | PKCSException
        | RuntimeException e) {
      if (e instanceof InvalidSubmissionException invalid) {
        throw invalid;
      }
      throw new InvalidSubmissionException("csr cannot be read: " + e.getMessage(), e);
    }
  }

  private static String pem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("an issued certificate cannot be encoded", e);
    }
  }

  /** The active device enrolled with this AE title, if any. */
  public Optional<SignerIdentity> activeDevice(String aeTitle) {
    return identities.values().stream()
        .filter(i -> i.kind() == SignerIdentity.Kind.DEVICE && i.status() == SignerIdentity.Status.ACTIVE
            && i.aeTitle() != null && i.aeTitle().equals(aeTitle))
        .findFirst();
  }

  public List<SignerIdentity> list() {
    return identities.values().stream().sorted(Comparator.comparing(SignerIdentity::notBefore)).toList();
  }

  public SignerIdentity get(String id) {
    SignerIdentity identity = identities.get(id);
    if (identity == null) {
      throw new IdentityNotFoundException(id);
    }
    return identity;
  }

  /** The identity's certificate, read from its key store. */
  public X509Certificate certificate(String id) {
    get(id);
    try {
      return (X509Certificate) keyStore(id).getCertificate("signer");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the certificate of identity " + id, e);
    }
  }

  /** A key that may sign now, with its chain (signer first, then the hospital CA). */
  public record SigningKey(PrivateKey key, List<X509Certificate> chain) {}

  /**
   * The signing key of an active identity.
   *
   * @throws InvalidSubmissionException when the identity is revoked: nothing it signs from now on
   *     is accepted
   */
  public SigningKey signingKey(String id) {
    SignerIdentity identity = get(id);
    if (identity.status() != SignerIdentity.Status.ACTIVE) {
      throw new InvalidSubmissionException("identity " + id + " was revoked at " + identity.revokedAt()
          + " and can no longer sign");
    }
    try {
      KeyStore store = keyStore(id);
      X509Certificate certificate = (X509Certificate) store.getCertificate("signer");
      PrivateKey key = identity.keyStorage() == SignerIdentity.KeyStorage.PKCS11
          ? token.key(id)
          : (PrivateKey) store.getKey("signer", ca.keystorePassword());
      return new SigningKey(key, chain(certificate));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the key of identity " + id, e);
    }
  }

  /** {@code certificate}, then the hospital CA and its issuers. */
  private List<X509Certificate> chain(X509Certificate certificate) {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(certificate);
    chain.addAll(ca.chain());
    return chain;
  }

  private KeyStore keyStore(String id) throws GeneralSecurityException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(dir.resolve(UUID.fromString(id) + ".p12"))) {
        store.load(in, ca.keystorePassword());
      }
      return store;
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot read the key store of identity " + id + ": " + e.getMessage(), e);
    }
  }

  /** Revokes an identity: its certificate is listed on the next CRL. Idempotent. */
  public synchronized SignerIdentity revoke(String id, String reason) {
    SignerIdentity identity = get(id);
    if (identity.status() == SignerIdentity.Status.REVOKED) {
      return identity;
    }
    if (reason != null && (reason.length() > 256 || reason.chars().anyMatch(Character::isISOControl))) {
      throw new InvalidSubmissionException("reason must be at most 256 printable characters");
    }
    SignerIdentity revoked = identity.revoked(Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), reason);
    try {
      write(revoked);
    } catch (IOException e) {
      throw new UncheckedIOException("could not record the revocation of " + id, e);
    }
    return revoked;
  }

  /** The current CRL: every revoked identity's serial. Its number counts the revocations. */
  public X509CRL crl() {
    List<HospitalCa.Revocation> revoked = identities.values().stream()
        .filter(i -> i.status() == SignerIdentity.Status.REVOKED)
        .map(i -> new HospitalCa.Revocation(new BigInteger(i.serial(), 16), Instant.parse(i.revokedAt())))
        .toList();
    return ca.crl(revoked, revoked.size() + 1L);
  }

  /** The current CRL, base64 DER, for proofs. */
  public String crlBase64() {
    try {
      return Base64.getEncoder().encodeToString(crl().getEncoded());
    } catch (CRLException e) {
      throw new IllegalStateException("the CRL cannot be encoded", e);
    }
  }

  private void write(SignerIdentity identity) throws IOException {
    Path file = dir.resolve(UUID.fromString(identity.id()) + ".json");
    // Durable before it counts: a revocation must not come undone in a crash.
    DurableFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(identity));
    identities.put(identity.id(), identity);
  }

}
