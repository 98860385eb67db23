package org.evidencenotary.notary.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.evidencenotary.notary.dicom.MalformedDicomException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Malformed DICOM is the client's to fix: 400 {@code malformed-dicom}, nothing kept. */
public class DicomProblemMapper {
  static final String TYPE = "urn:evidence-notary:problem:malformed-dicom";

  @ServerExceptionMapper
  public Response malformed(MalformedDicomException e, UriInfo uri) {
    Problem problem = new Problem(TYPE, "Malformed DICOM", 400, e.getMessage() + " Nothing was kept.",
        uri == null ? null : uri.getPath(), null, null);
    return Response.status(400).type(Problem.MEDIA_TYPE).entity(problem).build();
  }
}
