package org.evidencenotary.notary.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.IdentityConfig;

/**
 * Reads a hospital's existing CA (PKCS#12, or PEM certificate + PEM key) and checks that it can
 * serve as the notary's CA: the key belongs to the certificate, the certificate is a CA
 * (basicConstraints cA=true, keyUsage keyCertSign and cRLSign), valid now, with an EC or RSA key,
 * and any certificates after it are its issuers in order.
 *
 * <p>Every failure is a {@link ConfigurationException} naming the setting and what was found, so
 * the service stops at start with a message an operator can act on.
 */
final class CaImport {
  /** The CA's key and its chain: the CA certificate first, then its issuers. */
  record Material(PrivateKey key, List<X509Certificate> chain) {
    Material {
      Objects.requireNonNull(key, "key");
      chain = List.copyOf(chain);
    }

    X509Certificate certificate() {
      return chain.get(0);
    }
  }

  // OpenSSL's encrypted keys name ciphers (AES/CBC/PKCS7Padding) the JDK providers do not know.
  private static final Provider BC = new BouncyCastleProvider();

  private CaImport() {}

  /** Reads and checks the CA named by {@code config}. */
  static Material load(IdentityConfig.Ca config) {
    char[] password = config.password().map(String::toCharArray).orElse(new char[0]);
    if (config.pkcs12().isPresent()) {
      if (config.certificate().isPresent() || config.key().isPresent()) {
        throw new ConfigurationException("notary.identity.ca: give either pkcs12 or certificate and key, not both");
      }
      return pkcs12(config.pkcs12().get(), password, config.alias().orElse(null));
    }
    if (config.certificate().isEmpty() || config.key().isEmpty()) {
      throw new ConfigurationException("notary.identity.ca: give pkcs12 (with password), or both certificate and key"
          + " (PEM files)");
    }
    return pem(config.certificate().get(), config.key().get(), password);
  }

  /** The CA in a PKCS#12 file: the entry {@code alias}, or the file's only key entry when null. */
  static Material pkcs12(Path file, char[] password, String alias) {
    KeyStore store;
    try (InputStream in = Files.newInputStream(file)) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigurationException("notary.identity.ca.pkcs12 " + file + " cannot be opened (wrong"
          + " notary.identity.ca.password, or not a PKCS#12 file): " + e.getMessage(), e);
    }
    try {
      String entry = alias;
      if (entry == null) {
        List<String> keys = new ArrayList<>();
        for (String a : Collections.list(store.aliases())) {
          if (store.isKeyEntry(a)) {
            keys.add(a);
          }
        }
        if (keys.size() != 1) {
          throw new ConfigurationException("notary.identity.ca.pkcs12 " + file + " holds " + keys.size()
              + " key entries " + keys + ": name the CA's with notary.identity.ca.alias");
        }
        entry = keys.get(0);
      }
      if (!store.isKeyEntry(entry)) {
        throw new ConfigurationException("notary.identity.ca.pkcs12 " + file + " has no key entry '" + entry + "'");
      }
      PrivateKey key = (PrivateKey) store.getKey(entry, password);
      Certificate[] chain = store.getCertificateChain(entry);
      if (key == null || chain == null || chain.length == 0) {
        throw new ConfigurationException("notary.identity.ca.pkcs12 " + file + ": entry '" + entry
            + "' lacks its key or certificate");
      }
      return checked(key, Arrays.stream(chain).map(X509Certificate.class::cast).toList(), "notary.identity.ca.pkcs12");
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException("notary.identity.ca.pkcs12 " + file + ": the CA key cannot be read: "
          + e.getMessage(), e);
    }
  }

  /** The CA from PEM files: the certificate (then its issuers) and the private key. */
  static Material pem(Path certificateFile, Path keyFile, char[] password) {
    List<X509Certificate> chain;
    try (InputStream in = Files.newInputStream(certificateFile)) {
      chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast).toList();
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigurationException("notary.identity.ca.certificate " + certificateFile
          + " cannot be read as PEM certificates: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new ConfigurationException("notary.identity.ca.certificate " + certificateFile + " holds no certificate");
    }
    return checked(readKey(keyFile, password), chain, "notary.identity.ca");
  }

  private static PrivateKey readKey(Path file, char[] password) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
        requirePassword(file, password);
        object = encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password));
      } else if (object instanceof PEMEncryptedKeyPair encrypted) {
        requirePassword(file, password);
        object = encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password));
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        // SEC1 "EC PRIVATE KEY" may lack the public point: take the private part only.
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      throw new ConfigurationException("notary.identity.ca.key " + file + " holds no private key"
          + (object == null ? "" : " (found " + object.getClass().getSimpleName() + ")"));
    } catch (IOException | OperatorCreationException | PKCSException e) {
      throw new ConfigurationException("notary.identity.ca.key " + file + " cannot be read (wrong"
          + " notary.identity.ca.password, or not a PEM private key): " + e.getMessage(), e);
    }
  }

  private static void requirePassword(Path file, char[] password) {
    if (password.length == 0) {
      throw new ConfigurationException("notary.identity.ca.key " + file + " is encrypted: give its password as"
          + " notary.identity.ca.password (e.g. NOTARY_IDENTITY_CA_PASSWORD)");
    }
  }

  /** The checks a CA must pass before it issues anything for us. */
  static Material checked(PrivateKey key, List<X509Certificate> chain, String setting) {
    X509Certificate ca = chain.get(0);
    String subject = "'" + ca.getSubjectX500Principal().getName(X500Principal.RFC2253) + "'";
    String algorithm;
    try {
      algorithm = NotaryIdentity.signatureAlgorithm(key);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(setting + ": the CA key of " + subject + " is " + key.getAlgorithm()
          + "; only EC and RSA CA keys are supported");
    }
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(ca.getPublicKey());
      verifier.update(challenge);
      if (!verifier.verify(signature)) {
        throw new ConfigurationException(setting + ": the private key does not belong to the certificate " + subject);
      }
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException(setting + ": the private key does not belong to the certificate " + subject
          + " (" + e.getMessage() + ")", e);
    }
    if (ca.getBasicConstraints() < 0) {
      throw new ConfigurationException(setting + ": " + subject + " is not a CA certificate: it lacks basicConstraints"
          + " cA=true");
    }
    boolean[] usage = ca.getKeyUsage();
    if (usage == null || !usage[5] || !usage[6]) {
      throw new ConfigurationException(setting + ": the CA certificate " + subject + " must allow keyCertSign and"
          + " cRLSign in its keyUsage, to issue certificates and sign the revocation list; it "
          + (usage == null ? "has no keyUsage" : "allows only " + usages(usage)));
    }
    try {
      ca.checkValidity();
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException(setting + ": the CA certificate " + subject + " is not valid now (valid "
          + ca.getNotBefore().toInstant() + " to " + ca.getNotAfter().toInstant() + ")", e);
    }
    for (int i = 0; i + 1 < chain.size(); i++) {
      try {
        chain.get(i).verify(chain.get(i + 1).getPublicKey());
      } catch (GeneralSecurityException e) {
        throw new ConfigurationException(setting + ": the certificates after the CA's must be its issuers in order;"
            + " certificate " + (i + 2) + " did not issue certificate " + (i + 1), e);
      }
    }
    return new Material(key, chain);
  }

  private static String usages(boolean[] usage) {
    String[] names = {"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
        "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
    List<String> set = new ArrayList<>();
    for (int i = 0; i < usage.length && i < names.length; i++) {
      if (usage[i]) {
        set.add(names[i]);
      }
    }
    return set.isEmpty() ? "nothing" : String.join(", ", set);
  }
}
