package org.evidencenotary.notary.pki;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.util.List;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.config.SigningConfig;
import org.evidencenotary.storage.OwnerOnlyFiles;

/**
 * Signer keys in a PKCS#11 token (an HSM; SoftHSM2 in tests) through the JDK's SunPKCS11
 * provider. Keys are generated inside the token as sensitive, never-extractable objects: the
 * private key never leaves it, and signing happens in the token.
 */
@ApplicationScoped
public class Pkcs11Token {
  @Inject SigningConfig config;
  @Inject NotaryConfig notary;

  private Provider provider;
  private KeyStore store;

  public boolean configured() {
    return config.pkcs11().isPresent();
  }

  public synchronized Provider provider() {
    if (provider == null) {
      SigningConfig.Pkcs11 p11 = config.pkcs11().orElseThrow(() ->
          new ConfigurationException("no PKCS#11 token configured (notary.signing.pkcs11.library)"));
      try {
        Path cfg = notary.dataDir().resolve("identity/pkcs11.cfg");
        OwnerOnlyFiles.createDirectories(cfg.getParent());
        // Keys made here stay in the token, sensitive and never extractable. RSA keys only sign: an
        // RSA key that also decrypts PKCS#1 v1.5 could be used as a padding oracle to forge
        // signatures (Bleichenbacher), and SunPKCS11's default template allows decrypt and unwrap.
        Files.deleteIfExists(cfg);
        OwnerOnlyFiles.createFile(cfg);
        Files.writeString(cfg, "name = NotaryHSM\nlibrary = " + p11.library() + "\nslotListIndex = "
            + p11.slotListIndex().orElse(0) + "\nattributes(generate, CKO_PRIVATE_KEY, *) = {\n  CKA_TOKEN = true\n"
            + "  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\nattributes(generate, CKO_PRIVATE_KEY, CKK_RSA) = {\n"
            + "  CKA_DECRYPT = false\n  CKA_UNWRAP = false\n}\nattributes(generate, CKO_PUBLIC_KEY, *) = {\n"
            + "  CKA_TOKEN = true\n}\n");
        Provider configured = Security.getProvider("SunPKCS11").configure(cfg.toString());
        Security.addProvider(configured);
        KeyStore keyStore = KeyStore.getInstance("PKCS11", configured);
        keyStore.load(null, p11.pin().toCharArray());
        provider = configured;
        store = keyStore;
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        throw new SigningException("the PKCS#11 token could not be opened: " + e.getMessage(), e);
      }
    }
    return provider;
  }

  /**
   * A new key pair generated inside the token.
   *
   * @param algorithm the JCA key algorithm: {@code EC} or {@code RSA} (SoftHSM2 and most HSMs make
   *     both; SunPKCS11 signs SHA256withECDSA by hashing in software for tokens with raw ECDSA only,
   *     and SHA256withRSA with the token's CKM_SHA256_RSA_PKCS)
   * @param parameters the curve, or the modulus size and public exponent
   */
  public KeyPair generate(String algorithm, AlgorithmParameterSpec parameters) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, provider());
      generator.initialize(parameters);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new SigningException("the token could not generate a key (" + algorithm + "): " + e.getMessage(), e);
    }
  }

  /** Binds a token key to its certificate chain under {@code alias} (the token keeps both). */
  public synchronized void store(String alias, PrivateKey key, List<X509Certificate> chain) {
    provider();
    try {
      store.setKeyEntry(alias, key, null, chain.toArray(new Certificate[0]));
    } catch (GeneralSecurityException e) {
      throw new SigningException("the token could not store the key entry: " + e.getMessage(), e);
    }
  }

  /** The token key under {@code alias}; a handle, never the key material. */
  public synchronized PrivateKey key(String alias) {
    provider();
    try {
      PrivateKey key = (PrivateKey) store.getKey(alias, null);
      if (key == null) {
        throw new SigningException("the token holds no key '" + alias + "'", null);
      }
      return key;
    } catch (GeneralSecurityException e) {
      throw new SigningException("the token could not find key '" + alias + "': " + e.getMessage(), e);
    }
  }
}
