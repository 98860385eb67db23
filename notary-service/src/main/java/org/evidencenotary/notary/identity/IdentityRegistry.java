package org.evidencenotary.notary.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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
import org.evidencenotary.notary.pki.HospitalCa;
import org.evidencenotary.notary.pki.Pkcs11Token;
import org.evidencenotary.storage.DurableFiles;

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

  private Path dir;
  private final Map<String, SignerIdentity> identities = new ConcurrentHashMap<>();

  @PostConstruct
  void load() {
    dir = config.dataDir().resolve("identities");
    try {
      Files.createDirectories(dir);
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
  public synchronized SignerIdentity enrol(SignerIdentity.Kind kind, String name, String aeTitle,
      SignerIdentity.KeyStorage storage, SignerIdentity.KeyAlgorithm algorithm) {
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
      try (OutputStream out = Files.newOutputStream(tmp)) {
        store.store(out, password);
      }
      restrict(tmp);
      Files.move(tmp, p12, StandardCopyOption.ATOMIC_MOVE);

      SignerIdentity identity = new SignerIdentity(id, kind, name.strip(), ae,
          certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
          certificate.getSerialNumber().toString(16),
          Sha256.digest(certificate.getEncoded()).hex(),
          certificate.getNotBefore().toInstant().toString(),
          certificate.getNotAfter().toInstant().toString(),
          SignerIdentity.Status.ACTIVE, null, null, where, keyAlgorithm);
      write(identity);
      return identity;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not enrol the identity: " + e.getMessage(), e);
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

  private static void restrict(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // best effort on filesystems without POSIX permissions
    }
  }
}
