package org.evidencenotary.notary.pki;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
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
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.IdentityConfig;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * The notary's own identity: a local root CA and the service's EC P-256 signing key with a
 * certificate issued by it, created with Bouncy Castle at first start and kept in a PKCS#12 file
 * under {@code <data>/identity}. Also holds the per-deployment salt for non-identifying
 * reference hashes.
 *
 * <p>Security: the keystore password is a random value in a file readable by the service's user
 * only. That protects against casual copying, not against someone with the account; hospitals
 * move the key into an HSM (see docs/threat-model.md).
 */
@Startup
@ApplicationScoped
public class NotaryIdentity {
  public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  private static final Logger LOG = Logger.getLogger(NotaryIdentity.class);
  private static final String ROOT_ALIAS = "root-ca";
  private static final String SERVICE_ALIAS = "notary";

  @Inject NotaryConfig config;
  @Inject IdentityConfig identityConfig;

  private PrivateKey serviceKey;
  private PrivateKey rootKey;
  private char[] keystorePassword;
  private X509Certificate serviceCertificate;
  private X509Certificate rootCertificate;
  private List<X509Certificate> caChain;
  private List<X509Certificate> serviceChain;
  private byte[] referenceSalt;

  @PostConstruct
  void init() {
    try {
      Path dir = config.dataDir().resolve("identity");
      OwnerOnlyFiles.createDirectories(dir);
      Path keystore = dir.resolve("notary.p12");
      Path password = dir.resolve("keystore-password");
      if (!Files.exists(keystore)) {
        create(dir, keystore, password);
      }
      load(keystore, password);
      identityConfig.ca().ifPresent(configured -> requireSameCa(CaImport.load(configured)));
      writePem(dir.resolve("root-ca.pem"), caChain);
      referenceSalt = loadOrCreateSalt(dir.resolve("reference-salt"));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new ConfigurationException(
          "cannot create or load the notary identity under "
              + config.dataDir().resolve("identity")
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The JCA signature algorithm (SHA-256) for a CA or signer key: EC or RSA. */
  public static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> SIGNATURE_ALGORITHM;
      case "RSA" -> "SHA256withRSA";
      default -> throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
    };
  }

  /** Signs {@code data} with the service key (ECDSA P-256 over SHA-256, DER encoded). */
  public byte[] sign(byte[] data) {
    try {
      Signature signature = Signature.getInstance(SIGNATURE_ALGORITHM);
      signature.initSign(serviceKey);
      signature.update(data);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new SigningException("the notary key could not sign: " + e.getMessage(), e);
    }
  }

  /**
   * A Bouncy Castle content signer with the service key (ECDSA P-256, SHA-256), for CMS
   * signatures such as the certificate PDF's.
   */
  public ContentSigner contentSigner() {
    try {
      return new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(serviceKey);
    } catch (OperatorCreationException e) {
      throw new SigningException("the notary key cannot make a CMS signer: " + e.getMessage(), e);
    }
  }

  public X509Certificate serviceCertificate() {
    return serviceCertificate;
  }

  /**
   * The service key, for signers that stream their input through {@link Signature} themselves
   * (the DICOM signature writer, for the series Key Object Selection Documents). It stays in this
   * process: nothing writes it out.
   */
  public PrivateKey serviceKey() {
    return serviceKey;
  }

  /** The hospital CA's key, for {@link HospitalCa} only. */
  PrivateKey rootKey() {
    return rootKey;
  }

  /** The password protecting key stores under the data folder (this one and the built-in TSA's). */
  public char[] keystorePassword() {
    return keystorePassword.clone();
  }

  /** Service certificate first, then the hospital CA and its issuers. */
  public List<X509Certificate> chain() {
    return serviceChain;
  }

  /**
   * The hospital CA's certificate: it issued the service certificate and every signer identity,
   * and signs the CRL. The local root made at first start, or the imported hospital CA.
   */
  public X509Certificate rootCertificate() {
    return rootCertificate;
  }

  /**
   * The hospital CA's certificate followed by its issuers, if it was imported with them: what a
   * verifier trusts for the notary's and the signers' certificates.
   */
  public List<X509Certificate> caChain() {
    return caChain;
  }

  public String serviceSubject() {
    return serviceCertificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
  }

  public String serviceCertificateSha256() {
    try {
      return Sha256.digest(serviceCertificate.getEncoded()).hex();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("service certificate cannot be encoded", e);
    }
  }

  /**
   * Salted hash of a reference (case number, UID): HMAC-SHA256 keyed with the deployment salt, so
   * the ledger can index it without anyone who lacks the salt learning or guessing the value.
   */
  public String referenceHash(String reference) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(referenceSalt, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(reference.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private void create(Path dir, Path keystore, Path passwordFile)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    char[] password = randomPassword();
    writePrivate(passwordFile, new String(password).getBytes(StandardCharsets.US_ASCII));

    Instant now = Instant.now();
    PrivateKey caKey;
    List<X509Certificate> ca;
    if (identityConfig.ca().isPresent()) {
      // The hospital's own CA, checked before it issues anything (CaImport).
      CaImport.Material imported = CaImport.load(identityConfig.ca().get());
      caKey = imported.key();
      ca = imported.chain();
      LOG.infof("Imported the hospital CA %s (SHA-256 %s) from notary.identity.ca",
          imported.certificate().getSubjectX500Principal().getName(X500Principal.RFC2253),
          Sha256.digest(imported.certificate().getEncoded()).hex());
    } else {
      KeyPair rootKeys = newKeyPair();
      X500Name rootName = name("Evidence Notary Local Root CA");
      caKey = rootKeys.getPrivate();
      ca = List.of(certificate(rootName, rootKeys, rootName, caKey, now, Duration.ofDays(20 * 366), true));
    }
    // A service certificate must not outlive the CA that issued it.
    Duration serviceValidity = Duration.ofDays(10 * 366);
    Duration caLeft = Duration.between(now, ca.get(0).getNotAfter().toInstant());
    if (caLeft.compareTo(serviceValidity) < 0) {
      serviceValidity = caLeft;
    }

    KeyPair serviceKeys = newKeyPair();
    X509Certificate service =
        certificate(
            name(identityConfig.serviceName()),
            serviceKeys,
            X500Name.getInstance(ca.get(0).getSubjectX500Principal().getEncoded()),
            caKey,
            now,
            serviceValidity,
            false);

    List<X509Certificate> serviceChain = new ArrayList<>();
    serviceChain.add(service);
    serviceChain.addAll(ca);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(ROOT_ALIAS, caKey, password, ca.toArray(new Certificate[0]));
    ks.setKeyEntry(SERVICE_ALIAS, serviceKeys.getPrivate(), password, serviceChain.toArray(new Certificate[0]));
    Path tmp = dir.resolve("notary.p12.tmp");
    try (OutputStream out = OwnerOnlyFiles.overwrite(tmp)) {
      ks.store(out, password);
    }
    Files.move(tmp, keystore, StandardCopyOption.ATOMIC_MOVE);
    LOG.infof(
        "Created the notary identity in %s: root CA and service certificate %s (EC P-256)",
        dir, service.getSubjectX500Principal().getName(X500Principal.RFC2253));
  }

  private void load(Path keystore, Path passwordFile) throws IOException, GeneralSecurityException {
    if (!Files.exists(passwordFile)) {
      throw new IOException("keystore " + keystore + " exists but its password file " + passwordFile + " is missing");
    }
    char[] password = Files.readString(passwordFile, StandardCharsets.US_ASCII).trim().toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, password);
    }
    serviceKey = (PrivateKey) ks.getKey(SERVICE_ALIAS, password);
    Certificate[] chain = ks.getCertificateChain(SERVICE_ALIAS);
    if (serviceKey == null || chain == null || chain.length < 2) {
      throw new IOException("keystore " + keystore + " has no complete '" + SERVICE_ALIAS + "' entry");
    }
    serviceChain = Arrays.stream(chain).map(X509Certificate.class::cast).toList();
    serviceCertificate = serviceChain.get(0);
    rootCertificate = serviceChain.get(1);
    caChain = serviceChain.subList(1, serviceChain.size());
    rootKey = (PrivateKey) ks.getKey(ROOT_ALIAS, password);
    keystorePassword = password;
    serviceCertificate.verify(rootCertificate.getPublicKey());
  }

  /** A CA configured for import must be the one this data folder already uses: import is at first start only. */
  private void requireSameCa(CaImport.Material configured) {
    if (!configured.certificate().equals(rootCertificate)) {
      throw new ConfigurationException("notary.identity.ca names the CA '"
          + configured.certificate().getSubjectX500Principal().getName(X500Principal.RFC2253)
          + "', but this data folder already uses the CA '"
          + rootCertificate.getSubjectX500Principal().getName(X500Principal.RFC2253)
          + "'. A CA is imported only at first start; remove the setting to keep the current CA, or see"
          + " docs/identity.md (CA rollover)");
    }
  }

  private X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.CN, commonName)
        .addRDN(BCStyle.O, identityConfig.organisation())
        .build();
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return generator.generateKeyPair();
  }

  private static X509Certificate certificate(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuer,
      PrivateKey issuerKey,
      Instant notBefore,
      Duration validity,
      boolean ca)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    BigInteger serial = new BigInteger(127, new SecureRandom());
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            serial,
            Date.from(notBefore.minus(Duration.ofMinutes(5))),
            Date.from(notBefore.plus(validity)),
            subject,
            subjectKeys.getPublic());
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    builder.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
    builder.addExtension(
        Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder(signatureAlgorithm(issuerKey)).build(issuerKey)));
  }

  private static byte[] loadOrCreateSalt(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] salt = new byte[32];
      new SecureRandom().nextBytes(salt);
      writePrivate(file, HexFormat.of().formatHex(salt).getBytes(StandardCharsets.US_ASCII));
    }
    return HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).trim());
  }

  private static char[] randomPassword() {
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    return HexFormat.of().formatHex(raw).toCharArray();
  }

  private static void writePrivate(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = OwnerOnlyFiles.overwrite(tmp)) {
      out.write(content);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void writePem(Path file, List<X509Certificate> certificates) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      for (X509Certificate certificate : certificates) {
        pem.writeObject(certificate);
      }
    }
    try (OutputStream out = OwnerOnlyFiles.overwrite(file)) {
      out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
    }
  }
}
