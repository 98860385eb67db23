package org.evidencenotary.notary.admin;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.config.AdminConfig;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * The bearer token that admin calls must present. Read from {@code notary.admin.token-file}, or
 * created at first start as {@code <data>/admin-token} (32 random bytes, base64url, mode 0600).
 * The start log names the file, never the token.
 *
 * <p>Security: a presented token is compared in constant time, over SHA-256 digests of both
 * values, so neither the content nor the length of the token leaks through timing. The service
 * keeps only the digest in memory.
 */
@Startup
@ApplicationScoped
public class AdminToken {
  static final String DEFAULT_FILE = "admin-token";
  static final int MIN_LENGTH = 32;
  private static final Logger LOG = Logger.getLogger(AdminToken.class);

  @Inject AdminConfig config;
  @Inject NotaryConfig notary;

  private Path file;
  private byte[] digest;

  @PostConstruct
  void init() {
    file = config.tokenFile().orElse(notary.dataDir().resolve(DEFAULT_FILE));
    try {
      if (config.tokenFile().isEmpty() && !Files.exists(file)) {
        create(file);
        LOG.infof("Created the admin token in %s (mode 0600): admin calls send it as 'Authorization: Bearer'", file);
      } else {
        LOG.infof("Admin calls need the bearer token in %s", file);
      }
      if (!Files.isRegularFile(file)) {
        throw new ConfigurationException("notary.admin.token-file " + file + " does not exist");
      }
      warnIfReadableByOthers(file);
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (token.length() < MIN_LENGTH || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new ConfigurationException("the admin token in " + file + " must be one line of at least " + MIN_LENGTH
            + " printable characters without spaces");
      }
      digest = sha256(token);
    } catch (IOException e) {
      throw new ConfigurationException("the admin token file " + file + " cannot be read or created: "
          + e.getMessage(), e);
    }
  }

  /** The file holding the token (for operators and tests; the token itself is never logged). */
  public Path file() {
    return file;
  }

  /** Whether {@code presented} is the admin token, compared in constant time. */
  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(digest, sha256(presented));
  }

  private static void create(Path file) throws IOException {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    OwnerOnlyFiles.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      // Created with mode 0600 from the start: the token is never readable by others, not even briefly.
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warnf("the admin token file %s is readable by other users (%s); chmod 600 it", file,
            PosixFilePermissions.toString(mode));
      }
    } catch (UnsupportedOperationException | IOException e) {
      // no POSIX permissions here: nothing to check
    }
  }

  private static byte[] sha256(String value) {
    return Sha256.digest(value.getBytes(StandardCharsets.UTF_8)).bytes();
  }
}
