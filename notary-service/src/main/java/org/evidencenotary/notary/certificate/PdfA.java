package org.evidencenotary.notary.certificate;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;
import org.apache.xmpbox.XMPMetadata;
import org.apache.xmpbox.schema.AdobePDFSchema;
import org.apache.xmpbox.schema.DublinCoreSchema;
import org.apache.xmpbox.schema.PDFAIdentificationSchema;
import org.apache.xmpbox.schema.XMPBasicSchema;
import org.apache.xmpbox.type.BadFieldValueException;
import org.apache.xmpbox.xml.XmpSerializer;

/**
 * What makes the certificate a PDF/A-3b document (ISO 19005-3, level B: the look is preserved),
 * besides what the rest of the certificate code already does (every font embedded, the proof
 * attached as an associated file with its MIME type and {@code /AFRelationship}): XMP metadata that
 * says so and repeats the document information, and an sRGB output intent for the colours.
 *
 * <p>The signature and the long-term validation data are incremental updates, which PDF/A allows;
 * the {@code pdfa-validation} module checks the signed certificate with veraPDF.
 */
final class PdfA {
  /** The output condition of the sRGB profile (the ICC registry's name for it). */
  static final String SRGB = "sRGB IEC61966-2.1";

  private PdfA() {}

  /**
   * Declares {@code document} PDF/A-3b: its XMP metadata from {@code info} (title, author,
   * subject, creation date and producer, which must agree with the document information) and the
   * sRGB output intent. Call after the information is complete.
   */
  static void declare(PDDocument document, PDDocumentInformation info) throws IOException {
    XMPMetadata xmp = XMPMetadata.createXMPMetadata();
    PDFAIdentificationSchema id = xmp.createAndAddPDFAIdentificationSchema();
    id.setPart(3);
    try {
      id.setConformance("B");
    } catch (BadFieldValueException e) {
      throw new IllegalStateException("xmpbox refused conformance level B", e);
    }
    DublinCoreSchema dc = xmp.createAndAddDublinCoreSchema();
    dc.setTitle(info.getTitle());
    dc.addCreator(info.getAuthor());
    dc.setDescription(info.getSubject());
    dc.setFormat("application/pdf");
    XMPBasicSchema basic = xmp.createAndAddXMPBasicSchema();
    basic.setCreateDate(info.getCreationDate());
    basic.setMetadataDate(info.getCreationDate());
    AdobePDFSchema pdf = xmp.createAndAddAdobePDFSchema();
    pdf.setProducer(info.getProducer());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      new XmpSerializer().serialize(xmp, bytes, true);
    } catch (javax.xml.transform.TransformerException e) {
      throw new IOException("the certificate's XMP metadata could not be written", e);
    }
    PDMetadata metadata = new PDMetadata(document);
    metadata.importXMPMetadata(bytes.toByteArray());
    document.getDocumentCatalog().setMetadata(metadata);

    PDOutputIntent intent = new PDOutputIntent(document,
        new ByteArrayInputStream(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData()));
    intent.setInfo(SRGB);
    intent.setOutputCondition(SRGB);
    intent.setOutputConditionIdentifier(SRGB);
    intent.setRegistryName("http://www.color.org");
    document.getDocumentCatalog().addOutputIntent(intent);
  }
}
