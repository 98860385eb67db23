package org.evidencenotary.notary.auth;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.AuthConfig;
import org.evidencenotary.storage.DurableFiles;
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * The embedded token issuer's key pair (EC P-256, tokens signed ES256), created at first start
 * under {@code notary.auth.key-dir} (default {@code <data>/auth}): the private key in {@code token-signing.pem} (PKCS#8, mode 0600), the
 * public key in {@code token-verify.pem}, which is what the service verifies bearer tokens with
 * (application.properties points {@code mp.jwt.verify.publickey.location} at it) and what an
 * operator hands to another service that should accept the same tokens.
 */
@Startup
@ApplicationScoped
public class TokenKeys {
  static final String SIGNING_FILE = "token-signing.pem";
  static final String VERIFY_FILE = "token-verify.pem";
  private static final Logger LOG = Logger.getLogger(TokenKeys.class);

  @Inject AuthConfig config;

  private PrivateKey signing;
  private PublicKey verifying;
  private String keyId;

  @PostConstruct
  void init() {
    Path dir = config.keyDir();
    Path privateFile = dir.resolve(SIGNING_FILE);
    Path publicFile = dir.resolve(VERIFY_FILE);
    try {
      if (!Files.exists(privateFile)) {
        create(dir, privateFile, publicFile);
        LOG.infof("Created the token-signing key in %s; bearer tokens are verified with %s", privateFile, publicFile);
      }
      KeyFactory ec = KeyFactory.getInstance("EC");
      signing = ec.generatePrivate(new PKCS8EncodedKeySpec(pem(privateFile)));
      byte[] publicDer = pem(publicFile);
      verifying = ec.generatePublic(new X509EncodedKeySpec(publicDer));
      keyId = Sha256.hexOf(publicDer).substring(0, 16);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new ConfigurationException("the token-signing key in " + dir + " cannot be read or created: "
          + e.getMessage() + " (delete both token-*.pem files to make a new pair; tokens issued before stop working)", e);
    }
  }

  PrivateKey signingKey() {
    return signing;
  }

  /** The public key bearer tokens of the embedded issuer are verified with. */
  public PublicKey verifyingKey() {
    return verifying;
  }

  /** The {@code kid} of the embedded issuer's tokens: the start of the public key's SHA-256. */
  String keyId() {
    return keyId;
  }

  private static void create(Path dir, Path privateFile, Path publicFile) throws IOException, GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    OwnerOnlyFiles.createDirectories(dir);
    DurableFiles.replace(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    // The private key is written last, so a crash in between leaves no half pair that looks whole.
    writeOwnerOnly(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
  }

  /** Writes a new file readable by its owner only from its first byte, synced, then moved in place. */
  private static void writeOwnerOnly(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes));
      channel.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    DurableFiles.syncDirectory(target.toAbsolutePath().getParent());
  }

  private static byte[] pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] pem(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }
}
