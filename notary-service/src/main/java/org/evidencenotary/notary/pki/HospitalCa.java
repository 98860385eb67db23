package org.evidencenotary.notary.pki;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The hospital's certificate authority: the local root CA created at first start, or the
 * hospital's own CA imported then ({@code notary.identity.ca}, see {@link CaImport}), issues
 * certificates to technologists and devices, and signs the revocation list.
 *
 * <p>Issued certificates carry keyUsage digitalSignature + nonRepudiation and no extended key
 * usage, so standard CMS tools (openssl cms) accept them for signing.
 */
@ApplicationScoped
public class HospitalCa {
  /** A revoked serial and when. */
  public record Revocation(BigInteger serial, Instant revokedAt) {}

  @Inject NotaryIdentity identity;

  /** The CA's certificate. */
  public X509Certificate root() {
    return identity.rootCertificate();
  }

  /** The CA's certificate, then its issuers (when an imported CA came with them). */
  public List<X509Certificate> chain() {
    return identity.caChain();
  }

  public char[] keystorePassword() {
    return identity.keystorePassword();
  }

  /** Issues a signing certificate for {@code subject}'s {@code key}, valid for {@code validity}. */
  public X509Certificate issue(X500Name subject, PublicKey key, Duration validity) {
    return issue(subject, key, validity, Usage.SIGNING);
  }

  /**
   * Issues a TLS client certificate for {@code subject}'s {@code key}: keyUsage digitalSignature and
   * extendedKeyUsage clientAuth only, so it authenticates a machine on a TLS channel and signs no
   * document.
   */
  public X509Certificate issueTlsClient(X500Name subject, PublicKey key, Duration validity) {
    return issue(subject, key, validity, Usage.TLS_CLIENT);
  }

  /**
   * Issues the notary's own TLS server certificate: keyUsage digitalSignature, extendedKeyUsage
   * serverAuth, names {@code localhost}, 127.0.0.1 and ::1 (the embedded default listens on loopback).
   */
  X509Certificate issueTlsServer(X500Name subject, PublicKey key, Duration validity) {
    return issue(subject, key, validity, Usage.TLS_SERVER);
  }

  private enum Usage { SIGNING, TLS_CLIENT, TLS_SERVER }

  private X509Certificate issue(X500Name subject, PublicKey key, Duration validity, Usage usage) {
    try {
      X509Certificate root = identity.rootCertificate();
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          root, new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
          Date.from(now.plus(validity)), subject, key);
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      if (usage == Usage.TLS_CLIENT) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      } else if (usage == Usage.TLS_SERVER) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1")}));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
      }
      builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
      builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(root));
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(NotaryIdentity.signatureAlgorithm(identity.rootKey())).build(identity.rootKey())));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new SigningException("the hospital CA could not issue a certificate: " + e.getMessage(), e);
    }
  }

  /** A fresh CRL listing {@code revoked}, numbered {@code number}, valid for a week. */
  public X509CRL crl(List<Revocation> revoked, long number) {
    try {
      return Crls.sign(identity.rootCertificate(), identity.rootKey(), revoked, number);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new SigningException("the hospital CA could not sign its CRL: " + e.getMessage(), e);
    }
  }
}
