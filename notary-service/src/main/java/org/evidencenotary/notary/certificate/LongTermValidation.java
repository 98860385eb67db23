package org.evidencenotary.notary.certificate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Turns a PAdES B-T PDF into B-LT: an incremental update after the signature that adds the
 * document security store (ETSI EN 319 142-1, 5.4: the catalog's {@code /DSS} with {@code /Certs}
 * and {@code /CRLs}), so that the certificate chains of the signature and of its time-stamp, and
 * the revocation status of every certificate in them, can be checked years later from the PDF
 * alone, with no network.
 *
 * <p>The update changes nothing the signature covers: it rewrites only the catalog, adding the
 * {@code /DSS} entry, and adds new objects reachable from it. That is the one kind of change the
 * offline verifier accepts after the signature ({@code PdfChecks}).
 *
 * <p>No {@code /VRI} entry: it is optional, and validators (EU DSS among them) find the
 * validation data for each signature without it.
 */
final class LongTermValidation {
  private static final COSName DSS = COSName.getPDFName("DSS");
  private static final COSName CERTS = COSName.getPDFName("Certs");
  private static final COSName CRLS = COSName.getPDFName("CRLs");

  private LongTermValidation() {}

  /** {@code signedPdf} with an incremental update carrying {@code certificates} and {@code crls}. */
  static byte[] append(byte[] signedPdf, List<X509Certificate> certificates, List<X509CRL> crls) throws IOException {
    try (PDDocument document = Loader.loadPDF(signedPdf)) {
      COSDictionary catalog = document.getDocumentCatalog().getCOSObject();
      if (catalog.containsKey(DSS)) {
        throw new IOException("the PDF already has a document security store");
      }
      COSArray certArray = new COSArray();
      for (X509Certificate certificate : certificates) {
        certArray.add(stream(document, certificate.getEncoded()));
      }
      COSArray crlArray = new COSArray();
      for (X509CRL crl : crls) {
        crlArray.add(stream(document, crl.getEncoded()));
      }
      COSDictionary dss = new COSDictionary();
      dss.setItem(CERTS, certArray);
      dss.setItem(CRLS, crlArray);
      catalog.setItem(DSS, dss);
      catalog.setNeedToBeUpdated(true);
      ByteArrayOutputStream out = new ByteArrayOutputStream(signedPdf.length + 8192);
      document.saveIncremental(out);
      return out.toByteArray();
    } catch (GeneralSecurityException e) {
      throw new IOException("validation data could not be encoded: " + e.getMessage(), e);
    }
  }

  /** A stream holding {@code der} (Flate-compressed), as the DSS arrays require. */
  private static COSStream stream(PDDocument document, byte[] der) throws IOException {
    COSStream stream = document.getDocument().createCOSStream();
    try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
      out.write(der);
    }
    return stream;
  }
}
