package org.evidencenotary.notary.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.security.auth.x500.X500Principal;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.config.AuthConfig;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.identity.IdentityRegistry;
import org.evidencenotary.notary.identity.InvalidSubmissionException;
import org.evidencenotary.storage.DurableFiles;
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * Machine clients that sign in by mutual TLS in a role that signs nothing: an insurer's batch
 * system, a court's case-management system, an audit tool. An administrator registers each one's
 * TLS client certificate (from a client CA) with a name and its roles; a request on the HTTPS port
 * with that certificate then signs in as that name in those roles ({@link ClientCertificateSignIn}).
 * Acquirers are enrolled identities instead, whose certificate lets their key sign; administrators
 * never sign in by certificate.
 *
 * <p>Kept in {@code machine-clients.json} beside the token keys, written whole and synced; a
 * revoked client stays listed with the time it was revoked.
 */
@Startup
@ApplicationScoped
public class MachineClients {
  static final String FILE = "machine-clients.json";
  /** The roles a machine client may have. */
  public static final Set<String> ROLES = Set.of(Roles.VERIFIER, Roles.INSURER, Roles.AUDITOR);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Logger LOG = Logger.getLogger(MachineClients.class);

  /**
   * One registered machine client.
   *
   * @param id its id (a lowercase UUID)
   * @param name who it is, as records and custody events name it
   * @param roles what it may do
   * @param certificateSha256 SHA-256 of its TLS client certificate (DER, hex)
   * @param subject the certificate's subject (RFC 2253)
   * @param notAfter the certificate's end of validity
   * @param registeredAt when it was registered
   * @param revokedAt when it was revoked, if it was
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Client(String id, String name, List<String> roles, String certificateSha256, String subject,
      String notAfter, String registeredAt, String revokedAt) {
    public boolean active() {
      return revokedAt == null;
    }

    Client revoked(String at) {
      return new Client(id, name, roles, certificateSha256, subject, notAfter, registeredAt, at);
    }
  }

  @Inject AuthConfig config;
  @Inject IdentityRegistry identities;

  private Path file;
  private final List<Client> clients = new ArrayList<>();

  @PostConstruct
  void init() {
    file = config.keyDir().resolve(FILE);
    try {
      if (Files.exists(file)) {
        clients.addAll(JSON.readValue(file.toFile(), new TypeReference<List<Client>>() {}));
      }
    } catch (IOException e) {
      throw new ConfigurationException("the machine clients " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Registers a machine client.
   *
   * @throws InvalidSubmissionException for a name, a role or a certificate that will not do, or a
   *     certificate registered already (for an identity or another client)
   */
  public synchronized Client register(String name, Collection<String> roles, String certificatePem) {
    if (name == null || name.isBlank() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidSubmissionException("'name' must be 1 to 200 characters without control characters");
    }
    // Set.of(...).containsAll throws on a null element: a [null] role list is refused first.
    if (roles == null || roles.isEmpty() || roles.stream().anyMatch(java.util.Objects::isNull)
        || !ROLES.containsAll(roles)) {
      throw new InvalidSubmissionException("'roles' must be some of " + new TreeSet<>(ROLES) + "; an acquirer is an"
          + " enrolled identity (its certificate is registered on it), an administrator signs in with a token");
    }
    if (certificatePem == null || certificatePem.isBlank()) {
      throw new InvalidSubmissionException("'certificate' must be the client's TLS certificate (PEM)");
    }
    X509Certificate certificate = identities.checkedMachineClientCertificate(certificatePem);
    String sha256 = sha256(certificate);
    clients.stream().filter(c -> c.active() && c.certificateSha256().equals(sha256)).findFirst().ifPresent(c -> {
      throw new InvalidSubmissionException("this certificate is registered already, for machine client " + c.id());
    });
    Client client = new Client(UUID.randomUUID().toString(), name.strip(), Roles.inOrder(roles), sha256,
        certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
        certificate.getNotAfter().toInstant().toString(), now(), null);
    List<Client> next = new ArrayList<>(clients);
    next.add(client);
    write(next);
    LOG.infof("Machine client %s (%s) registered, roles %s, certificate %s", client.id(), client.name(),
        client.roles(), sha256);
    return client;
  }

  /** Revokes a machine client (idempotent); empty when there is none with that id. */
  public synchronized Optional<Client> revoke(String id) {
    for (int i = 0; i < clients.size(); i++) {
      Client c = clients.get(i);
      if (c.id().equals(id)) {
        if (!c.active()) {
          return Optional.of(c);
        }
        List<Client> next = new ArrayList<>(clients);
        next.set(i, c.revoked(now()));
        write(next);
        LOG.infof("Machine client %s (%s) revoked", id, c.name());
        return Optional.of(next.get(i));
      }
    }
    return Optional.empty();
  }

  public synchronized List<Client> list() {
    return List.copyOf(clients);
  }

  /** The active client whose registered certificate is {@code certificate}, still trusted and valid. */
  public synchronized Optional<Client> active(X509Certificate certificate) {
    String sha256;
    try {
      sha256 = sha256(certificate);
    } catch (InvalidSubmissionException e) {
      return Optional.empty();
    }
    return clients.stream().filter(c -> c.active() && c.certificateSha256().equals(sha256)).findFirst()
        .filter(c -> identities.trustedClientCertificate(certificate));
  }

  private void write(List<Client> next) {
    try {
      OwnerOnlyFiles.createDirectories(file.toAbsolutePath().getParent());
      DurableFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(next));
    } catch (IOException e) {
      throw new UncheckedIOException("the machine clients could not be written to " + file, e);
    }
    clients.clear();
    clients.addAll(next);
  }

  private static String sha256(X509Certificate certificate) {
    try {
      return Sha256.digest(certificate.getEncoded()).hex();
    } catch (CertificateEncodingException e) {
      throw new InvalidSubmissionException("the certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
