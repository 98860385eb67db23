package org.evidencenotary.notary.portal;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * For the verification page: the proof bundle attached to a certificate PDF
 * ({@code proof-bundle.json}), so that a person holding the certificate, not the bundle, can give
 * it to the verify API as its {@code proof} part. It only takes the attachment out: what it holds
 * is checked by the verify API like any proof, and the PDF's own signature is checked by the
 * offline verifier (docs/portal.md). Not part of the API.
 */
@PermitAll
@Path("/portal/certificate-proof")
public class CertificateProofResource {
  /** Certificates are a few hundred KiB; a file far larger is not one. */
  static final int MAX_BYTES = 32 * 1024 * 1024;

  static final String ATTACHMENT = "proof-bundle.json";

  @POST
  @Consumes("application/pdf")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(hidden = true)
  public byte[] proofOf(InputStream body) throws IOException {
    byte[] pdf = body.readNBytes(MAX_BYTES + 1);
    if (pdf.length > MAX_BYTES || pdf.length < 5 || pdf[0] != '%' || pdf[1] != 'P' || pdf[2] != 'D'
        || pdf[3] != 'F') {
      throw new BadRequestException("not a certificate PDF");
    }
    byte[] proof = attachment(pdf);
    if (proof == null) {
      throw new BadRequestException("the PDF carries no " + ATTACHMENT);
    }
    return proof;
  }

  private static byte[] attachment(byte[] pdf) {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      PDDocumentNameDictionary names = document.getDocumentCatalog().getNames();
      if (names == null || names.getEmbeddedFiles() == null || names.getEmbeddedFiles().getNames() == null) {
        return null;
      }
      PDComplexFileSpecification spec = names.getEmbeddedFiles().getNames().get(ATTACHMENT);
      return spec == null || spec.getEmbeddedFile() == null ? null : spec.getEmbeddedFile().toByteArray();
    } catch (IOException e) {
      // A PDF PDFBox cannot read is the caller's to fix, like any other malformed upload.
      return null;
    }
  }
}
