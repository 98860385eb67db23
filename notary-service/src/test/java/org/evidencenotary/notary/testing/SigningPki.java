package org.evidencenotary.notary.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.dicom.DicomSignatureWriter;

/**
 * What a DICOM signature needs in a test that runs no service: a throw-away hospital root, an EC
 * P-256 signer certificate under it, and a {@link TestTsa} for certified time-stamps, so that
 * {@code dcmsign --verify +tr +cf roots.pem} can check the result as it checks the service's.
 */
public final class SigningPki implements AutoCloseable {
  private final TestTsa tsa;
  private final X509Certificate root;
  private final KeyPair signerKeys;
  private final X509Certificate signer;

  public SigningPki() throws Exception {
    tsa = new TestTsa();
    KeyPair ca = ec();
    signerKeys = ec();
    X500Name caName = new X500Name("CN=Test Hospital Root CA,O=Test Hospital");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder r = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), caName, ca.getPublic());
    r.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    r.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    root = new JcaX509CertificateConverter()
        .getCertificate(r.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate())));
    JcaX509v3CertificateBuilder leaf = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO,
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))),
        new X500Name("CN=Evidence Notary,O=Test Hospital"), signerKeys.getPublic());
    leaf.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    leaf.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
    signer = new JcaX509CertificateConverter()
        .getCertificate(leaf.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate())));
  }

  /** The signer, with a certified time-stamp from the test TSA over each signature value. */
  public DicomSignatureWriter.Signer signer(DicomSignatureWriter.Purpose purpose) {
    return new DicomSignatureWriter.Signer(signerKeys.getPrivate(), signer, purpose, value -> {
      try {
        return tsa.token(Sha256.digest(value).bytes());
      } catch (Exception e) {
        throw new IOException("the test TSA made no token: " + e.getMessage(), e);
      }
    });
  }

  /** The signer's private key as unencrypted PKCS#8 PEM, to let dcmsign sign with it too. */
  public String signerKeyPem() {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(signerKeys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
  }

  /** The signer's certificate as PEM. */
  public String signerCertificatePem() throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(signer);
    }
    return text.toString();
  }

  /** Writes the hospital root and the TSA's root as PEM to {@code file}, for dcmsign's {@code +cf}. */
  public Path writeRoots(Path file) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(root);
    }
    Path tsaRoot = tsa.writeRoot(file.resolveSibling(file.getFileName() + ".tsa"));
    return Files.writeString(file, text + Files.readString(tsaRoot, StandardCharsets.US_ASCII),
        StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    tsa.close();
  }

  private static KeyPair ec() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }
}
