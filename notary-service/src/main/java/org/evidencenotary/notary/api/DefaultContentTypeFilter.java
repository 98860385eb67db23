package org.evidencenotary.notary.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A body sent without a Content-Type is taken as {@code application/octet-stream} (RFC 9110,
 * 8.3), so it reaches the raw-body endpoints and not the multipart ones.
 */
public class DefaultContentTypeFilter {
  @ServerRequestFilter(preMatching = true)
  public void defaultContentType(ContainerRequestContext request) {
    String type = request.getHeaderString("Content-Type");
    if (type == null || type.isBlank()) {
      request.getHeaders().putSingle("Content-Type", "application/octet-stream");
    }
  }
}
