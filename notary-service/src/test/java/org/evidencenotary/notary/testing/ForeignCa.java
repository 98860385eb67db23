package org.evidencenotary.notary.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA the notary does not trust, made at test time, and a TLS client certificate from it that
 * looks like a modality's in every other respect (clientAuth, digitalSignature, valid now).
 */
public final class ForeignCa {
  private ForeignCa() {}

  /** A client key and certificate from a CA of its own, written as PEM under {@code dir}. */
  public record Client(Path key, Path certificate, String certificatePem) {}

  public static Client client(Path dir, String commonName) throws IOException, GeneralSecurityException,
      OperatorCreationException {
    KeyPair caKeys = ec();
    X500Name caName = new X500Name("CN=Some Other Hospital CA,O=Elsewhere");
    Instant now = Instant.now();
    var ca = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), caName, caKeys.getPublic())
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate caCertificate = new JcaX509CertificateConverter()
        .getCertificate(ca.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    KeyPair keys = ec();
    var leaf = new JcaX509v3CertificateBuilder(caCertificate, BigInteger.valueOf(now.toEpochMilli() + 1),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))),
        new X500Name("CN=" + commonName + ",O=Elsewhere"), keys.getPublic())
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    X509Certificate certificate = new JcaX509CertificateConverter()
        .getCertificate(leaf.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    Path folder = Files.createDirectories(dir.resolve("foreign-" + System.nanoTime()));
    String certificatePem = pem(certificate);
    return new Client(Files.writeString(folder.resolve("key.pem"),
        "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n"),
        Files.writeString(folder.resolve("cert.pem"), certificatePem), certificatePem);
  }

  private static KeyPair ec() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }
}
