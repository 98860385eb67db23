package org.evidencenotary.notary.series;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.evidencenotary.chaincode.core.BatchRequest;
import org.evidencenotary.format.DicomEvidence;
import org.evidencenotary.notary.config.DicomConfig;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.evidence.EvidenceAccepted;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceRepository;
import org.evidencenotary.notary.ledger.BatchEntry;
import org.evidencenotary.notary.ledger.Ledger;
import org.evidencenotary.storage.DurableFiles;
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.evidencenotary.verifier.MerkleTree;
import org.jboss.logging.Logger;

/**
 * Builds and anchors series manifests. Each DICOM instance that names a series marks the series
 * busy; once no new instance has arrived for the configured quiet time, the series' instances are
 * put in a manifest, its Merkle root is anchored, and the manifest is kept in
 * {@code <data>/series/<series hash>.json}, every version of it. The manifest is written before
 * it is anchored and again after, so a crash in between only means the next start anchors it (the
 * rules anchor a root once). A ledger that is down keeps the series due, and it is tried again.
 */
@ApplicationScoped
public class SeriesManifests {
  private static final Logger LOG = Logger.getLogger(SeriesManifests.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final HexFormat HEX = HexFormat.of();

  @Inject Ledger ledger;
  @Inject EvidenceRepository repository;
  @Inject NotaryConfig notary;
  @Inject DicomConfig dicom;

  private Path dir;
  /** Every version of each series' manifest, oldest first, by series hash. */
  private final Map<String, List<SeriesManifest>> versions = new ConcurrentHashMap<>();
  /** Evidence ids of each series' instances, by series hash. */
  private final Map<String, Set<String>> instances = new ConcurrentHashMap<>();
  /** Series whose manifest is out of date, with the time their latest instance arrived. */
  private final Map<String, Instant> due = new ConcurrentHashMap<>();
  private ScheduledExecutorService scheduler;

  void start(@Observes StartupEvent event) {
    dir = notary.dataDir().resolve("series");
    try {
      OwnerOnlyFiles.createDirectories(dir);
      for (Path file : DurableFiles.list(dir, ".json")) {
        List<SeriesManifest> list = JSON.readValue(file.toFile(), new TypeReference<List<SeriesManifest>>() {});
        if (!list.isEmpty()) {
          versions.put(list.get(0).seriesInstanceUidHash(), new ArrayList<>(list));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load series manifests from " + dir + ": " + e.getMessage(), e);
    }
    for (EvidenceRecord record : repository.all()) {
      String series = seriesOf(record);
      if (series != null) {
        instances.computeIfAbsent(series, k -> ConcurrentHashMap.newKeySet()).add(record.id());
      }
    }
    Instant now = Instant.now();
    instances.forEach((series, ids) -> {
      SeriesManifest latest = latest(series);
      if (latest == null || latest.status() != SeriesManifest.Status.ANCHORED || latest.members().size() != ids.size()) {
        due.put(series, now);
      }
    });
    if (!due.isEmpty()) {
      LOG.infof("%d DICOM series need a new manifest; they are built after %s without new instances",
          due.size(), quietTime());
    }
    long tick = Math.max(100, Math.min(1000, quietTime().toMillis() / 4));
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "series-manifests");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(this::settleQuietSeries, tick, tick, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  /** Ingest accepted evidence (a synchronous event, on the ingesting thread): note it if it is a series instance. */
  void accepted(@Observes EvidenceAccepted event) {
    arrived(event.record());
  }

  /** Notes a newly notarized instance; its series' manifest is rebuilt once the series is quiet. */
  public void arrived(EvidenceRecord record) {
    String series = seriesOf(record);
    if (series == null) {
      return;
    }
    instances.computeIfAbsent(series, k -> ConcurrentHashMap.newKeySet()).add(record.id());
    due.put(series, Instant.now());
  }

  /** The latest anchored manifest holding this evidence, with its inclusion path. */
  public synchronized Optional<SeriesMembership> membershipOf(EvidenceRecord record) {
    String series = seriesOf(record);
    if (series == null) {
      return Optional.empty();
    }
    List<SeriesManifest> list = versions.getOrDefault(series, List.of());
    for (int v = list.size() - 1; v >= 0; v--) {
      SeriesManifest m = list.get(v);
      int index = m.indexOf(record.sha256());
      if (m.status() == SeriesManifest.Status.ANCHORED && index >= 0) {
        List<String> path = tree(m).inclusionPath(index).stream().map(HEX::formatHex).toList();
        return Optional.of(new SeriesMembership(m, index, path));
      }
    }
    return Optional.empty();
  }

  /** The manifest with this Merkle root, in any series and version. */
  public synchronized Optional<SeriesManifest> byRoot(String merkleRoot) {
    return versions.values().stream().flatMap(List::stream).filter(m -> m.merkleRoot().equals(merkleRoot)).findFirst();
  }

  /** Every version of the manifest of the series with this salted UID hash, oldest first. */
  public synchronized List<SeriesManifest> versionsOf(String seriesInstanceUidHash) {
    return List.copyOf(versions.getOrDefault(seriesInstanceUidHash, List.of()));
  }

  /** Builds and anchors the manifests of every series that has been quiet long enough. */
  void settleQuietSeries() {
    Instant cutoff = Instant.now().minus(quietTime());
    for (Map.Entry<String, Instant> e : Map.copyOf(due).entrySet()) {
      if (e.getValue().isAfter(cutoff)) {
        continue;
      }
      try {
        settle(e.getKey());
        due.remove(e.getKey(), e.getValue());
      } catch (RuntimeException | IOException failure) {
        // Stays due: tried again on the next tick.
        LOG.warnf("Series manifest of series %s not anchored yet: %s", e.getKey(), failure.getMessage());
      }
    }
  }

  /** Brings the series' manifest up to date with its instances and anchors it. */
  synchronized void settle(String series) throws IOException {
    List<EvidenceRecord> records = new ArrayList<>();
    for (String id : instances.getOrDefault(series, Set.of())) {
      repository.findById(id).ifPresent(records::add);
    }
    if (records.isEmpty()) {
      return;
    }
    records.sort(Comparator.comparing(EvidenceRecord::sha256));
    List<SeriesManifest.Member> members =
        records.stream().map(r -> new SeriesManifest.Member(r.id(), r.sha256())).toList();
    List<SeriesManifest> list = versions.computeIfAbsent(series, k -> new ArrayList<>());
    SeriesManifest latest = list.isEmpty() ? null : list.get(list.size() - 1);
    SeriesManifest manifest;
    if (latest != null && latest.members().equals(members)) {
      if (latest.status() == SeriesManifest.Status.ANCHORED) {
        return;
      }
      manifest = latest;
    } else {
      boolean replacesUnanchored = latest != null && latest.status() != SeriesManifest.Status.ANCHORED;
      SeriesManifest previousAnchored = anchoredBefore(list, replacesUnanchored ? list.size() - 1 : list.size());
      DicomEvidence d = records.get(0).statement().dicom();
      manifest = new SeriesManifest(
          SeriesManifest.FORMAT, series, d.studyInstanceUidHash(), d.modality(),
          previousAnchored == null ? 1 : previousAnchored.version() + 1,
          Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), SeriesManifest.LEAF_ORDER, members,
          HEX.formatHex(tree(members).root()), previousAnchored == null ? null : previousAnchored.merkleRoot(),
          SeriesManifest.Status.PENDING, null, null);
      if (replacesUnanchored) {
        list.set(list.size() - 1, manifest);
      } else {
        list.add(manifest);
      }
      persist(series, list);
    }
    BatchEntry entry = ledger.anchorBatch(
        new BatchRequest(manifest.merkleRoot(), manifest.members().size(), SeriesManifest.KIND));
    SeriesManifest anchored = manifest.anchored(entry);
    list.set(list.indexOf(manifest), anchored);
    persist(series, list);
    LOG.infof("Series manifest v%d of series %s anchored: %d instances, Merkle root %s, block %d",
        anchored.version(), series, members.size(), anchored.merkleRoot(), entry.location().blockNumber());
  }

  private static SeriesManifest anchoredBefore(List<SeriesManifest> list, int end) {
    for (int i = end - 1; i >= 0; i--) {
      if (list.get(i).status() == SeriesManifest.Status.ANCHORED) {
        return list.get(i);
      }
    }
    return null;
  }

  private void persist(String series, List<SeriesManifest> list) throws IOException {
    if (!HEX64.matcher(series).matches()) {
      throw new IllegalStateException("series hash is not 64 hex characters: " + series);
    }
    DurableFiles.replace(dir.resolve(series + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(list));
  }

  private SeriesManifest latest(String series) {
    List<SeriesManifest> list = versions.get(series);
    return list == null || list.isEmpty() ? null : list.get(list.size() - 1);
  }

  private static MerkleTree tree(SeriesManifest m) {
    return tree(m.members());
  }

  private static MerkleTree tree(List<SeriesManifest.Member> members) {
    return MerkleTree.of(members.stream().map(m -> HEX.parseHex(m.sha256())).toList());
  }

  /**
   * The salted series hash of an instance that joins its series' manifest: one with SOP Class and
   * SOP Instance UIDs, which the series' Key Object Selection Document must name for each member
   * (an instance without them is notarized alone; its statement's warnings say so).
   */
  private static String seriesOf(EvidenceRecord record) {
    DicomEvidence d = record.statement().dicom();
    return d == null || d.sopClassUid() == null || d.sopInstanceUidHash() == null ? null : d.seriesInstanceUidHash();
  }

  private Duration quietTime() {
    return Objects.requireNonNull(dicom.series().quietTime(), "quiet time");
  }
}
