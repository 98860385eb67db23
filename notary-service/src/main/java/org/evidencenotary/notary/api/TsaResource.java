package org.evidencenotary.notary.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.signing.BuiltInTsa;

/** The built-in RFC 3161 time-stamping authority, over HTTP (RFC 3161 section 3.4). */
@Path("/api/v1/tsa")
public class TsaResource {
  @Inject BuiltInTsa tsa;

  @POST
  @Consumes("application/timestamp-query")
  @Produces("application/timestamp-reply")
  @Operation(summary = "RFC 3161 time-stamp: send a DER TimeStampReq, receive a DER TimeStampResp")
  public byte[] stamp(byte[] request) throws IOException {
    if (request == null || request.length == 0) {
      throw new BadRequestProblem("send a DER-encoded RFC 3161 TimeStampReq");
    }
    try {
      return tsa.respond(request);
    } catch (IOException e) {
      // The parser's message names Java classes: keep it in the log, not in the answer.
      throw new BadRequestProblem("the body is not a DER-encoded RFC 3161 TimeStampReq", e);
    }
  }
}
