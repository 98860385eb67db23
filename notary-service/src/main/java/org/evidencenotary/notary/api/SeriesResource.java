package org.evidencenotary.notary.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.format.ProofBundle;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceService;
import org.evidencenotary.notary.proof.ProofService;
import org.evidencenotary.notary.series.KeyObjectDocument;
import org.evidencenotary.notary.series.SeriesKeyObjects;
import org.evidencenotary.notary.series.SeriesManifest;
import org.evidencenotary.notary.series.SeriesManifests;

/**
 * DICOM series manifests: the manifest behind a Merkle root, its signed Key Object Selection
 * Document, and an instance's place in one.
 */
public class SeriesResource {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  /** {@code GET /api/v1/series/{merkleRoot}}. */
  @Path("/api/v1/series/{merkleRoot}")
  public static class Manifest {
    @Inject SeriesManifests manifests;

    @RolesAllowed({Roles.ACQUIRER, Roles.VERIFIER})
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One version of a series manifest: its instances (evidence id and SHA-256) in leaf order,"
        + " the Merkle root and where it is anchored. Rebuild the root from the files to find added or missing ones.")
    public SeriesManifest manifest(@PathParam("merkleRoot") String root) {
      if (!HEX64.matcher(root).matches()) {
        throw new BadRequestProblem("a Merkle root is 64 lowercase hex characters");
      }
      return manifests.byRoot(root)
          .orElseThrow(() -> new NotFoundException("no series manifest with Merkle root " + root));
    }
  }

  /** {@code GET /api/v1/series/{merkleRoot}/kos.dcm}. */
  @Path("/api/v1/series/{merkleRoot}/kos.dcm")
  public static class KeyObject {
    @Inject SeriesManifests manifests;
    @Inject SeriesKeyObjects documents;

    @RolesAllowed({Roles.ACQUIRER, Roles.VERIFIER})
    @GET
    @Produces("application/dicom")
    @Operation(summary = "The anchored manifest as a DICOM Key Object Selection Document (\"Signed Manifest\"):"
        + " every instance's UIDs with a MAC of its Pixel Data, the Merkle root and version in the description,"
        + " signed by the notary with a certified time-stamp; check it with: dcmsign --verify +cf roots.pem kos.dcm."
        + " 409 until the manifest is anchored")
    public Response kos(@PathParam("merkleRoot") String root) throws IOException {
      if (!HEX64.matcher(root).matches()) {
        throw new BadRequestProblem("a Merkle root is 64 lowercase hex characters");
      }
      SeriesManifest manifest = manifests.byRoot(root)
          .orElseThrow(() -> new NotFoundException("no series manifest with Merkle root " + root));
      byte[] document = documents.signed(manifest);
      return Response.ok(document, "application/dicom")
          .header("Content-Disposition", "attachment; filename=\"series-" + root.substring(0, 16) + "-v"
              + manifest.version() + "-kos.dcm\"")
          .header("SOP-Instance-UID", KeyObjectDocument.sopInstanceUid(manifest))
          .build();
    }
  }

  /** {@code GET /api/v1/evidence/{id}/series}. */
  @Path("/api/v1/evidence/{id}/series")
  public static class Membership {
    @Inject EvidenceService evidence;
    @Inject ProofService proofs;

    @RolesAllowed({Roles.ACQUIRER, Roles.VERIFIER})
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The instance's place in its series' latest anchored manifest, with its inclusion path"
        + " (404 until the series has been quiet for the configured time and its manifest is anchored)")
    public ProofBundle.Series membership(@PathParam("id") String id) {
      EvidenceRecord record = evidence.get(Ids.evidenceId(id));
      return proofs.seriesOf(record).orElseThrow(() -> new NotFoundException(
          "evidence " + record.id() + " is in no anchored series manifest (not a DICOM instance of a series,"
              + " or its series has not been quiet long enough yet)"));
    }
  }
}
