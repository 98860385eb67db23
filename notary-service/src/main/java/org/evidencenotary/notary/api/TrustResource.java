package org.evidencenotary.notary.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.signing.NotaryIdentity;

/** The roots a verifier needs to trust, for checking proofs and certificates with its own tools. */
@Path("/api/v1/trust")
public class TrustResource {
  @Inject NotaryIdentity identity;

  @GET
  @Path("/roots.pem")
  @Produces("application/x-pem-file")
  @Operation(summary = "The notary's root CA certificate (PEM), to give the offline verifier with --trust")
  public String roots() {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(identity.rootCertificate());
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
