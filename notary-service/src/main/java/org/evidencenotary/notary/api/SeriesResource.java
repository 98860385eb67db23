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
import java.util.List;
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
 * Document (one, or several parts for a long series), and an instance's place in one.
 */
public class SeriesResource {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern PART = Pattern.compile("[0-9]+");

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
      return SeriesResource.manifest(manifests, root);
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
        + " 409 until the manifest is anchored, and 409 series-kos-in-parts for a manifest written in several"
        + " documents (see /kos)")
    public Response kos(@PathParam("merkleRoot") String root) throws IOException {
      SeriesManifest manifest = manifest(manifests, root);
      return dicom(documents.signed(manifest), KeyObjectDocument.sopInstanceUid(manifest),
          "series-" + root.substring(0, 16) + "-v" + manifest.version() + "-kos.dcm");
    }
  }

  /** {@code GET /api/v1/series/{merkleRoot}/kos} and {@code .../kos/{part}.dcm}. */
  @Path("/api/v1/series/{merkleRoot}/kos")
  public static class KosParts {
    @Inject SeriesManifests manifests;
    @Inject SeriesKeyObjects documents;

    @RolesAllowed({Roles.ACQUIRER, Roles.VERIFIER})
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The signed Key Object Selection Documents of the anchored manifest: one for a small series,"
        + " else several parts, each signed, each under the 16 KiB that DCMTK 3.6.7-3.7.0 can verify. Each part:"
        + " number, SOP Instance UID, first and last leaf index (from 0), instance count and download path. The parts"
        + " share the Merkle root and list every leaf once, in order. 409 until the manifest is anchored")
    public KosIndex index(@PathParam("merkleRoot") String root) throws IOException {
      SeriesManifest manifest = manifest(manifests, root);
      List<KosPart> parts = documents.parts(manifest).stream()
          .map(p -> new KosPart(p.number(), p.sopInstanceUid(), p.firstLeaf(), p.lastLeaf(), p.instances(),
              "/api/v1/series/" + root + "/kos/" + p.number() + ".dcm"))
          .toList();
      return new KosIndex(root, manifest.version(), manifest.members().size(), parts);
    }

    @RolesAllowed({Roles.ACQUIRER, Roles.VERIFIER})
    @GET
    @Path("{part}.dcm")
    @Produces("application/dicom")
    @Operation(summary = "One signed part of the manifest's Key Object Selection Document (from 1; part 1 of a"
        + " manifest in one document is kos.dcm); check it with: dcmsign --verify +tr +cf roots.pem part.dcm."
        + " 400 for a part that is not a number, 404 for one past the last")
    public Response part(@PathParam("merkleRoot") String root, @PathParam("part") String part) throws IOException {
      if (!PART.matcher(part).matches()) {
        throw new BadRequestProblem("a part is named by its number, from 1 (as in /kos/1.dcm)");
      }
      SeriesManifest manifest = manifest(manifests, root);
      List<KeyObjectDocument.Part> parts = documents.parts(manifest);
      int number;
      try {
        number = Integer.parseInt(part);
      } catch (NumberFormatException e) {
        number = Integer.MAX_VALUE; // digits only, so too many of them: past the last part
      }
      if (number < 1 || number > parts.size()) {
        throw new NotFoundException("series manifest " + root + " has " + parts.size() + " part(s), not " + part);
      }
      KeyObjectDocument.Part p = parts.get(number - 1);
      return dicom(documents.part(manifest, number), p.sopInstanceUid(), "series-" + root.substring(0, 16) + "-v"
          + manifest.version() + "-kos-" + p.number() + "-of-" + p.of() + ".dcm");
    }
  }

  /**
   * The Key Object Selection Documents of one manifest version.
   *
   * @param merkleRoot the manifest's Merkle root, which every part states
   * @param version the manifest version
   * @param leafCount how many instances (leaves) the manifest has
   * @param parts the documents, in order; their leaf ranges follow one another from 0 to {@code
   *     leafCount - 1}
   */
  public record KosIndex(String merkleRoot, int version, int leafCount, List<KosPart> parts) {}

  /**
   * One document.
   *
   * @param number 1 to the number of parts
   * @param sopInstanceUid its SOP Instance UID
   * @param firstLeaf the leaf index (from 0) of its first instance
   * @param lastLeaf the leaf index of its last instance
   * @param instances how many instances it lists
   * @param path where to get it
   */
  public record KosPart(int number, String sopInstanceUid, int firstLeaf, int lastLeaf, int instances,
      String path) {}

  private static SeriesManifest manifest(SeriesManifests manifests, String root) {
    if (!HEX64.matcher(root).matches()) {
      throw new BadRequestProblem("a Merkle root is 64 lowercase hex characters");
    }
    return manifests.byRoot(root)
        .orElseThrow(() -> new NotFoundException("no series manifest with Merkle root " + root));
  }

  private static Response dicom(byte[] document, String sopInstanceUid, String filename) {
    return Response.ok(document, "application/dicom")
        .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
        .header("SOP-Instance-UID", sopInstanceUid)
        .build();
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
