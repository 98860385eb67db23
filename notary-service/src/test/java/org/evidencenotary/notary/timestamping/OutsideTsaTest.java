package org.evidencenotary.notary.timestamping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.tsp.TimeStampToken;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.testing.TestTsa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RFC 3161 client against a real second TSA on loopback, in each way it can misbehave. */
class OutsideTsaTest {
  private static final byte[] IMPRINT = Sha256.digest("a signature value".getBytes()).bytes();

  private TestTsa tsa;
  private OutsideTsa client;

  @BeforeEach
  void start() throws Exception {
    tsa = new TestTsa();
    client = new OutsideTsa(tsa.url(), List.of(tsa.root()), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    tsa.close();
  }

  @Test
  void a_granted_token_over_our_imprint_by_the_trusted_tsa_is_accepted() {
    TimeStampToken token = client.stamp(IMPRINT);

    assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(IMPRINT);
    assertThat(token.getTimeStampInfo().getPolicy()).isEqualTo(TestTsa.POLICY);
    assertThat(token.getTimeStampInfo().getNonce()).isNotNull();
    assertThat(token.getCertificates().getMatches(null)).isNotEmpty();
  }

  @Test
  void a_token_for_another_nonce_is_refused() {
    tsa.mode(TestTsa.Mode.WRONG_NONCE);

    assertThatThrownBy(() -> client.stamp(IMPRINT)).isInstanceOf(TimestampUnavailableException.class)
        .hasMessageContaining("does not match the request").hasMessageContaining("nonce");
  }

  @Test
  void a_token_over_another_imprint_is_refused() {
    tsa.mode(TestTsa.Mode.WRONG_IMPRINT);

    assertThatThrownBy(() -> client.stamp(IMPRINT)).isInstanceOf(TimestampUnavailableException.class)
        .hasMessageContaining("does not match the request").hasMessageContaining("imprint");
  }

  @Test
  void a_token_from_a_tsa_outside_the_configured_trust_is_refused() {
    tsa.mode(TestTsa.Mode.UNTRUSTED);

    assertThatThrownBy(() -> client.stamp(IMPRINT)).isInstanceOf(TimestampUnavailableException.class)
        .hasMessageContaining("Unrelated TSA").hasMessageContaining("does not chain to the configured TSA trust");
  }

  @Test
  void a_rejection_is_reported_with_the_tsa_status() {
    tsa.mode(TestTsa.Mode.REJECT);

    assertThatThrownBy(() -> client.stamp(IMPRINT)).isInstanceOf(TimestampUnavailableException.class)
        .hasMessageContaining("refused the request: PKIStatus 2").hasMessageContaining("closed for maintenance");
  }

  @Test
  void garbage_with_the_right_content_type_is_refused() {
    tsa.mode(TestTsa.Mode.GARBAGE);

    assertThatThrownBy(() -> client.stamp(IMPRINT)).isInstanceOf(TimestampUnavailableException.class)
        .hasMessageContaining("not an RFC 3161 TimeStampResp");
  }

  @Test
  void an_http_error_is_refused() {
    tsa.mode(TestTsa.Mode.HTTP_ERROR);

    assertThatThrownBy(() -> client.stamp(IMPRINT)).isInstanceOf(TimestampUnavailableException.class)
        .hasMessageContaining("answered HTTP 500");
  }

  @Test
  void an_answer_that_is_not_a_timestamp_reply_is_refused() {
    tsa.mode(TestTsa.Mode.WRONG_CONTENT_TYPE);

    assertThatThrownBy(() -> client.stamp(IMPRINT)).isInstanceOf(TimestampUnavailableException.class)
        .hasMessageContaining("content type 'text/html'");
  }

  @Test
  void a_tsa_that_does_not_answer_fails_after_the_timeout() {
    tsa.mode(TestTsa.Mode.HANG);
    OutsideTsa impatient = new OutsideTsa(tsa.url(), List.of(tsa.root()), Duration.ofMillis(300));
    long start = System.nanoTime();

    assertThatThrownBy(() -> impatient.stamp(IMPRINT)).isInstanceOf(TimestampUnavailableException.class)
        .hasMessageContaining("did not answer within 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void a_tsa_that_is_down_is_reported_as_unreachable() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    OutsideTsa down = new OutsideTsa(URI.create("http://127.0.0.1:" + port + "/tsa"), List.of(tsa.root()),
        Duration.ofSeconds(5));

    assertThatThrownBy(() -> down.stamp(IMPRINT)).isInstanceOf(TimestampUnavailableException.class)
        .hasMessageContaining("cannot be reached")
        .satisfies(e -> assertThat(((TimestampUnavailableException) e).tsa().getPort()).isEqualTo(port));
  }
}
