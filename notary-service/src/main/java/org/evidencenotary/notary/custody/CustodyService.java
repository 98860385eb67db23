package org.evidencenotary.notary.custody;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.evidencenotary.chaincode.core.CustodyAction;
import org.evidencenotary.chaincode.core.CustodyEvent;
import org.evidencenotary.chaincode.core.CustodyRequest;
import org.evidencenotary.chaincode.core.EvidenceRules;
import org.evidencenotary.chaincode.core.RuleException;
import org.evidencenotary.format.Canonical;
import org.evidencenotary.format.LowercaseUuid;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.evidence.EvidenceNotFoundException;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceService;
import org.evidencenotary.notary.evidence.EvidenceStatus;
import org.evidencenotary.notary.evidence.NotYetAnchoredException;
import org.evidencenotary.notary.ledger.AnchorLocation;
import org.evidencenotary.notary.ledger.Ledger;
import org.evidencenotary.notary.ledger.LedgerUnavailableException;
import org.evidencenotary.storage.DurableFiles;
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * The chain of custody: every release of evidence (its original, a signed copy, a certificate, a
 * proof) is a custody event on the ledger, recorded before anything is sent.
 *
 * <p>What the event says in full ({@link CustodyDetails}: who, in which role, when, what, and what
 * the request said) is kept by the service under {@code <data>/custody/<evidence-id>/<sha256>.json},
 * written whole and synced ({@link DurableFiles}); the ledger gets only that SHA-256 as the
 * event's {@code detailHash}. So the ledger holds no personal data, the kept details can be erased
 * without touching the ledger, and any change to them shows when they are listed.
 *
 * <p>Fails closed: {@link #record} returns only once the event is on the ledger, and throws
 * otherwise; its callers send nothing then.
 */
@ApplicationScoped
public class CustodyService {
  private static final Logger LOG = Logger.getLogger(CustodyService.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Striped: releases of one evidence are serialised, of different evidence seldom contend. */
  private static final Object[] LOCKS = new Object[64];

  static {
    for (int i = 0; i < LOCKS.length; i++) {
      LOCKS[i] = new Object();
    }
  }


  @Inject EvidenceService evidence;
  @Inject Ledger ledger;
  @Inject NotaryConfig config;

  /**
   * Throws unless custody events can be recorded for {@code record}: only anchored evidence is on
   * the ledger. Cheap; callers check it before work whose result they would not be allowed to send.
   *
   * @throws NotYetAnchoredException when the evidence is not anchored yet
   */
  public void requireRecordable(EvidenceRecord record) {
    if (record.status() != EvidenceStatus.ANCHORED) {
      throw new NotYetAnchoredException(record.id(),
          "no custody event can be recorded before it is, so nothing of it is released");
    }
  }

  /**
   * Keeps the event's details and records their digest on the ledger, in that order: when this
   * returns, both are durable. A details file whose event never reached the ledger may stay
   * behind (on Fabric a transaction whose commit was not confirmed may still have committed, and
   * its details must then be there); it is never listed, since listing starts from the ledger.
   *
   * @param details what the request said (client address, purpose...); never patient data
   * @return the event as the ledger recorded it
   * @throws org.evidencenotary.notary.evidence.EvidenceNotFoundException for unknown evidence
   * @throws NotYetAnchoredException when the evidence is not anchored yet
   * @throws CustodyNotRecordedException when the details could not be kept or the ledger did not
   *     record the event; nothing may be released then
   */
  public CustodyEvent record(String evidenceId, CustodyAction action, Actor actor, Map<String, String> details) {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actor, "actor");
    EvidenceRecord record = evidence.get(evidenceId);
    requireRecordable(record);
    // One release of the same evidence at a time in this service, so that each event names the one
    // recorded just before it (and two never name the same one).
    synchronized (lockOf(record.id())) {
      return recordInOrder(record, action, actor, details);
    }
  }

  private CustodyEvent recordInOrder(
      EvidenceRecord record, CustodyAction action, Actor actor, Map<String, String> details) {
    List<CustodyEvent> before;
    try {
      before = ledger.custodyEvents(record.id());
    } catch (LedgerUnavailableException e) {
      throw new CustodyNotRecordedException(record.id(), action, e.getMessage(), e);
    }
    CustodyDetails kept = new CustodyDetails(HexFormat.of().formatHex(randomBytes(16)), record.id(), action, actor,
        Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), details, before.size() + 1,
        before.isEmpty() ? null : before.get(before.size() - 1).txId());
    byte[] bytes = Canonical.bytes(kept);
    String detailHash = Sha256.digest(bytes).hex();
    Path file = detailsFile(record.id(), detailHash);
    try {
      keep(file, bytes);
    } catch (IOException e) {
      throw new CustodyNotRecordedException(record.id(), action, "its details could not be kept: " + e.getMessage(),
          e);
    }
    CustodyEvent event;
    try {
      event = ledger.recordCustody(new CustodyRequest(record.id(), action, detailHash));
    } catch (RuleException e) {
      // A refusal writes nothing on either ledger: the details belong to no event.
      deleteQuietly(file);
      throw new CustodyNotRecordedException(record.id(), action,
          "the ledger rules refused it (" + e.code() + "): " + e.getMessage(), e);
    } catch (LedgerUnavailableException e) {
      throw new CustodyNotRecordedException(record.id(), action, e.getMessage(), e);
    }
    LOG.infof("Custody event %s of evidence %s recorded in transaction %s", action, record.id(), event.txId());
    return event;
  }

  /**
   * The ledger's custody events of the evidence, oldest first, each joined with its kept details
   * and whether they still hash to the ledger's {@code detailHash}. An edited or missing details
   * file is shown as such, never left out.
   *
   * @throws org.evidencenotary.notary.evidence.EvidenceNotFoundException for unknown evidence
   * @throws LedgerUnavailableException when the ledger cannot be asked
   */
  public CustodyHistory list(String evidenceId) {
    EvidenceRecord record = evidence.get(evidenceId);
    List<CustodyEvent> events = ledger.custodyEvents(record.id());
    return new CustodyHistory(record.id(), events.stream().map(e -> join(record.id(), e)).toList(),
        events.size() < EvidenceRules.MAX_RESULTS);
  }

  /**
   * The evidence's custody events in their public form (see {@link PublicCustodyEvent}), oldest
   * first, each with the block of its transaction.
   *
   * @param history the listing, from {@link #list}
   * @throws LedgerUnavailableException when the ledger cannot be asked
   */
  public List<PublicCustodyEvent> publicForm(CustodyHistory history) {
    List<PublicCustodyEvent> out = new ArrayList<>();
    for (CustodyEntry entry : history.events()) {
      CustodyEvent e = entry.ledger();
      AnchorLocation where = ledger.locate(e);
      out.add(new PublicCustodyEvent(out.size() + 1, e.action(),
          entry.details() == null ? null : entry.details().actor().role(), e.recordedAt(), e.recordedBy(),
          where.ledger(), where.blockNumber(), e.txId()));
    }
    return out;
  }

  /**
   * The latest custody events across all evidence, newest first, at most {@code limit}, for the
   * auditor's overview. Which evidence to ask the ledger about comes from the kept details: the
   * {@code limit} evidence folders written to most recently; each is then listed from the ledger
   * as {@link #list} does (so at most {@code limit} ledger questions, each bounded by the rules).
   * An event whose details were erased together with its evidence's whole folder is not found
   * here; {@link #list} of that evidence still shows it.
   *
   * @throws LedgerUnavailableException when the ledger cannot be asked
   */
  public List<CustodyEntry> recent(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    Path root = config.dataDir().resolve("custody");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Path> folders;
    try (var stream = Files.list(root)) {
      folders = stream.filter(Files::isDirectory)
          .filter(f -> LowercaseUuid.matches(f.getFileName().toString()))
          .sorted(Comparator.comparing(CustodyService::modified).reversed())
          .limit(limit)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("the custody folder cannot be listed", e);
    }
    List<CustodyEntry> entries = new ArrayList<>();
    for (Path folder : folders) {
      String evidenceId = folder.getFileName().toString();
      try {
        entries.addAll(list(evidenceId).events());
      } catch (EvidenceNotFoundException e) {
        // Details kept for evidence this store no longer has a record of: nothing to list.
      }
    }
    return entries.stream()
        .sorted(Comparator.comparing((CustodyEntry e) -> String.valueOf(e.ledger().recordedAt())).reversed())
        .limit(limit)
        .toList();
  }

  private static FileTime modified(Path folder) {
    try {
      return Files.getLastModifiedTime(folder);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private CustodyEntry join(String evidenceId, CustodyEvent event) {
    String expected = event.detailHash();
    if (expected == null || expected.isEmpty()) {
      return new CustodyEntry(event, DetailsCheck.NONE, null, null);
    }
    if (!Sha256.isHex(expected)) {
      // Not a digest this service writes (the rules require 64 lowercase hex): not a file name either.
      return new CustodyEntry(event, DetailsCheck.MISSING, null, null);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(detailsFile(evidenceId, expected));
    } catch (NoSuchFileException e) {
      return new CustodyEntry(event, DetailsCheck.MISSING, null, null);
    } catch (IOException e) {
      LOG.warnf("The kept details of custody transaction %s of evidence %s cannot be read: %s", event.txId(),
          evidenceId, e.getMessage());
      return new CustodyEntry(event, DetailsCheck.MISSING, null, null);
    }
    String found = Sha256.digest(bytes).hex();
    if (!found.equals(expected)) {
      LOG.errorf("CUSTODY INTEGRITY INCIDENT: the kept details of custody transaction %s of evidence %s hash to %s,"
          + " the ledger holds %s", event.txId(), evidenceId, found, expected);
      return new CustodyEntry(event, DetailsCheck.ALTERED, null, found);
    }
    try {
      return new CustodyEntry(event, DetailsCheck.INTACT, JSON.readValue(bytes, CustodyDetails.class), null);
    } catch (IOException e) {
      // The very bytes this service wrote, yet unreadable: a bug, not tampering.
      throw new UncheckedIOException("the kept details " + expected + " cannot be read back", e);
    }
  }

  private static Object lockOf(String evidenceId) {
    return LOCKS[Math.floorMod(evidenceId.hashCode(), LOCKS.length)];
  }

  private Path detailsFile(String evidenceId, String detailHash) {
    return config.dataDir().resolve("custody").resolve(evidenceId).resolve(detailHash + ".json");
  }

  private static void keep(Path file, byte[] bytes) throws IOException {
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      OwnerOnlyFiles.createDirectories(dir);
      // The evidence's folder, and on the first event ever the custody folder itself.
      DurableFiles.syncDirectory(dir.getParent());
      DurableFiles.syncDirectory(dir.getParent().getParent());
    }
    DurableFiles.create(file, bytes);
  }

  private static void deleteQuietly(Path file) {
    try {
      DurableFiles.delete(file);
    } catch (IOException e) {
      LOG.warnf("The details of a refused custody event could not be deleted: %s", e.getMessage());
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
