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
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.tsp.TimeStampToken;
import org.evidencenotary.notary.signing.BuiltInTsa;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.evidencenotary.notary.signing.NotaryIdentity;
import org.evidencenotary.storage.Sha256;

/**
 * Signs a finished PDF as PAdES baseline B-T: an incremental update holding a detached CMS
 * signature (ETSI.CAdES.detached) by the notary's key, with the signing-certificate-v2 attribute
 * and without the CMS signing-time attribute, which PAdES forbids (the claimed time is the PDF's
 * /M), plus an RFC 3161 signature time-stamp from the time-stamping authority.
 */
final class PadesSigner {
  private PadesSigner() {}

  static byte[] sign(byte[] unsignedPdf, NotaryIdentity identity, BuiltInTsa tsa, String reason, String location)
      throws IOException {
    try (PDDocument document = Loader.loadPDF(unsignedPdf)) {
      PDSignature signature = new PDSignature();
      signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
      signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
      signature.setName(identity.serviceSubject());
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

  private static byte[] cms(InputStream content, NotaryIdentity identity, BuiltInTsa tsa) throws IOException {
    try {
      X509Certificate signer = identity.serviceCertificate();
      AttributeTable signedAttributes = new AttributeTable(new Attribute(
          PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(signingCertificateV2(signer))));
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
      // B-T: a time-stamp over the signature value, as the signature-time-stamp unsigned attribute.
      SignerInformation signerInfo = signed.getSignerInfos().getSigners().iterator().next();
      TimeStampToken token = tsa.stamp(Sha256.digest(signerInfo.getSignature()).bytes());
      AttributeTable unsigned = new AttributeTable(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
          new DERSet(token.toCMSSignedData().toASN1Structure())));
      return CMSSignedData.replaceSigners(signed, new SignerInformationStore(
          SignerInformation.replaceUnsignedAttributes(signerInfo, unsigned))).getEncoded("DER");
    } catch (CMSException | OperatorCreationException | CertificateEncodingException e) {
      throw new IOException("the PDF signature could not be made: " + e.getMessage(), e);
    }
  }

  private static SigningCertificateV2 signingCertificateV2(X509Certificate certificate)
      throws CertificateEncodingException {
    byte[] hash = Sha256.digest(certificate.getEncoded()).bytes();
    IssuerSerial issuerSerial = new IssuerSerial(
        new GeneralNames(new GeneralName(X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()))),
        certificate.getSerialNumber());
    return new SigningCertificateV2(new ESSCertIDv2[] {new ESSCertIDv2(hash, issuerSerial)});
  }

}
