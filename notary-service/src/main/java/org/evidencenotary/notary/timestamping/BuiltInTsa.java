package org.evidencenotary.notary.timestamping;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.pki.Crls;
import org.evidencenotary.notary.pki.NotaryIdentity;
import org.evidencenotary.notary.pki.SigningException;
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * The embedded default's RFC 3161 time-stamping authority (Bouncy Castle TSP): its own root and a
 * TSA certificate with the critical timeStamping extended key usage, created at first start under
 * {@code <data>/identity/tsa.p12}. Production points {@code notary.signing.tsa-url} at an outside
 * TSA instead, so that time does not come from the notary's own clock; then this one is not created
 * (see {@link TimeStamping}).
 *
 * <p>The TSA root's key is kept beside the TSA key (alias {@code tsa-root}) for one purpose: to sign
 * the root's revocation list, which certificate PDFs embed for PAdES B-LT. Stores made before it
 * was kept have no such key; their TSA can sign no CRL, and certificates then stay at B-T for the
 * time-stamp's chain (logged once at start).
 */
@ApplicationScoped
public class BuiltInTsa {
  /** Our TSA policy: a UUID-derived OID (ITU-T X.667), since we have no registered arc. */
  public static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("2.25.302442358251386349516547342012390518461");
  private static final String ROOT_ALIAS = "tsa-root";
  private static final Logger LOG = Logger.getLogger(BuiltInTsa.class);
  private static final String FILE = "identity/tsa.p12";
  private static final Set<ASN1ObjectIdentifier> ACCEPTED = Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA384, TSPAlgorithms.SHA512);

  @Inject NotaryConfig config;
  @Inject NotaryIdentity identity;

  private PrivateKey key;
  private X509Certificate certificate;
  private X509Certificate root;
  private PrivateKey rootKey;
  private final SecureRandom random = new SecureRandom();

  /** Whether the built-in TSA's key file exists under {@code dataDir}, i.e. it was ever used. */
  static boolean exists(Path dataDir) {
    return Files.exists(dataDir.resolve(FILE));
  }

  @PostConstruct
  void init() {
    Path file = config.dataDir().resolve(FILE);
    char[] password = identity.keystorePassword();
    try {
      if (!Files.exists(file)) {
        create(file, password);
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file)) {
        store.load(in, password);
      }
      key = (PrivateKey) store.getKey("tsa", password);
      Certificate[] chain = store.getCertificateChain("tsa");
      certificate = (X509Certificate) chain[0];
      root = (X509Certificate) chain[1];
      rootKey = (PrivateKey) store.getKey(ROOT_ALIAS, password);
      if (rootKey == null) {
        LOG.warnf("The built-in TSA in %s has no root key (made by an older version): it cannot sign a CRL, so "
            + "certificate PDFs carry no revocation data for the time-stamp's chain (PAdES B-T, not B-LT)", file);
      }
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new ConfigurationException("cannot create or load the built-in TSA in " + file + ": " + e.getMessage(), e);
    }
  }

  public X509Certificate root() {
    return root;
  }

  public List<X509Certificate> chain() {
    return List.of(certificate, root);
  }

  /**
   * The TSA root's current revocation list (it never revoked its one TSA certificate, so the list
   * is empty), valid for a week; empty when this store has no root key (see the class comment).
   */
  public Optional<X509CRL> crl() {
    if (rootKey == null) {
      return Optional.empty();
    }
    try {
      // Numbered by issue time: later lists get higher numbers without keeping a counter.
      return Optional.of(Crls.sign(root, rootKey, List.of(), Instant.now().getEpochSecond()));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new SigningException("the built-in TSA could not sign its root's CRL: " + e.getMessage(), e);
    }
  }

  /** Answers an RFC 3161 request (DER) with a response (DER); refused requests get a rejection. */
  public byte[] respond(byte[] request) throws IOException {
    try {
      TimeStampRequest tsq = new TimeStampRequest(request);
      TimeStampResponseGenerator generator = new TimeStampResponseGenerator(tokenGenerator(), ACCEPTED);
      TimeStampResponse response = generator.generate(tsq, new BigInteger(63, random), new Date());
      return response.getEncoded();
    } catch (TSPException | OperatorCreationException | GeneralSecurityException e) {
      throw new IOException("the TSA could not answer: " + e.getMessage(), e);
    }
  }

  /** A time-stamp token over a SHA-256 imprint, with the TSA certificate embedded. */
  public TimeStampToken stamp(byte[] sha256) throws IOException {
    TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
    requests.setCertReq(true);
    TimeStampRequest request = requests.generate(TSPAlgorithms.SHA256, sha256, new BigInteger(63, random));
    try {
      TimeStampResponse response = new TimeStampResponse(respond(request.getEncoded()));
      response.validate(request);
      if (response.getTimeStampToken() == null) {
        throw new IOException("the TSA refused: " + response.getStatusString());
      }
      return response.getTimeStampToken();
    } catch (TSPException e) {
      throw new IOException("the TSA's answer does not match the request: " + e.getMessage(), e);
    }
  }

  private TimeStampTokenGenerator tokenGenerator()
      throws OperatorCreationException, TSPException, GeneralSecurityException {
    TimeStampTokenGenerator generator = new TimeStampTokenGenerator(
        new JcaSimpleSignerInfoGeneratorBuilder().build(NotaryIdentity.SIGNATURE_ALGORITHM, key, certificate),
        new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
        POLICY);
    generator.addCertificates(new JcaCertStore(List.of(certificate)));
    generator.setAccuracySeconds(1);
    return generator;
  }

  private static void create(Path file, char[] password)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    KeyPair rootKeys = generator.generateKeyPair();
    KeyPair tsaKeys = generator.generateKeyPair();
    X500Name rootName = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.CN, "Evidence Notary TSA Root").addRDN(BCStyle.O, "Evidence Notary (embedded)").build();
    X500Name tsaName = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.CN, "Evidence Notary Time-Stamping Authority").addRDN(BCStyle.O, "Evidence Notary (embedded)").build();
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder rootBuilder = new JcaX509v3CertificateBuilder(rootName,
        new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(Duration.ofDays(20 * 366))), rootName, rootKeys.getPublic());
    rootBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    rootBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate root = new JcaX509CertificateConverter().getCertificate(
        rootBuilder.build(new JcaContentSignerBuilder(NotaryIdentity.SIGNATURE_ALGORITHM).build(rootKeys.getPrivate())));
    JcaX509v3CertificateBuilder tsaBuilder = new JcaX509v3CertificateBuilder(root,
        new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(Duration.ofDays(10 * 366))), tsaName, tsaKeys.getPublic());
    tsaBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    tsaBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    // RFC 3161 section 2.3: the TSA certificate's only extended key usage, marked critical.
    tsaBuilder.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
    X509Certificate tsa = new JcaX509CertificateConverter().getCertificate(
        tsaBuilder.build(new JcaContentSignerBuilder(NotaryIdentity.SIGNATURE_ALGORITHM).build(rootKeys.getPrivate())));

    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("tsa", tsaKeys.getPrivate(), password, new Certificate[] {tsa, root});
    store.setKeyEntry(ROOT_ALIAS, rootKeys.getPrivate(), password, new Certificate[] {root});
    Path tmp = file.resolveSibling("tsa.p12.tmp");
    try (OutputStream out = OwnerOnlyFiles.overwrite(tmp)) {
      store.store(out, password);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    LOG.infof("Created the built-in time-stamping authority in %s", file);
  }
}
