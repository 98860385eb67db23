package org.evidencenotary.notary.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.util.Base64;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceService;
import org.evidencenotary.notary.identity.AcquisitionSigner;

/** The acquisition signature and its time-stamp, for checking with anyone's own tools. */
public class AcquisitionSignatureResource {
  /** {@code GET /api/v1/evidence/{id}/signature.p7s}. */
  @Path("/api/v1/evidence/{id}/signature.p7s")
  public static class Signature {
    @Inject EvidenceService evidence;

    @RolesAllowed({Roles.ACQUIRER, Roles.VERIFIER, Roles.INSURER})
    @GET
    @Produces("application/pkcs7-signature")
    @Operation(summary = "The technologist's or device's detached CMS signature (DER); the signed content is"
        + " the original: openssl cms -verify -binary -inform DER -in signature.p7s -content ORIGINAL -CAfile roots.pem")
    public byte[] signature(@PathParam("id") String id) {
      return Base64.getDecoder().decode(signed(evidence.get(Ids.evidenceId(id))));
    }
  }

  /** {@code GET /api/v1/evidence/{id}/timestamp.tsr}. */
  @Path("/api/v1/evidence/{id}/timestamp.tsr")
  public static class Timestamp {
    @Inject EvidenceService evidence;

    @RolesAllowed({Roles.ACQUIRER, Roles.VERIFIER, Roles.INSURER})
    @GET
    @Produces("application/timestamp-token")
    @Operation(summary = "The RFC 3161 TimeStampToken (DER) over the acquisition signature's value")
    public byte[] timestamp(@PathParam("id") String id) throws IOException {
      try {
        CMSSignedData cms = new CMSSignedData(Base64.getDecoder().decode(signed(evidence.get(Ids.evidenceId(id)))));
        return AcquisitionSigner.timestampOf(cms).getEncoded();
      } catch (CMSException e) {
        throw new IOException("the stored acquisition signature cannot be read", e);
      }
    }
  }

  static String signed(EvidenceRecord record) {
    if (record.acquisitionSignature() == null) {
      throw new NotFoundException("evidence " + record.id() + " was not signed by a technologist or device");
    }
    return record.acquisitionSignature();
  }
}
