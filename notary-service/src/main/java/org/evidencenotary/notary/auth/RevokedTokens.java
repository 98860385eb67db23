package org.evidencenotary.notary.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.evidencenotary.format.LowercaseUuid;
import org.evidencenotary.notary.config.AuthConfig;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.storage.DurableFiles;
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * Tokens an administrator revoked before they expired (a stolen or lost token), by their id
 * ({@code jti}), kept in {@code revoked-tokens.json} beside the token keys and written whole and
 * synced on every revocation. A revoked token no longer signs in, also after a restart.
 */
@Startup
@ApplicationScoped
public class RevokedTokens {
  static final String FILE = "revoked-tokens.json";
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Logger LOG = Logger.getLogger(RevokedTokens.class);

  @Inject AuthConfig config;

  private Path file;
  private final Map<String, String> revoked = new TreeMap<>();

  @PostConstruct
  void init() {
    file = config.keyDir().resolve(FILE);
    try {
      if (Files.exists(file)) {
        revoked.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, String>>() {}));
      }
    } catch (IOException e) {
      throw new ConfigurationException("the list of revoked tokens " + file + " cannot be read: " + e.getMessage()
          + " (it is JSON: token id to the time it was revoked)", e);
    }
  }

  /** Whether a token id is one the service could have issued: a lowercase UUID. */
  public static boolean isTokenId(String id) {
    return LowercaseUuid.matches(id);
  }

  /** Revokes the token {@code id} (idempotent); the time it was first revoked. */
  public synchronized Instant revoke(String id) throws IOException {
    String at = revoked.get(id);
    if (at == null) {
      at = Instant.now().toString();
      Map<String, String> next = new TreeMap<>(revoked);
      next.put(id, at);
      OwnerOnlyFiles.createDirectories(file.toAbsolutePath().getParent());
      DurableFiles.replace(file, JSON.writeValueAsBytes(next));
      revoked.put(id, at);
      LOG.infof("Bearer token %s revoked", id);
    }
    return Instant.parse(at);
  }

  public synchronized boolean isRevoked(String id) {
    return id != null && revoked.containsKey(id);
  }
}
