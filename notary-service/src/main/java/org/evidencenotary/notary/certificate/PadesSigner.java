package org.evidencenotary.notary.certificate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Calendar;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.evidencenotary.notary.pki.NotaryIdentity;
import org.evidencenotary.notary.timestamping.CadesAttributes;
import org.evidencenotary.notary.timestamping.TimeStamping;

/**
 * Signs a finished PDF as PAdES baseline B-T: an incremental update holding a detached CMS
 * signature (ETSI.CAdES.detached) by the notary's key, with the signing-certificate-v2 attribute
 * and without the CMS signing-time attribute, which PAdES forbids (the claimed time is the PDF's
 * /M), plus an RFC 3161 signature time-stamp from the time-stamping authority (built-in or outside;
 * when the outside one fails, {@link org.evidencenotary.notary.timestamping.TimestampUnavailableException}
 * and no certificate).
 */
final class PadesSigner {
  private PadesSigner() {}

  static byte[] sign(byte[] unsignedPdf, NotaryIdentity identity, TimeStamping tsa, String reason, String location)
      throws IOException {
    try (PDDocument document = Loader.loadPDF(unsignedPdf)) {
      PDSignature signature = new PDSignature();
      signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
      signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
      signature.setName(HumanText.name(identity.serviceSubject()));
      signature.setReason(reason);
      signature.setLocation(location);
      signature.setSignDate(Calendar.getInstance());
      SignatureOptions options = new SignatureOptions();
      options.setPreferredSignatureSize(SignatureOptions.DEFAULT_SIGNATURE_SIZE * 2);
      document.addSignature(signature, content -> cms(content, identity, tsa), options);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.saveIncremental(out);
      options.close();
      return out.toByteArray();
    }
  }

  private static byte[] cms(InputStream content, NotaryIdentity identity, TimeStamping tsa) throws IOException {
    try {
      X509Certificate signer = identity.serviceCertificate();
      AttributeTable signedAttributes = new AttributeTable(CadesAttributes.signingCertificateV2(signer));
      CMSAttributeTableGenerator base = new DefaultSignedAttributeTableGenerator(signedAttributes);
      CMSAttributeTableGenerator withoutSigningTime = parameters ->
          base.getAttributes(parameters).remove(CMSAttributes.signingTime);
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addSignerInfoGenerator(
          new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
              .setSignedAttributeGenerator(withoutSigningTime)
              .build(identity.contentSigner(), signer));
      generator.addCertificates(new JcaCertStore(identity.chain()));
      CMSSignedData signed = generator.generate(new CMSProcessableByteArray(content.readAllBytes()), false);
      return CadesAttributes.withSignatureTimestamp(signed, tsa).getEncoded("DER");
    } catch (CMSException | OperatorCreationException | CertificateEncodingException e) {
      throw new IOException("the PDF signature could not be made: " + e.getMessage(), e);
    }
  }


}
