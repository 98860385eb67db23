package org.evidencenotary.notary.signing;

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
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.config.SigningConfig;

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
          new IllegalStateException("no PKCS#11 token configured (notary.signing.pkcs11.library)"));
      try {
        Path cfg = notary.dataDir().resolve("identity/pkcs11.cfg");
        Files.createDirectories(cfg.getParent());
        // Keys made here stay in the token, sensitive and never extractable.
        Files.writeString(cfg, "name = NotaryHSM\nlibrary = " + p11.library() + "\nslotListIndex = "
            + p11.slotListIndex().orElse(0) + "\nattributes(generate, CKO_PRIVATE_KEY, *) = {\n  CKA_TOKEN = true\n"
            + "  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\nattributes(generate, CKO_PUBLIC_KEY, *) = {\n"
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

  /** A new EC P-256 key pair generated inside the token. */
  public KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider());
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new SigningException("the token could not generate a key: " + e.getMessage(), e);
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
