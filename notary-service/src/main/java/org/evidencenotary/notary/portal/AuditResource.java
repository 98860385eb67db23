package org.evidencenotary.notary.portal;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.custody.CustodyEntry;
import org.evidencenotary.notary.custody.CustodyService;
import org.evidencenotary.notary.evidence.AnchorWorker;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceRepository;
import org.evidencenotary.notary.ledger.Ledger;
import org.evidencenotary.storage.EvidenceStore;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The audit view, for auditors: {@code /audit} shows the latest custody events across all
 * evidence (who was given what, when, and whether the kept details still match the ledger), the
 * anchoring backlog, and whether the ledger and the object store take writes now. Read-only; the
 * page asks the ledger and the store each time it is opened.
 */
@Path("/audit")
@RolesAllowed(Roles.AUDITOR)
@Produces(MediaType.TEXT_HTML)
public class AuditResource {
  private static final Logger LOG = Logger.getLogger(AuditResource.class);
  /** Custody events the page shows at most. */
  static final int EVENTS = 50;

  /** One custody event as a table row. */
  public record Event(String at, String action, String evidenceId, String actor, String role, String detailsCheck,
      String transactionId, String recordedBy) {
    static Event of(CustodyEntry e) {
      var details = e.details();
      return new Event(e.ledger().recordedAt(), String.valueOf(e.ledger().action()), e.ledger().evidenceId(),
          details == null ? null : details.actor().name(), details == null ? null : details.actor().role(),
          e.detailsCheck().name(), e.ledger().txId(), e.ledger().recordedBy());
    }
  }

  /**
   * Health of one part: whether it works now and what it says.
   *
   * @param name ledger or store
   * @param kind embedded, fabric, filesystem, minio
   * @param ok whether it takes writes now
   * @param detail a number or the reason it does not
   */
  public record Health(String name, String kind, boolean ok, String detail) {}

  /** The anchoring backlog: records not yet anchored. */
  public record Backlog(int pending, int queued, String oldestReceivedAt, String oldestAge, int failing,
      List<EvidenceRecord> oldest) {}

  /** The page's content. */
  public record Audit(List<Event> events, String eventsProblem, Backlog backlog, Health ledger, Health store,
      String checkedAt) {
    /** The ledger's and the store's health, in that order. */
    public List<Health> health() {
      return List.of(ledger, store);
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance audit(Audit audit);
  }

  @Inject CustodyService custody;
  @Inject EvidenceRepository records;
  @Inject AnchorWorker worker;
  @Inject Ledger ledger;
  @Inject EvidenceStore store;

  @GET
  @Operation(hidden = true)
  public Response audit() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<Event> events = List.of();
    String eventsProblem = null;
    try {
      events = custody.recent(EVENTS).stream().map(Event::of).toList();
    } catch (RuntimeException e) {
      LOG.warnf("The audit page could not list custody events: %s", e.getMessage());
      eventsProblem = "The ledger could not be asked for custody events just now; try again in a moment.";
    }
    return PortalResource.page(200, Templates.audit(
        new Audit(events, eventsProblem, backlog(now), ledgerHealth(), storeHealth(), now.toString())));
  }

  private Backlog backlog(Instant now) {
    List<EvidenceRecord> pending = records.pending();
    if (pending.isEmpty()) {
      return new Backlog(0, worker.backlog(), null, null, 0, List.of());
    }
    String oldest = pending.get(0).statement().receivedAt();
    Duration age = Duration.between(Instant.parse(oldest), now);
    int failing = (int) pending.stream().filter(r -> r.attempts() > 0).count();
    return new Backlog(pending.size(), worker.backlog(), oldest, words(age), failing,
        pending.subList(0, Math.min(10, pending.size())));
  }

  private Health ledgerHealth() {
    try {
      ledger.checkUsable();
      return new Health("Ledger", ledger.kind().text(), true, ledger.height() + " blocks");
    } catch (RuntimeException e) {
      LOG.warnf("The audit page found the ledger not usable: %s", e.getMessage());
      return new Health("Ledger", ledger.kind().text(), false, "does not take writes now");
    }
  }

  private Health storeHealth() {
    try {
      store.checkWritable();
      return new Health("Object store", store.kind().text(), true, "takes writes");
    } catch (Exception e) {
      LOG.warnf("The audit page found the object store not writable: %s", e.getMessage());
      return new Health("Object store", store.kind().text(), false, "does not take writes now");
    }
  }

  /** A duration in words a person reads at a glance: "3 minutes", "2 hours 5 minutes", "4 days". */
  static String words(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    if (seconds < 60) {
      return seconds + (seconds == 1 ? " second" : " seconds");
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + (minutes == 1 ? " minute" : " minutes");
    }
    long hours = minutes / 60;
    if (hours < 48) {
      return hours + (hours == 1 ? " hour " : " hours ") + (minutes % 60) + " minutes";
    }
    return (hours / 24) + " days";
  }

  @ServerExceptionMapper
  Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
    return PortalRefusals.unauthorized(e, request);
  }

  @ServerExceptionMapper
  Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
    return PortalRefusals.authenticationFailed(e, request);
  }

  @ServerExceptionMapper
  Response forbidden(ForbiddenException e, HttpServerRequest request) {
    return PortalRefusals.forbidden(e, request);
  }
}
