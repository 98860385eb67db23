package org.evidencenotary.notary.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A body sent without a Content-Type is taken as {@code application/octet-stream} (RFC 9110,
 * 8.3), so it reaches the raw-body endpoints and not the multipart ones. A Content-Type that is
 * not a media type is refused with a 400 problem.
 */
public class DefaultContentTypeFilter {
  @ServerRequestFilter(preMatching = true)
  public Response defaultContentType(ContainerRequestContext request) {
    String type = request.getHeaderString("Content-Type");
    if (type == null || type.isBlank()) {
      request.getHeaders().putSingle("Content-Type", "application/octet-stream");
      return null;
    }
    try {
      MediaType.valueOf(type);
      return null;
    } catch (IllegalArgumentException e) {
      return ProblemMapper.contentTypeNotAMediaType(request.getUriInfo().getPath());
    }
  }
}
