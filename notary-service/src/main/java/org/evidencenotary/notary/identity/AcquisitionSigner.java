package org.evidencenotary.notary.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.pki.NotaryIdentity;
import org.evidencenotary.notary.pki.SigningException;
import org.evidencenotary.notary.timestamping.CadesAttributes;
import org.evidencenotary.notary.timestamping.TimeStamping;
import org.evidencenotary.notary.timestamping.TimestampUnavailableException;

/**
 * Signs an acquisition as a detached CMS SignedData with CAdES-BES signed attributes (content
 * type, message digest, signing-certificate-v2) plus the evidence statement's digest, and adds an
 * RFC 3161 signature time-stamp (CAdES-T).
 *
 * <p>The signed content is the exhibit itself, but the file is never read again: the
 * message-digest attribute is the SHA-256 the ingest computed while streaming. So {@code openssl
 * cms -verify -binary -content EXHIBIT} checks the signature with nothing of ours.
 */
@ApplicationScoped
public class AcquisitionSigner {
  /** Signed attribute carrying SHA-256 of the evidence statement (a UUID-derived OID, X.667). */
  public static final ASN1ObjectIdentifier STATEMENT_DIGEST =
      new ASN1ObjectIdentifier("2.25.176893487061915683045361478498542512146");

  @Inject TimeStamping tsa;

  /**
   * @param fileDigest SHA-256 of the exhibit, computed during ingest
   * @param statementDigest SHA-256 of the canonical evidence statement
   * @param key the signer's private key (PKCS#12 or PKCS#11): EC signs SHA256withECDSA, RSA
   *     SHA256withRSA (RSASSA-PKCS1-v1_5, the scheme PS3.15's RSA profiles use for the same key)
   * @param chain the signer's certificate first, then its CA
   * @return the DER CMS, with the time-stamp token as unsigned attribute
   * @throws TimestampUnavailableException when the outside TSA gives no valid time-stamp
   */
  public byte[] sign(Sha256 fileDigest, Sha256 statementDigest, PrivateKey key, List<X509Certificate> chain) {
    try {
      X509Certificate signer = chain.get(0);
      ASN1EncodableVector attributes = new ASN1EncodableVector();
      attributes.add(CadesAttributes.signingCertificateV2(signer));
      attributes.add(new Attribute(STATEMENT_DIGEST, new DERSet(new DEROctetString(statementDigest.bytes()))));
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(precomputed(fileDigest))
          .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
          .build(new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key), signer));
      generator.addCertificates(new JcaCertStore(chain));
      CMSSignedData signed = generator.generate(new CMSAbsentContent(), false);
      return CadesAttributes.withSignatureTimestamp(signed, tsa).getEncoded("DER");
    } catch (CMSException | OperatorCreationException | CertificateEncodingException | IOException e) {
      throw new SigningException("the acquisition could not be signed: " + e.getMessage(), e);
    }
  }


  /** The time-stamp token of a signature made by {@link #sign}. */
  public static TimeStampToken timestampOf(CMSSignedData signed) throws IOException {
    try {
      SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
      Attribute attribute = signer.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
      return new TimeStampToken(new CMSSignedData(attribute.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded()));
    } catch (CMSException | TSPException | RuntimeException e) {
      throw new IOException("no readable signature time-stamp: " + e.getMessage(), e);
    }
  }

  private static String signatureAlgorithm(PrivateKey key) {
    try {
      return NotaryIdentity.signatureAlgorithm(key);
    } catch (IllegalArgumentException e) {
      throw new SigningException("the acquisition could not be signed: " + e.getMessage(), e);
    }
  }

  /** Hands the CMS generator a digest computed earlier instead of reading the content. */
  private static DigestCalculatorProvider precomputed(Sha256 digest) {
    AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
    DigestCalculator calculator = new DigestCalculator() {
      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return sha256;
      }

      @Override
      public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
      }

      @Override
      public byte[] getDigest() {
        return digest.bytes();
      }
    };
    return algorithm -> {
      if (!sha256.getAlgorithm().equals(algorithm.getAlgorithm())) {
        throw new OperatorCreationException("only SHA-256 is precomputed, not " + algorithm.getAlgorithm());
      }
      return calculator;
    };
  }

}
