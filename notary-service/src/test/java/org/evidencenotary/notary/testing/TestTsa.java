package org.evidencenotary.notary.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * A second, independent RFC 3161 time-stamping authority for tests: its own fresh EC P-256 root and
 * TSA certificate (critical timeStamping key usage), answering {@code POST /tsa} over the JDK's
 * HTTP server on a random 127.0.0.1 port. Not the service's TSA: the service knows it only by URL
 * and trust file.
 *
 * <p>How it misbehaves is set with {@code POST /control} and a {@link Mode} name as body, so a
 * test running in another class loader (Quarkus) can steer it over HTTP.
 */
public final class TestTsa implements AutoCloseable {
  /** The TSA's policy in tokens: a UUID-derived OID (X.667), distinct from the built-in TSA's. */
  public static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("2.25.97531246801357924680135792468013579");
  public static final String SUBJECT = "CN=Test Outside TSA,O=Outside Time Authority";

  /** How {@code /tsa} answers. */
  public enum Mode {
    /** A correct time-stamp. */
    OK,
    /** 200 application/timestamp-reply with random bytes. */
    GARBAGE,
    /** HTTP 500. */
    HTTP_ERROR,
    /** 200 text/html. */
    WRONG_CONTENT_TYPE,
    /** A TimeStampResp with status rejection. */
    REJECT,
    /** A token for another nonce. */
    WRONG_NONCE,
    /** A token over another imprint. */
    WRONG_IMPRINT,
    /** A token signed by a TSA certificate of another, untrusted root. */
    UNTRUSTED,
    /** Never answers (until closed). */
    HANG
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Signer trusted;
  private final Signer stranger;
  private final SecureRandom random = new SecureRandom();
  private volatile Mode mode = Mode.OK;
  private volatile int answered;

  public TestTsa() throws Exception {
    trusted = new Signer("CN=Test Outside TSA Root,O=Outside Time Authority", SUBJECT);
    stranger = new Signer("CN=Unrelated Root,O=Nobody", "CN=Unrelated TSA,O=Nobody");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(executor);
    server.createContext("/tsa", this::stamp);
    server.createContext("/control", this::control);
    server.start();
  }

  /** The TSA's URL, {@code http://127.0.0.1:<port>/tsa}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
  }

  /** The URL that sets the mode of the TSA at {@code tsaUrl}. */
  public static URI controlUrl(URI tsaUrl) {
    return tsaUrl.resolve("/control");
  }

  public X509Certificate root() {
    return trusted.root;
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  /** How many time-stamp requests were answered with a granted token. */
  public int answered() {
    return answered;
  }

  /**
   * A time-stamp token (DER ContentInfo) over a SHA-256 imprint, made in the calling thread
   * without HTTP: for a {@code DicomSignatureWriter.Timestamper} in tests that run no service.
   */
  public byte[] token(byte[] sha256) throws Exception {
    TimeStampRequestGenerator request = new TimeStampRequestGenerator();
    request.setCertReq(true);
    return trusted.tokens().generate(request.generate(TSPAlgorithms.SHA256, sha256), new BigInteger(63, random),
        new Date()).getEncoded();
  }

  /** Writes the TSA's root as PEM to {@code file}. */
  public Path writeRoot(Path file) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(trusted.root);
    }
    return Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void control(HttpExchange exchange) throws IOException {
    try (exchange) {
      String name = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII).strip();
      mode = Mode.valueOf(name.toUpperCase(Locale.ROOT));
      exchange.sendResponseHeaders(204, -1);
    }
  }

  private void stamp(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Mode now = mode;
      switch (now) {
        case HANG -> {
          try {
            closing.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return;
        }
        case HTTP_ERROR -> {
          exchange.sendResponseHeaders(500, -1);
          return;
        }
        case GARBAGE -> {
          byte[] junk = new byte[200];
          random.nextBytes(junk);
          send(exchange, "application/timestamp-reply", junk);
          return;
        }
        case WRONG_CONTENT_TYPE -> {
          send(exchange, "text/html", "<html>maintenance</html>".getBytes(StandardCharsets.US_ASCII));
          return;
        }
        default -> {
          // answered below
        }
      }
      TimeStampRequest request = new TimeStampRequest(body);
      if (now == Mode.WRONG_NONCE || now == Mode.WRONG_IMPRINT) {
        TimeStampRequestGenerator other = new TimeStampRequestGenerator();
        other.setCertReq(true);
        byte[] imprint = request.getMessageImprintDigest().clone();
        if (now == Mode.WRONG_IMPRINT) {
          imprint[0] ^= 1;
        }
        BigInteger nonce = now == Mode.WRONG_NONCE ? request.getNonce().add(BigInteger.ONE) : request.getNonce();
        request = other.generate(TSPAlgorithms.SHA256, imprint, nonce);
      }
      Signer signer = now == Mode.UNTRUSTED ? stranger : trusted;
      TimeStampResponseGenerator generator = new TimeStampResponseGenerator(signer.tokens(),
          Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA384, TSPAlgorithms.SHA512));
      byte[] answer = now == Mode.REJECT
          ? generator.generateRejectedResponse(new org.bouncycastle.tsp.TSPException("closed for maintenance"))
              .getEncoded()
          : generator.generate(request, new BigInteger(63, random), new Date()).getEncoded();
      if (now == Mode.OK) {
        answered++;
      }
      send(exchange, "application/timestamp-reply", answer);
    } catch (Exception e) {
      exchange.sendResponseHeaders(400, -1);
    }
  }

  private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** A root and a TSA certificate under it, with the TSA's key. */
  private static final class Signer {
    final X509Certificate root;
    final X509Certificate tsa;
    final java.security.PrivateKey key;

    Signer(String rootName, String tsaName) throws Exception {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair rootKeys = generator.generateKeyPair();
      KeyPair tsaKeys = generator.generateKeyPair();
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder r = new JcaX509v3CertificateBuilder(new X500Name(rootName), BigInteger.valueOf(1),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), new X500Name(rootName),
          rootKeys.getPublic());
      r.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      r.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      root = new JcaX509CertificateConverter().getCertificate(
          r.build(new JcaContentSignerBuilder("SHA256withECDSA").build(rootKeys.getPrivate())));
      JcaX509v3CertificateBuilder t = new JcaX509v3CertificateBuilder(root, BigInteger.valueOf(2),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), new X500Name(tsaName),
          tsaKeys.getPublic());
      t.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      t.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      t.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
      tsa = new JcaX509CertificateConverter().getCertificate(
          t.build(new JcaContentSignerBuilder("SHA256withECDSA").build(rootKeys.getPrivate())));
      key = tsaKeys.getPrivate();
    }

    TimeStampTokenGenerator tokens() throws Exception {
      TimeStampTokenGenerator generator = new TimeStampTokenGenerator(
          new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", key, tsa),
          new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
          POLICY);
      generator.addCertificates(new JcaCertStore(List.of(tsa)));
      generator.setAccuracySeconds(1);
      return generator;
    }
  }
}
