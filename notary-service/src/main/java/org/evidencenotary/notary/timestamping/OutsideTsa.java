package org.evidencenotary.notary.timestamping;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Selector;

/**
 * An RFC 3161 client for an outside time-stamping authority over HTTP (RFC 3161 section 3.4).
 *
 * <p>Each request asks for the TSA's certificate (certReq) and carries a fresh 63-bit nonce. The
 * answer is accepted only when every check passes, else {@link TimestampUnavailableException}:
 * HTTP 200 with {@code application/timestamp-reply}, a parsable TimeStampResp with status granted,
 * the token's nonce and message imprint equal to the request's, the token signed by the
 * certificate it carries (which must have the critical timeStamping extended key usage and be valid
 * at the token's time), and that certificate chaining to one of the configured trust anchors at the
 * token's time. Connection and answer together must finish within the timeout.
 *
 * <p>Security: fails closed; anything unexpected is a failure, never a pass. The checks are those
 * an offline verifier applies later, so a token accepted here also verifies there.
 */
final class OutsideTsa {
  /** A time-stamp answer is a few kilobytes; anything far larger is not one. */
  static final int MAX_ANSWER_BYTES = 256 * 1024;

  private final URI url;
  private final Set<TrustAnchor> anchors;
  private final Duration timeout;
  private final HttpClient http;
  private final SecureRandom random = new SecureRandom();

  OutsideTsa(URI url, List<X509Certificate> trusted, Duration timeout) {
    this.url = url;
    this.anchors = trusted.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
    this.timeout = timeout;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  URI url() {
    return url;
  }

  /** A verified time-stamp token over a SHA-256 imprint. */
  TimeStampToken stamp(byte[] sha256) {
    TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
    generator.setCertReq(true);
    TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, sha256, new BigInteger(63, random));
    byte[] answer = post(encoded(request));
    TimeStampResponse response;
    try {
      response = new TimeStampResponse(answer);
    } catch (TSPException | IOException | RuntimeException e) {
      throw failure("answered with something that is not an RFC 3161 TimeStampResp", e);
    }
    int status = response.getStatus();
    if (status != PKIStatus.GRANTED && status != PKIStatus.GRANTED_WITH_MODS) {
      String text = response.getStatusString();
      throw failure("refused the request: PKIStatus " + status + (text == null ? "" : " (" + text + ")")
          + (response.getFailInfo() == null ? "" : ", failure info " + response.getFailInfo().intValue()), null);
    }
    try {
      // Status, nonce, message imprint and hash algorithm, and the signing-certificate attribute.
      response.validate(request);
    } catch (TSPException | RuntimeException e) {
      throw failure("answered with a time-stamp that does not match the request: " + e.getMessage(), e);
    }
    TimeStampToken token = response.getTimeStampToken();
    if (token.getTimeStampInfo().getNonce() == null) {
      throw failure("answered without the request's nonce", null);
    }
    verify(token);
    return token;
  }

  private void verify(TimeStampToken token) {
    @SuppressWarnings("unchecked")
    Collection<X509CertificateHolder> signers =
        token.getCertificates().getMatches((Selector<X509CertificateHolder>) token.getSID());
    if (signers.isEmpty()) {
      throw failure("answered with a token that does not carry the TSA's certificate, though the request asked"
          + " for it", null);
    }
    X509Certificate tsaCertificate;
    try {
      tsaCertificate = new JcaX509CertificateConverter().getCertificate(signers.iterator().next());
    } catch (GeneralSecurityException e) {
      throw failure("answered with an unreadable TSA certificate", e);
    }
    try {
      // Signature, ESS certificate id, validity at genTime, critical timeStamping key usage.
      token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsaCertificate));
    } catch (TSPException | OperatorCreationException | RuntimeException e) {
      throw failure("answered with a token whose signature does not verify against the certificate it carries: "
          + e.getMessage(), e);
    }
    try {
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false);
      parameters.setDate(token.getTimeStampInfo().getGenTime());
      CertPathValidator.getInstance("PKIX").validate(
          CertificateFactory.getInstance("X.509").generateCertPath(List.of(tsaCertificate)), parameters);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw failure("signs with '" + tsaCertificate.getSubjectX500Principal().getName(X500Principal.RFC2253)
          + "', which does not chain to the configured TSA trust (notary.signing.tsa-trust): " + e.getMessage(), e);
    }
  }

  private byte[] post(byte[] body) {
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/timestamp-query")
        .header("Accept", "application/timestamp-reply")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, info -> new Limited(MAX_ANSWER_BYTES));
    HttpResponse<byte[]> response;
    try {
      // One deadline for connecting, the headers and the body: a TSA that trickles is as down as one that is off.
      response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw failure("did not answer within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw failure("was not asked to the end: interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (causedBy(cause, HttpConnectTimeoutException.class)) {
        throw failure("could not be connected to within " + timeout.toMillis() + " ms", cause);
      } else if (causedBy(cause, HttpTimeoutException.class)) {
        throw failure("did not answer within " + timeout.toMillis() + " ms", cause);
      } else if (causedBy(cause, ConnectException.class)) {
        throw failure("cannot be reached (connection refused or no route)", cause);
      } else if (causedBy(cause, TooLarge.class)) {
        throw failure("answered with more than " + MAX_ANSWER_BYTES + " bytes, which is no time-stamp", cause);
      }
      throw failure("could not be asked: " + (cause == null ? e : cause), cause);
    }
    if (response.statusCode() != 200) {
      throw failure("answered HTTP " + response.statusCode() + " instead of a time-stamp", null);
    }
    String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    // RFC 3161 3.4 names application/timestamp-reply; some TSAs still send the older -response.
    if (!type.startsWith("application/timestamp-reply") && !type.startsWith("application/timestamp-response")) {
      throw failure("answered with content type '" + printable(type) + "', not application/timestamp-reply", null);
    }
    return response.body();
  }

  private static byte[] encoded(TimeStampRequest request) {
    try {
      return request.getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("a time-stamp request cannot be encoded", e);
    }
  }

  private TimestampUnavailableException failure(String what, Throwable cause) {
    return new TimestampUnavailableException(url, "the time-stamping authority at " + url + " " + what, cause);
  }

  private static boolean causedBy(Throwable error, Class<? extends Throwable> kind) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (kind.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String printable(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 80 ? clean.substring(0, 80) : clean;
  }

  /** The answer is larger than any time-stamp. */
  private static final class TooLarge extends IOException {
    TooLarge() {
      super("answer too large");
    }
  }

  /** Collects the body, giving up (and closing the connection) past {@code limit} bytes. */
  private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    Limited(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer buffer : buffers) {
        if (body.size() + buffer.remaining() > limit) {
          subscription.cancel();
          result.completeExceptionally(new TooLarge());
          return;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        body.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(body.toByteArray());
    }
  }
}
