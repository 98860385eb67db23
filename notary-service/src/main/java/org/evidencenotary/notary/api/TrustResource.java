package org.evidencenotary.notary.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.signing.BuiltInTsa;
import org.evidencenotary.notary.signing.NotaryIdentity;

/** The roots a verifier needs to trust, for checking proofs and certificates with its own tools. */
@Path("/api/v1/trust")
public class TrustResource {
  @Inject NotaryIdentity identity;
  @Inject BuiltInTsa tsa;

  @GET
  @Path("/roots.pem")
  @Produces("application/x-pem-file")
  @Operation(summary = "The notary's (hospital) root CA and the built-in TSA's root, PEM: what a verifier trusts")
  public String roots() {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(identity.rootCertificate());
      pem.writeObject(tsa.root());
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
