package org.evidencenotary.notary.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.admin.AdminAudit;
import org.evidencenotary.notary.auth.Roles;

/** What administrators did (tokens and identities), for auditors and administrators. */
@Path("/api/v1/audit")
public class AdminAuditResource {
  public static final int MAX_LIMIT = 1000;

  @Inject AdminAudit audit;

  @RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
  @GET
  @Path("/admin-actions")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Administrative actions, newest first, with the hash chain checked (auditor, admin)",
      description = "Every token issued or revoked and every identity enrolled or revoked: who, when, what."
          + " 'intact' is false, with the first break in 'problem', when an entry was changed, removed or moved.")
  public AdminAudit.Listing adminActions(@QueryParam("limit") @DefaultValue("100") String limit) throws IOException {
    // Read as text: a limit that is not a number is the caller's mistake (400), not an unknown page (404).
    int n;
    try {
      n = Integer.parseInt(limit.strip());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > MAX_LIMIT) {
      throw new BadRequestProblem("'limit' must be 1 to " + MAX_LIMIT);
    }
    return audit.list(n);
  }
}
