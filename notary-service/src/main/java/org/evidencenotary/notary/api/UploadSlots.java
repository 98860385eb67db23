package org.evidencenotary.notary.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.NotaryConfig;
import org.jboss.logging.Logger;

/**
 * At most {@code notary.ingest.max-concurrent-uploads} requests with a body are handled at once;
 * another is answered 503 {@code too-many-uploads} (Retry-After) before a byte of its body is read.
 * A slot is held from the request's head to the end of its response (or of its connection).
 *
 * <p>Why: a resource that reads its body as a stream holds a worker thread until the last byte;
 * {@link RequestBodyDeadline} bounds how long one request may do so, this bounds how many may at
 * once, so that health checks and reads always find a worker thread, even while many clients
 * upload slowly or reconnect as soon as they are cut off.
 */
@ApplicationScoped
public class UploadSlots {
  private static final Logger LOG = Logger.getLogger(UploadSlots.class);
  /** Seconds a refused client is asked to wait. */
  static final String RETRY_AFTER = "10";

  @Inject NotaryConfig config;

  private final AtomicInteger receiving = new AtomicInteger();

  void register(@Observes Router router) {
    int max = config.ingest().maxConcurrentUploads();
    if (max < 1) {
      throw new ConfigurationException("notary.ingest.max-concurrent-uploads must be at least 1, found " + max);
    }
    router.route().order(-1200).handler(ctx -> {
      HttpServerRequest request = ctx.request();
      if (!RequestBodyDeadline.hasBody(request) || request.isEnded()) {
        ctx.next();
        return;
      }
      if (receiving.incrementAndGet() > max) {
        receiving.decrementAndGet();
        LOG.warnf("upload refused (503): %d request bodies are being received already"
            + " (notary.ingest.max-concurrent-uploads)", max);
        ctx.response().setStatusCode(503)
            .putHeader("Content-Type", Problem.MEDIA_TYPE)
            .putHeader("Retry-After", RETRY_AFTER)
            .putHeader("Connection", "close")
            .end(ProblemMapper.tooManyUploads(max, request.path()))
            .onComplete(sent -> RequestBodyDeadline.close(request)); // the body that follows is not wanted
        return;
      }
      AtomicBoolean released = new AtomicBoolean();
      ctx.addEndHandler(done -> {
        if (released.compareAndSet(false, true)) {
          receiving.decrementAndGet();
        }
      });
      ctx.next();
    });
  }

  /** Requests whose bodies are being received or answered now (tests: slots come back). */
  int inUse() {
    return receiving.get();
  }
}
