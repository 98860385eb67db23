package org.evidencenotary.notary.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import org.evidencenotary.notary.evidence.EvidenceService;

/**
 * Refuses an upload whose declared Content-Length is over the limit before a byte of it is read,
 * with a problem+json 413. Bodies without a declared length are counted while they stream and
 * refused the same way by the store.
 */
@ApplicationScoped
public class UploadLimitFilter {
  /** The batch check, whose whole body has its own limit ({@code notary.verify.batch.max-upload}). */
  static final String BATCH_PATH = "/api/v1/verify/batch";

  @Inject EvidenceService evidence;
  @Inject BatchLimitsSettings batch;
  @Inject MultipartSettings multipart;

  void register(@Observes Router router) {
    router.route().order(-1000).handler(ctx -> {
      var request = ctx.request();
      String length = request.getHeader("Content-Length");
      String path = request.path();
      if (request.method() == HttpMethod.POST && length != null
          && (path.startsWith("/api/v1/evidence") || path.startsWith("/api/v1/verify"))) {
        long declared;
        try {
          declared = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
          declared = -1;
        }
        String type = request.getHeader("Content-Type");
        boolean isBatch = path.equals(BATCH_PATH) || path.equals(BATCH_PATH + "/");
        long allowed = isBatch ? batch.limits().maxUpload() : evidence.maxSize();
        long limit = allowed + (!isBatch && type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")
            ? multipart.allowance() : 0);
        if (declared > limit) {
          ctx.response().setStatusCode(413)
              .putHeader("Content-Type", Problem.MEDIA_TYPE)
              .putHeader("Connection", "close")
              .end(ProblemMapper.declaredTooLarge(declared, allowed, path));
          return;
        }
      }
      ctx.next();
    });
  }
}
