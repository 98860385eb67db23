package org.evidencenotary.notary.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.timestamping.BuiltInTsa;
import org.evidencenotary.notary.timestamping.TimeStamping;

/**
 * The built-in RFC 3161 time-stamping authority, over HTTP (RFC 3161 section 3.4). Off (404
 * {@code tsa-not-offered}) when an outside TSA is configured: time then comes from that TSA only.
 */
@Path("/api/v1/tsa")
public class TsaResource {
  @Inject BuiltInTsa tsa;
  @Inject TimeStamping timestamps;

  @RolesAllowed(Roles.ACQUIRER)
  @POST
  @Consumes("application/timestamp-query")
  @Produces("application/timestamp-reply")
  @Operation(summary = "RFC 3161 time-stamp: send a DER TimeStampReq, receive a DER TimeStampResp")
  public Response stamp(byte[] request) throws IOException {
    if (timestamps.outside()) {
      throw new TsaNotOfferedProblem("this notary takes its time-stamps from an outside TSA; the built-in one is off");
    }
    if (request == null || request.length == 0) {
      throw new BadRequestProblem("send a DER-encoded RFC 3161 TimeStampReq");
    }
    try {
      return Response.ok(tsa.respond(request), "application/timestamp-reply").build();
    } catch (IOException e) {
      // The parser's message names Java classes: keep it in the log, not in the answer.
      throw new BadRequestProblem("the body is not a DER-encoded RFC 3161 TimeStampReq", e);
    }
  }
}
