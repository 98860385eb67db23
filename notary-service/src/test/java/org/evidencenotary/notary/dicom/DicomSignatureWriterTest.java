package org.evidencenotary.notary.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.dicom.DicomSignatureWriter.DicomSignature;
import org.evidencenotary.notary.dicom.DicomSignatureWriter.Purpose;
import org.evidencenotary.notary.dicom.DicomSignatureWriter.Signer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DICOM signatures written by {@link DicomSignatureWriter}, checked by DCMTK's {@code dcmsign}
 * (Debian {@code dcmtk} 3.6.7), an implementation that shares no code with ours.
 */
class DicomSignatureWriterTest {
  private static final String VERIFIED = "Signature Verification      : OK";

  @TempDir Path dir;
  private Pki ec;
  private Path root;

  @BeforeEach
  void hospitalCa() throws Exception {
    ec = Pki.create("EC");
    root = pem(dir.resolve("root.pem"), ec.root);
  }

  private Path original(byte[] bytes) throws Exception {
    return DicomTestFiles.write(dir, "original.dcm", bytes);
  }

  private Path sign(Path original, Signer signer, String name) throws Exception {
    Path copy = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(copy)) {
      DicomSignatureWriter.write(original, signer, out);
    }
    return copy;
  }

  private static Dcmtk.Result verify(Path file, String... options) throws Exception {
    String[] args = new String[options.length + 3];
    args[0] = "--verify";
    args[1] = "-v";
    System.arraycopy(options, 0, args, 2, options.length);
    args[args.length - 1] = file.toString();
    return Dcmtk.exec("dcmsign", Map.of(), args);
  }

  @Test
  void dcmsign_verifies_a_device_signature_and_trusts_it_through_the_hospital_root() throws Exception {
    Path original = original(DicomTestFiles.ct(1, 64, 64, 1, "1.2.826.0.1.3680043.10.1.99.2", 1));
    Path signed = sign(original, ec.signer(Purpose.CREATOR), "signed.dcm");

    Dcmtk.Result result = verify(signed, "+cf", root.toString());

    assertThat(result.output()).contains(VERIFIED).contains("1 signatures verified in dataset, 0 corrupted")
        .contains("MAC algorithm               : SHA256")
        .contains("Public key              : EC, curve prime256v1")
        .contains("(0008,0070) Manufacturer").contains("(7fe0,0010) PixelData")
        .contains("Source Signature");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void dcmsign_does_not_trust_the_signer_without_the_hospital_root() throws Exception {
    Path signed = sign(original(DicomTestFiles.ct(2, 8, 8, 1, "1.2.3.4", 1)), ec.signer(Purpose.CREATOR), "s.dcm");

    Dcmtk.Result result = verify(signed);

    assertThat(result.output()).contains("signature is OK but certificate verification failed");
    assertThat(result.exitCode()).isNotZero();
  }

  @Test
  void dcmsign_rejects_the_copy_after_dcmodify_changes_the_signed_manufacturer() throws Exception {
    Path signed = sign(original(DicomTestFiles.ct(3, 16, 16, 1, "1.2.3.4", 1)), ec.signer(Purpose.CREATOR), "s.dcm");
    assertThat(verify(signed, "+cf", root.toString()).exitCode()).isZero();

    Dcmtk.run("dcmodify", "-nb", "-m", "(0008,0070)=X", signed.toString());
    Dcmtk.Result result = verify(signed, "+cf", root.toString());

    assertThat(result.output()).contains("signature is invalid (document corrupted)").doesNotContain(VERIFIED);
    assertThat(result.exitCode()).isNotZero();
  }

  @Test
  void dcmsign_rejects_the_copy_after_one_pixel_byte_changes() throws Exception {
    Path signed = sign(original(DicomTestFiles.ct(4, 16, 16, 1, "1.2.3.4", 1)), ec.signer(Purpose.CREATOR), "s.dcm");
    byte[] bytes = Files.readAllBytes(signed);
    int firstPixel = indexOf(bytes, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W'}) + 12;
    bytes[firstPixel] ^= 1;
    Files.write(signed, bytes);

    Dcmtk.Result result = verify(signed, "+cf", root.toString());

    assertThat(result.output()).contains("signature is invalid (document corrupted)");
    assertThat(result.exitCode()).isNotZero();
  }

  @Test
  void the_original_is_untouched_and_the_copy_keeps_its_pixel_data_and_header() throws Exception {
    byte[] bytes = DicomTestFiles.ct(5, 32, 32, 2, "1.2.3.4", 1);
    Path original = original(bytes);
    Path signed = sign(original, ec.signer(Purpose.AUTHORIZATION), "s.dcm");

    assertThat(Sha256.digest(Files.readAllBytes(original))).isEqualTo(Sha256.digest(bytes));
    DicomScan before = DicomTestFiles.scan(bytes);
    DicomScan after = DicomTestFiles.scan(signed);
    assertThat(after.isDicom()).as(after.reason()).isTrue();
    assertThat(after.pixels()).isEqualTo(before.pixels());
    String dumpBefore = Dcmtk.run("dcmdump", "-q", original.toString());
    String dumpAfter = Dcmtk.run("dcmdump", "-q", signed.toString());
    assertThat(dumpAfter).contains(dumpBefore.substring(dumpBefore.indexOf("(0008,0016)"),
        dumpBefore.indexOf("(7fe0,0010)")));
  }

  @Test
  void a_technologist_signature_is_added_beside_the_device_signature_and_both_verify() throws Exception {
    Path original = original(DicomTestFiles.ct(6, 16, 16, 1, "1.2.3.4", 1));
    Path once = sign(original, ec.signer(Purpose.CREATOR), "once.dcm");
    Path twice = dir.resolve("twice.dcm");
    DicomSignature second;
    try (OutputStream out = Files.newOutputStream(twice)) {
      second = DicomSignatureWriter.write(once, ec.signer(Purpose.AUTHORIZATION), out);
    }

    Dcmtk.Result result = verify(twice, "+cf", root.toString());

    assertThat(second.macId()).isEqualTo(1);
    assertThat(result.output()).contains("2 signatures verified in dataset, 0 corrupted")
        .contains("Source Signature").contains("Author's Signature");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void a_certified_timestamp_that_is_not_a_time_stamp_token_fails_dcmsigns_timestamp_check() throws Exception {
    Path original = original(DicomTestFiles.ct(15, 8, 8, 1, "1.2.3.4", 1));
    Signer withBogusStamp = new Signer(ec.signerKey, ec.signerCertificate, Purpose.CREATOR,
        value -> new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});
    Path signed = sign(original, withBogusStamp, "s.dcm");

    Dcmtk.Result result = verify(signed, "+tr", "+cf", root.toString());

    assertThat(result.output()).contains(VERIFIED);
    assertThat(result.exitCode()).as(result.output()).isNotZero();
  }

  @Test
  void a_signature_made_by_dcmsign_stays_valid_beside_ours() throws Exception {
    Path original = original(DicomTestFiles.ct(13, 16, 16, 1, "1.2.3.4", 1));
    Path key = Files.writeString(dir.resolve("dcmtk.key"), "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ec.signerKey.getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    Path certificate = pem(dir.resolve("dcmtk.pem"), ec.signerCertificate);
    Path byDcmtk = dir.resolve("dcmtk-signed.dcm");
    Dcmtk.run("dcmsign", "--sign", key.toString(), certificate.toString(), "-pw", "+m2", "-e", original.toString(),
        byDcmtk.toString());

    Path both = sign(byDcmtk, ec.signer(Purpose.AUTHORIZATION), "both.dcm");
    Dcmtk.Result result = verify(both, "+cf", root.toString());

    assertThat(result.output()).contains("2 signatures verified in dataset, 0 corrupted");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void rsa_signatures_meet_dcmsigns_creator_and_authorization_profiles() throws Exception {
    Pki rsa = Pki.create("RSA");
    Path rsaRoot = pem(dir.resolve("rsa-root.pem"), rsa.root);
    Path original = original(DicomTestFiles.ct(7, 16, 16, 1, "1.2.3.4", 1));

    Path creator = sign(original, rsa.signer(Purpose.CREATOR), "creator.dcm");
    Path authorization = sign(original, rsa.signer(Purpose.AUTHORIZATION), "authorization.dcm");

    Dcmtk.Result c = verify(creator, "+rc", "+cf", rsaRoot.toString());
    Dcmtk.Result a = verify(authorization, "+ru", "+cf", rsaRoot.toString());
    assertThat(c.output()).contains(VERIFIED);
    assertThat(c.exitCode()).as(c.output()).isZero();
    assertThat(a.output()).contains(VERIFIED);
    assertThat(a.exitCode()).as(a.output()).isZero();
  }

  @Test
  void an_ecdsa_signature_does_not_claim_dcmtks_rsa_creator_profile() throws Exception {
    Path signed = sign(original(DicomTestFiles.ct(8, 8, 8, 1, "1.2.3.4", 1)), ec.signer(Purpose.CREATOR), "s.dcm");

    Dcmtk.Result result = verify(signed, "+rc", "+cf", root.toString());

    // The signature itself verifies; only the RSA-only profile check fails (see docs/dicom.md).
    assertThat(result.output()).contains(VERIFIED).contains("Creator RSA Signature");
    assertThat(result.exitCode()).isNotZero();
  }

  @Test
  void sequences_are_signed_with_their_items() throws Exception {
    Path original = original(DicomTestFiles.ct(9, 8, 8, 1, "1.2.3.4", 1));
    Dcmtk.run("dcmodify", "-nb", "-i", "(0008,1032)[0].(0008,0100)=CT123", "-i",
        "(0008,1032)[0].(0008,0102)=LOCAL", "-i", "(0008,1032)[1].(0008,0100)=CT456", original.toString());
    Path signed = dir.resolve("s.dcm");
    DicomSignature signature;
    try (OutputStream out = Files.newOutputStream(signed)) {
      signature = DicomSignatureWriter.write(original, ec.signer(Purpose.CREATOR), out);
    }
    assertThat(signature.signedTags()).contains(0x00081032);
    assertThat(verify(signed, "+cf", root.toString()).exitCode()).isZero();

    Dcmtk.run("dcmodify", "-nb", "-m", "(0008,1032)[1].(0008,0100)=CT789", signed.toString());
    assertThat(verify(signed, "+cf", root.toString()).output()).contains("document corrupted");
  }

  @Test
  void an_encapsulated_jpeg_lossless_copy_verifies() throws Exception {
    Path original = original(DicomTestFiles.ct(10, 32, 32, 2, "1.2.3.4", 1));
    Path jpeg = dir.resolve("jpeg.dcm");
    Dcmtk.run("dcmcjpeg", "+e1", original.toString(), jpeg.toString());

    Path signed = sign(jpeg, ec.signer(Purpose.CREATOR), "s.dcm");
    Dcmtk.Result result = verify(signed, "+cf", root.toString());

    assertThat(result.output()).contains(VERIFIED).contains("(7fe0,0010) PixelData");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void an_implicit_vr_original_is_refused_and_nothing_is_written() throws Exception {
    Path original = original(DicomTestFiles.ct(11, 8, 8, 1, "1.2.3.4", 1));
    Path implicit = dir.resolve("implicit.dcm");
    Dcmtk.run("dcmconv", "+ti", original.toString(), implicit.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(() -> DicomSignatureWriter.write(implicit, ec.signer(Purpose.CREATOR), out))
        .isInstanceOf(UnsignableDicomException.class).hasMessageContaining("1.2.840.10008.1.2 ");
    assertThat(out.size()).isZero();
  }

  @Test
  void a_file_cut_short_is_malformed_and_nothing_is_written() throws Exception {
    byte[] bytes = DicomTestFiles.ct(12, 8, 8, 1, "1.2.3.4", 1);
    Path cut = original(java.util.Arrays.copyOf(bytes, bytes.length - 10));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(() -> DicomSignatureWriter.write(cut, ec.signer(Purpose.CREATOR), out))
        .isInstanceOf(MalformedDicomException.class).hasMessageContaining("ends inside a data element");
    assertThat(out.size()).isZero();
  }

  @Test
  void damaged_originals_are_refused_as_malformed_or_unsignable_never_with_another_failure() throws Exception {
    Path original = original(DicomTestFiles.ct(14, 4, 4, 1, "1.2.3.4", 1));
    Dcmtk.run("dcmodify", "-nb", "-i", "(0008,1032)[0].(0008,0100)=CT123", "-i",
        "(0040,0275)[0].(0040,0008)[0].(0008,0100)=X", original.toString());
    byte[] good = Files.readAllBytes(original);
    java.util.Random random = new java.util.Random(14);
    int refused = 0;
    for (int round = 0; round < 400; round++) {
      byte[] bad = good.clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        int at = 132 + random.nextInt(bad.length - 132);
        bad[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : 0xFF);
      }
      try {
        DicomSignatureWriter.write(() -> new java.io.ByteArrayInputStream(bad), ec.signer(Purpose.CREATOR),
            OutputStream.nullOutputStream());
      } catch (MalformedDicomException | UnsignableDicomException e) {
        refused++;
      }
    }
    assertThat(refused).as("most damaged files are refused").isGreaterThan(50);
  }

  @Test
  void a_file_meta_group_length_of_almost_2_gib_is_malformed_without_allocating_it() throws Exception {
    byte[] bytes = DicomTestFiles.ct(15, 4, 4, 1, "1.2.3.4", 1);
    // (0002,0000) UL at byte 132: its value, the group length, starts at byte 140.
    java.nio.ByteBuffer.wrap(bytes, 140, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0x7FFF_FFF0);

    assertThatThrownBy(() -> DicomSignatureWriter.write(() -> new java.io.ByteArrayInputStream(bytes),
        ec.signer(Purpose.CREATOR), OutputStream.nullOutputStream()))
        .isInstanceOf(MalformedDicomException.class).hasMessageContaining("file meta information claims");
  }

  @Test
  void sequences_nested_too_deep_are_malformed() throws Exception {
    ByteArrayOutputStream nested = new ByteArrayOutputStream();
    byte[] open = {0x08, 0x00, 0x32, 0x10, 'S', 'Q', 0, 0, -1, -1, -1, -1, -2, -1, 0, -32, -1, -1, -1, -1};
    for (int i = 0; i < 100; i++) {
      nested.writeBytes(open);
    }
    ByteArrayOutputStream file = org.evidencenotary.notary.testing.Part10.start("1.2.3", "1.2.3.4");
    org.evidencenotary.notary.testing.Part10.element(file, 0x0008, 0x0016, "UI",
        org.evidencenotary.notary.testing.Part10.ui("1.2.3"));
    file.writeBytes(nested.toByteArray());
    Path deep = DicomTestFiles.write(dir, "deep.dcm", file.toByteArray());

    assertThatThrownBy(() -> DicomSignatureWriter.write(deep, ec.signer(Purpose.CREATOR),
        OutputStream.nullOutputStream())).isInstanceOf(MalformedDicomException.class).hasMessageContaining("nested");
  }

  /**
   * DCMTK's own MAC byte stream ({@code dcmsign --sign --dump}) is the data set's, then the
   * signature item's elements from MAC ID Number (0400,0005) on: the data set's part is as long
   * as {@code macStreamLength} says.
   */
  @Test
  void the_mac_stream_length_is_where_dcmtks_stream_reaches_the_signature_items_elements() throws Exception {
    Path original = original(DicomTestFiles.ct(14, 16, 16, 1, "1.2.3.4", 1));
    Dcmtk.run("dcmodify", "-nb", "-i", "(0008,1032)[0].(0008,0100)=CT123", "-i",
        "(0008,1032)[0].(0008,0102)=LOCAL", original.toString());
    Path key = Files.writeString(dir.resolve("dcmtk.key"), "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ec.signerKey.getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    Path certificate = pem(dir.resolve("dcmtk.pem"), ec.signerCertificate);
    Path dump = dir.resolve("mac-stream.bin");
    Dcmtk.run("dcmsign", "--sign", key.toString(), certificate.toString(), "-pw", "+m2", "+d", dump.toString(),
        original.toString(), dir.resolve("dcmtk-signed.dcm").toString());

    long length = DicomSignatureWriter.macStreamLength(() -> Files.newInputStream(original));

    byte[] stream = Files.readAllBytes(dump);
    assertThat(length).isLessThan(stream.length);
    assertThat(Arrays.copyOfRange(stream, (int) length, (int) length + 4))
        .as("MAC ID Number's tag right after the data set").containsExactly(0x00, 0x04, 0x05, 0x00);
  }

  @Test
  void an_element_of_odd_length_is_read_past_and_left_out_of_the_signed_elements() throws Exception {
    ByteArrayOutputStream file = org.evidencenotary.notary.testing.Part10.start("1.2.3", "1.2.3.4");
    org.evidencenotary.notary.testing.Part10.element(file, 0x0008, 0x0016, "UI",
        org.evidencenotary.notary.testing.Part10.ui("1.2.3"));
    org.evidencenotary.notary.testing.Part10.element(file, 0x0008, 0x0018, "UI",
        org.evidencenotary.notary.testing.Part10.ui("1.2.3.4"));
    // Manufacturer with a 3-byte value: invalid DICOM (PS3.5 7.1.1), so no reader may be trusted to sign it alike.
    org.evidencenotary.notary.testing.Part10.element(file, 0x0008, 0x0070, "LO",
        "ABC".getBytes(StandardCharsets.US_ASCII));
    org.evidencenotary.notary.testing.Part10.element(file, 0x0010, 0x0020, "LO",
        org.evidencenotary.notary.testing.Part10.text("PID-0001"));
    Path original = original(file.toByteArray());

    DicomSignature signature = DicomSignatureWriter.write(original, ec.signer(Purpose.CREATOR),
        OutputStream.nullOutputStream());

    assertThat(signature.signedTags()).containsExactly(0x00080016, 0x00080018, 0x00100020);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  private static Path pem(Path file, X509Certificate certificate) throws Exception {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(certificate.getEncoded());
    return Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
  }

  /** A throw-away CA and one signer certificate, EC P-256 or RSA 2048. */
  private record Pki(X509Certificate root, PrivateKey signerKey, X509Certificate signerCertificate) {
    static Pki create(String algorithm) throws Exception {
      KeyPair ca = keys(algorithm);
      KeyPair leaf = keys(algorithm);
      String sigAlg = algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      X500Name caName = new X500Name("CN=Test Hospital Root CA,O=Test Hospital");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder rootBuilder = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), caName,
          ca.getPublic());
      rootBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      rootBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate root = new JcaX509CertificateConverter()
          .getCertificate(rootBuilder.build(new JcaContentSignerBuilder(sigAlg).build(ca.getPrivate())));
      JcaX509v3CertificateBuilder leafBuilder = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO,
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))),
          new X500Name("CN=CT01,OU=Devices,O=Test Hospital"), leaf.getPublic());
      leafBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      leafBuilder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
      X509Certificate certificate = new JcaX509CertificateConverter()
          .getCertificate(leafBuilder.build(new JcaContentSignerBuilder(sigAlg).build(ca.getPrivate())));
      return new Pki(root, leaf.getPrivate(), certificate);
    }

    Signer signer(Purpose purpose) {
      return new Signer(signerKey, signerCertificate, purpose);
    }

    private static KeyPair keys(String algorithm) throws Exception {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (algorithm.equals("EC")) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    }
  }
}
