package org.evidencenotary.notary.timestamping;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.tsp.TimeStampToken;
import org.evidencenotary.format.Sha256;

/**
 * The CAdES attributes our CMS signatures share (acquisition signatures and the certificate PDF's
 * PAdES signature): signing-certificate-v2 (RFC 5035) and the signature time-stamp (RFC 5126).
 */
public final class CadesAttributes {
  private CadesAttributes() {}

  /** Signed attribute binding the signature to {@code signer}'s certificate by its SHA-256. */
  public static Attribute signingCertificateV2(X509Certificate signer) throws CertificateEncodingException {
    IssuerSerial issuerSerial = new IssuerSerial(
        new GeneralNames(new GeneralName(X500Name.getInstance(signer.getIssuerX500Principal().getEncoded()))),
        signer.getSerialNumber());
    SigningCertificateV2 value = new SigningCertificateV2(new ESSCertIDv2[] {
        new ESSCertIDv2(Sha256.digest(signer.getEncoded()).bytes(), issuerSerial)});
    return new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(value));
  }

  /**
   * {@code signed} with an RFC 3161 time-stamp over its (single) signer's signature value, as the
   * signature-time-stamp unsigned attribute: CAdES-T, or PAdES B-T inside a PDF.
   *
   * @throws TimestampUnavailableException when the outside TSA gives no valid token
   */
  public static CMSSignedData withSignatureTimestamp(CMSSignedData signed, TimeStamping tsa) throws IOException {
    SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
    TimeStampToken token = tsa.stamp(Sha256.digest(signer.getSignature()).bytes());
    AttributeTable unsigned = new AttributeTable(new Attribute(
        PKCSObjectIdentifiers.id_aa_signatureTimeStampToken, new DERSet(token.toCMSSignedData().toASN1Structure())));
    return CMSSignedData.replaceSigners(signed,
        new SignerInformationStore(SignerInformation.replaceUnsignedAttributes(signer, unsigned)));
  }
}
