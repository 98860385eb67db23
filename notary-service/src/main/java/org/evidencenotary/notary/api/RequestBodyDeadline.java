package org.evidencenotary.notary.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.config.TransferDeadline;
import org.jboss.logging.Logger;

/**
 * Holds every request body to a {@link TransferDeadline} ({@code notary.ingest.body-timeout} and
 * {@code body-min-rate}): a body still incomplete when its deadline passes is answered 408 with a
 * problem+json {@code request-timeout} and its connection is closed.
 *
 * <p>Why here, on the Vert.x router and its timers: a resource that reads a body as an {@code
 * InputStream} runs on a worker thread that blocks until the next bytes arrive, so a client that
 * sends a byte a second holds that thread for as long as it likes (Quarkus' {@code
 * quarkus.http.read-timeout} restarts with every byte, and its idle timeout too). The deadline is
 * checked on the event loop, which never waits for the client; closing the connection ends the
 * worker's read with an error, and the request's staged bytes are discarded as after any failed
 * upload. The time a request takes once its body has arrived (signing, storing, waiting for the
 * anchor) is the service's, and does not count.
 */
@ApplicationScoped
public class RequestBodyDeadline {
  private static final Logger LOG = Logger.getLogger(RequestBodyDeadline.class);
  /** Set on a request whose body was too slow, so that the failure of its resource is not logged as a fault. */
  static final String TIMED_OUT = "notary.request-body-timed-out";

  @Inject NotaryConfig config;
  @Inject Vertx vertx;

  private TransferDeadline deadline;

  void register(@Observes Router router) {
    deadline = new TransferDeadline(config.ingest().bodyTimeout(), config.ingest().bodyMinRate().asLongValue());
    router.route().order(-1100).handler(ctx -> {
      HttpServerRequest request = ctx.request();
      if (hasBody(request) && !request.isEnded()) {
        long start = System.nanoTime();
        vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(deadline.allowedNanos(0)) + 1, id -> check(ctx, start));
      }
      ctx.next();
    });
  }

  /** The deadline for the bytes received so far: answered 408 once it has passed, otherwise checked again then. */
  private void check(RoutingContext ctx, long start) {
    HttpServerRequest request = ctx.request();
    if (request.isEnded() || ctx.response().closed()) {
      return; // the body arrived whole, or the client left
    }
    long received = request.bytesRead();
    long elapsed = System.nanoTime() - start;
    long allowed = deadline.allowedNanos(received);
    if (elapsed < allowed) {
      vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(allowed - elapsed) + 1, id -> check(ctx, start));
      return;
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(elapsed);
    LOG.infof("request body too slow: %s %s sent %d bytes in %d s (allowed: %s); answered 408, connection closed",
        request.method(), request.path(), received, seconds, deadline.describe());
    ctx.put(TIMED_OUT, Boolean.TRUE);
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      close(request); // already answered (a refusal before the body was read, say)
      return;
    }
    try {
      response.setStatusCode(408)
          .putHeader("Content-Type", Problem.MEDIA_TYPE)
          .putHeader("Connection", "close")
          .end(ProblemMapper.bodyTooSlow(received, seconds, deadline, request.path()))
          .onComplete(done -> close(request));
    } catch (IllegalStateException e) {
      close(request); // the resource answered just now
    }
  }

  /**
   * Whether a request announces a body: over HTTP/1 a Content-Length above zero or a
   * Transfer-Encoding (RFC 9112, 6.3); over HTTP/2, where a body needs neither, any request but a
   * GET, HEAD or OPTIONS without a Content-Length of 0.
   */
  static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    boolean zero = length != null && length.strip().equals("0");
    if (request.version() == HttpVersion.HTTP_2) {
      HttpMethod method = request.method();
      return !zero && method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
    }
    return request.getHeader("Transfer-Encoding") != null || length != null && !zero;
  }

  /** Ends the exchange: the whole connection for HTTP/1 (the rest of the body is not wanted), the stream for HTTP/2. */
  static void close(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      request.response().reset();
    } else {
      request.connection().close();
    }
  }
}
