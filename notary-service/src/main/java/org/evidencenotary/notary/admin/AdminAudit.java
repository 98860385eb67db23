package org.evidencenotary.notary.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.evidencenotary.format.Canonical;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.storage.DurableFiles;
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * What administrators did: every token issued or revoked, every identity enrolled or revoked and
 * every TLS client certificate registered on one, with who did it and when, in {@code
 * <data>/audit/admin-actions.jsonl} (mode 0600).
 *
 * <p>One JSON object per line, each carrying the SHA-256 of the one before ({@code previous}) and
 * its own ({@code hash}, over its canonical JSON without {@code hash}): an entry changed, removed or
 * put in another order breaks the chain, and {@link #list} says where. Each line is on disk
 * (fsync) before the action's answer is sent; an action whose entry cannot be written is not
 * answered ({@link AuditNotRecordedException}, 503), so a token nobody can account for never leaves
 * the service. Never a token, a key or patient data: ids, roles, names and times only.
 *
 * <p>A hash chain in a file shows edits by anyone who did not rewrite the whole chain; whoever can
 * write the data folder can rewrite it whole. Anchoring its head on the ledger would close that
 * (docs/security.md, "What is not yet done").
 */
@ApplicationScoped
public class AdminAudit {
  static final String FILE = "admin-actions.jsonl";
  private static final Logger LOG = Logger.getLogger(AdminAudit.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String GENESIS = "0".repeat(64);
  /** How much of the file's end is read to find the last entry (an entry is well under 4 KiB). */
  private static final int TAIL = 64 * 1024;

  /** What an administrator did. */
  public enum Action {
    TOKEN_ISSUED,
    TOKEN_REVOKED,
    IDENTITY_ENROLLED,
    IDENTITY_REVOKED,
    /** A TLS client certificate registered on an identity, or issued for it by the hospital CA. */
    TLS_CLIENT_CERTIFICATE_REGISTERED,
    /** A machine client (mutual TLS, as verifier, insurer or auditor) registered. */
    MACHINE_CLIENT_REGISTERED,
    /** A machine client revoked. */
    MACHINE_CLIENT_REVOKED
  }

  /**
   * One administrative action.
   *
   * @param sequence 1 for the first entry, then one more each time
   * @param at when (UTC, milliseconds)
   * @param actor who did it, as the service authenticated them
   * @param actorRoles their roles
   * @param action what they did
   * @param subject what it was done to: a token id (jti) or an identity id
   * @param facts what else the action said (role, name, expiry...), never a secret
   * @param previous the hash of the entry before, 64 zeros for the first
   * @param hash SHA-256 (hex) of this entry's canonical JSON without {@code hash}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(long sequence, String at, String actor, List<String> actorRoles, Action action, String subject,
      Map<String, String> facts, String previous, String hash) {
    Entry withoutHash() {
      return new Entry(sequence, at, actor, actorRoles, action, subject, facts, previous, null);
    }

    String computedHash() {
      return Canonical.sha256(withoutHash()).hex();
    }
  }

  /**
   * The entries, newest first, and whether the whole chain holds.
   *
   * @param intact whether every entry's hash and link check out, from the first to the last
   * @param problem the first break found, when not intact
   * @param total how many entries the file holds
   * @param entries the newest {@code limit} entries, newest first
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Listing(boolean intact, String problem, int total, List<Entry> entries) {}

  @Inject NotaryConfig config;

  private Path file;
  private long lastSequence;
  private String lastHash = GENESIS;

  @PostConstruct
  void init() {
    file = config.dataDir().resolve("audit").resolve(FILE);
  }

  /**
   * Writes one entry and returns it once it is on disk.
   *
   * @throws AuditNotRecordedException when it could not be written; the action must not be answered
   */
  public synchronized Entry record(String actor, List<String> actorRoles, Action action, String subject,
      Map<String, String> facts) {
    try {
      prepare();
      Map<String, String> kept = new TreeMap<>();
      facts.forEach((k, v) -> {
        if (v != null) {
          kept.put(k, v);
        }
      });
      Entry draft = new Entry(lastSequence + 1, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), actor,
          List.copyOf(actorRoles), action, subject, kept, lastHash, null);
      Entry entry = new Entry(draft.sequence(), draft.at(), actor, draft.actorRoles(), action, subject, kept,
          lastHash, draft.computedHash());
      byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
      try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      lastSequence = entry.sequence();
      lastHash = entry.hash();
      LOG.infof("admin action %s on %s by %s", action, subject, actor);
      return entry;
    } catch (IOException | RuntimeException e) {
      throw new AuditNotRecordedException(action, e);
    }
  }

  /** The newest {@code limit} entries, newest first, with the whole chain checked. */
  public synchronized Listing list(int limit) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new Listing(true, null, 0, List.of());
    }
    List<Entry> entries = new ArrayList<>();
    String problem = null;
    String previous = GENESIS;
    for (int i = 0; i < lines.size(); i++) {
      Entry entry;
      try {
        entry = JSON.readValue(lines.get(i), Entry.class);
      } catch (IOException e) {
        problem = problem != null ? problem : "line " + (i + 1) + " is not an audit entry";
        continue;
      }
      if (problem == null && entry.sequence() != i + 1) {
        problem = "line " + (i + 1) + " has sequence " + entry.sequence() + ": an entry was removed or moved";
      } else if (problem == null && !previous.equals(entry.previous())) {
        problem = "entry " + entry.sequence() + " does not follow the entry before it: one was removed, moved or"
            + " changed";
      } else if (problem == null && !entry.computedHash().equals(entry.hash())) {
        problem = "entry " + entry.sequence() + " was changed after it was written (its hash does not match)";
      }
      previous = entry.hash();
      entries.add(entry);
    }
    List<Entry> newest = new ArrayList<>(entries.subList(Math.max(0, entries.size() - limit), entries.size()));
    Collections.reverse(newest);
    return new Listing(problem == null, problem, entries.size(), List.copyOf(newest));
  }

  /**
   * Makes sure the file exists (mode 0600, folder synced) and reads its last entry, every time: the
   * file is the only truth (admin actions are rare; only its tail is read). A line cut off by a crash
   * (no newline) was never answered and is dropped.
   */
  private void prepare() throws IOException {
    OwnerOnlyFiles.createDirectories(file.getParent());
    if (!Files.exists(file)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      DurableFiles.syncDirectory(file.getParent());
    }
    lastSequence = 0;
    lastHash = GENESIS;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      int tail = (int) Math.min(size, TAIL);
      ByteBuffer buffer = ByteBuffer.allocate(tail);
      while (buffer.hasRemaining() && channel.read(buffer, size - tail + buffer.position()) >= 0) {
        // read the tail whole
      }
      byte[] bytes = buffer.array();
      int end = bytes.length;
      while (end > 0 && bytes[end - 1] != '\n') {
        end--;
      }
      if (end < bytes.length) {
        LOG.warnf("dropping an unfinished admin audit line (%d bytes) left by a crash; its action was never"
            + " answered", bytes.length - end);
        channel.truncate(size - (bytes.length - end));
        channel.force(true);
      }
      if (end == 0) {
        if (size > tail) {
          throw new IOException("the last line of " + file.getFileName() + " is longer than " + TAIL + " bytes");
        }
        return;
      }
      int start = end - 1;
      while (start > 0 && bytes[start - 1] != '\n') {
        start--;
      }
      Entry last = JSON.readValue(new String(bytes, start, end - start, StandardCharsets.UTF_8), Entry.class);
      lastSequence = last.sequence();
      lastHash = last.hash();
    }
  }
}
