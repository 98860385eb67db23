package org.evidencenotary.notary.evidence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.evidencenotary.notary.dicom.DicomAttributes;
import org.evidencenotary.notary.pki.NotaryIdentity;

/**
 * The hospital's own list of what it notarized, newest first, filtered by case reference, day of
 * receipt, modality and device. For the hospital view and {@code GET /api/v1/evidence}; never for
 * parties outside the hospital (it is a map of everything notarized).
 *
 * <p>The case reference is matched by its salted hash ({@link NotaryIdentity#referenceHash}), the
 * value the ledger holds, so the search works the same on records that keep the reference only
 * hashed. It walks the records in memory: fine for one hospital's embedded store; a catalog with
 * indexes is the path for many millions of records.
 */
@ApplicationScoped
public class EvidenceSearch {
  /** Most results one search returns. */
  public static final int MAX_LIMIT = 200;
  /** Results when the caller names no limit. */
  public static final int DEFAULT_LIMIT = 50;

  @Inject EvidenceRepository repository;
  @Inject NotaryIdentity identity;

  /**
   * A day of a search as a person or a program wrote it (YYYY-MM-DD), or null when blank.
   *
   * @throws IllegalArgumentException with {@code whenInvalid} when it is not such a day
   */
  public static LocalDate day(String text, String whenInvalid) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(whenInvalid);
    }
  }

  /**
   * What to look for; every field may be null (no filter on it).
   *
   * @param caseReference the case or claim reference, exactly as it was given at notarization
   * @param from first day of receipt (UTC), inclusive
   * @param to last day of receipt (UTC), inclusive
   * @param modality DICOM modality (CT, MR, CR...), any case
   * @param device the enrolled signer's id, or the DICOM station name, device serial number or
   *     model name, any case
   * @param limit most results, 1 to {@link #MAX_LIMIT}; null for {@link #DEFAULT_LIMIT}
   */
  public record Query(String caseReference, LocalDate from, LocalDate to, String modality, String device,
      Integer limit) {
    public Query {
      caseReference = blankToNull(caseReference);
      modality = blankToNull(modality);
      device = blankToNull(device);
      if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
        throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
      }
      if (from != null && to != null && to.isBefore(from)) {
        throw new IllegalArgumentException("the range ends (" + to + ") before it starts (" + from + ")");
      }
    }

    /** No filter: the latest notarizations. */
    public static Query latest() {
      return new Query(null, null, null, null, null, null);
    }

    int max() {
      return limit == null ? DEFAULT_LIMIT : limit;
    }

    boolean filtered() {
      return caseReference != null || from != null || to != null || modality != null || device != null;
    }
  }

  /**
   * One notarization as the list shows it: no patient data, and the case reference only as given
   * by the hospital itself.
   */
  public record Row(String id, String receivedAt, EvidenceStatus status, String fileName, String mediaType,
      long size, String caseReference, String modality, String device, String signerId, String seriesInstanceUid,
      String sha256, int attempts, String lastError) {
    static Row of(EvidenceRecord r) {
      DicomAttributes d = r.dicom();
      return new Row(r.id(), r.statement().receivedAt(), r.status(), r.statement().fileName(), r.mediaType(),
          r.size(), r.statement().caseReference(), d == null ? null : d.modality(), d == null ? null : device(d),
          r.signerId(), d == null ? null : d.seriesInstanceUid(), r.sha256(), r.attempts(), r.lastError());
    }

    private static String device(DicomAttributes d) {
      String model = join(d.manufacturer(), d.manufacturerModelName());
      String station = d.stationName();
      if (station != null && model != null) {
        return station + " (" + model + ")";
      }
      return station != null ? station : model;
    }

    private static String join(String a, String b) {
      return a == null ? b : b == null ? a : a + " " + b;
    }
  }

  /**
   * The answer: the matching rows, newest first, at most the query's limit.
   *
   * @param rows the rows shown
   * @param matched how many records matched in all
   */
  public record Result(List<Row> rows, int matched) {
    public boolean truncated() {
      return matched > rows.size();
    }
  }

  /** The notarizations matching {@code query}, newest first. */
  public Result search(Query query) {
    Predicate<EvidenceRecord> match = matcher(query);
    List<EvidenceRecord> all = repository.all().stream().filter(match)
        .sorted(Comparator.comparing((EvidenceRecord r) -> r.statement().receivedAt()).reversed()
            .thenComparing(EvidenceRecord::id))
        .toList();
    return new Result(all.stream().limit(query.max()).map(Row::of).toList(), all.size());
  }

  /** The row of one record, for its detail page. */
  public Row row(EvidenceRecord record) {
    return Row.of(record);
  }

  private Predicate<EvidenceRecord> matcher(Query q) {
    Predicate<EvidenceRecord> p = r -> true;
    if (q.caseReference() != null) {
      String hash = identity.referenceHash(q.caseReference());
      p = p.and(r -> hash.equals(r.referenceHash()));
    }
    if (q.from() != null) {
      Instant start = q.from().atStartOfDay(ZoneOffset.UTC).toInstant();
      p = p.and(r -> !received(r).isBefore(start));
    }
    if (q.to() != null) {
      Instant end = q.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      p = p.and(r -> received(r).isBefore(end));
    }
    if (q.modality() != null) {
      String wanted = q.modality().toUpperCase(Locale.ROOT);
      p = p.and(r -> r.dicom() != null && r.dicom().modality() != null
          && r.dicom().modality().toUpperCase(Locale.ROOT).equals(wanted));
    }
    if (q.device() != null) {
      String wanted = q.device();
      p = p.and(r -> wanted.equalsIgnoreCase(r.signerId()) || (r.dicom() != null
          && (wanted.equalsIgnoreCase(r.dicom().stationName()) || wanted.equalsIgnoreCase(r.dicom().deviceSerialNumber())
              || wanted.equalsIgnoreCase(r.dicom().manufacturerModelName()))));
    }
    return p;
  }

  private static Instant received(EvidenceRecord r) {
    return Instant.parse(r.statement().receivedAt());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
