package org.evidencenotary.notary.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Signs X.509 v2 CRLs for our local CAs (the hospital CA and the built-in TSA's root). */
public final class Crls {
  /** How long a CRL we sign stays current (its nextUpdate). */
  static final Duration VALIDITY = Duration.ofDays(7);

  private Crls() {}

  /** A CRL issued now by {@code issuer}, listing {@code revoked}, numbered {@code number}. */
  public static X509CRL sign(X509Certificate issuer, PrivateKey issuerKey, List<HospitalCa.Revocation> revoked, long number)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    Instant now = Instant.now();
    X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(issuer, Date.from(now));
    builder.setNextUpdate(Date.from(now.plus(VALIDITY)));
    for (HospitalCa.Revocation r : revoked) {
      builder.addCRLEntry(r.serial(), Date.from(r.revokedAt()), CRLReason.unspecified);
    }
    builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
    builder.addExtension(Extension.authorityKeyIdentifier, false,
        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer));
    return new JcaX509CRLConverter().getCRL(
        builder.build(new JcaContentSignerBuilder(NotaryIdentity.signatureAlgorithm(issuerKey)).build(issuerKey)));
  }
}
