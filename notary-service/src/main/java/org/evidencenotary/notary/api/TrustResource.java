package org.evidencenotary.notary.api;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.evidencenotary.notary.pki.NotaryIdentity;
import org.evidencenotary.notary.timestamping.TimeStamping;

/** The roots a verifier needs to trust, for checking proofs and certificates with its own tools. */
@Path("/api/v1/trust")
public class TrustResource {
  @Inject NotaryIdentity identity;
  @Inject TimeStamping timestamps;

  @PermitAll
  @GET
  @Path("/roots.pem")
  @Produces("application/x-pem-file")
  @Operation(summary = "The notary's (hospital) root CA and the time-stamping authority's root (the built-in"
      + " TSA's, or the configured outside TSA's), PEM: what a verifier trusts")
  public String roots() {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      for (X509Certificate ca : identity.caChain()) {
        pem.writeObject(ca);
      }
      for (X509Certificate root : timestamps.trustedRoots()) {
        pem.writeObject(root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
