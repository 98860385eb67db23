package org.evidencenotary.notary.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.storage.DurableFiles;
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * Evidence records, one JSON file each under {@code <data>/records}, written to a temporary file,
 * synced and renamed, so a record is either whole or absent. Records with status {@code PENDING}
 * are the durable anchoring queue: on start they are handed to the anchoring worker again.
 */
@Startup
@ApplicationScoped
public class EvidenceRepository {
  private static final Logger LOG = Logger.getLogger(EvidenceRepository.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  @Inject NotaryConfig config;

  private Path dir;
  private final Map<String, EvidenceRecord> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByDigest = new ConcurrentHashMap<>();

  @PostConstruct
  void load() {
    dir = config.dataDir().resolve("records");
    try {
      OwnerOnlyFiles.createDirectories(dir);
      for (Path file : DurableFiles.list(dir, ".json")) {
        EvidenceRecord record = JSON.readValue(file.toFile(), EvidenceRecord.class);
        byId.put(record.id(), record);
        idByDigest.put(record.sha256(), record.id());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load evidence records from " + dir + ": " + e.getMessage(), e);
    }
    LOG.infof("Loaded %d evidence records (%d pending)", byId.size(), pending().size());
  }

  public Optional<EvidenceRecord> findById(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Optional<EvidenceRecord> findByDigest(String sha256Hex) {
    return Optional.ofNullable(idByDigest.get(sha256Hex)).map(byId::get);
  }

  public List<EvidenceRecord> pending() {
    return byId.values().stream()
        .filter(r -> r.status() == EvidenceStatus.PENDING)
        .sorted(Comparator.comparing(r -> r.statement().receivedAt()))
        .toList();
  }

  /** Every record, in no particular order. */
  public List<EvidenceRecord> all() {
    return List.copyOf(byId.values());
  }

  public List<EvidenceRecord> anchored() {
    return byId.values().stream().filter(r -> r.status() == EvidenceStatus.ANCHORED).toList();
  }

  public int count() {
    return byId.size();
  }

  /** Writes a new record durably; fails if one with the id exists. */
  public void create(EvidenceRecord record) throws IOException {
    try {
      DurableFiles.create(fileOf(record.id()), bytes(record));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("evidence record " + record.id() + " already exists", e);
    }
    byId.put(record.id(), record);
    idByDigest.put(record.sha256(), record.id());
  }

  /** Replaces a record durably. */
  public void update(EvidenceRecord record) throws IOException {
    DurableFiles.replace(fileOf(record.id()), bytes(record));
    byId.put(record.id(), record);
  }

  /** Removes a record whose notarization failed before it was acknowledged. */
  public void delete(String id) throws IOException {
    EvidenceRecord removed = byId.remove(id);
    if (removed != null) {
      idByDigest.remove(removed.sha256(), id);
    }
    DurableFiles.delete(fileOf(id));
  }

  private Path fileOf(String id) {
    // Ids are UUIDs we made; parsing again keeps anything else out of the path.
    return dir.resolve(UUID.fromString(id) + ".json");
  }

  private static byte[] bytes(EvidenceRecord record) throws IOException {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record);
  }
}
