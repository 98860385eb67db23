package org.evidencenotary.notary.config;

import java.time.Duration;

/**
 * How long a peer may take to send something of a given size: {@code timeout}, plus one second for
 * every {@code minBytesPerSecond} bytes received so far (the rule of Apache httpd's
 * mod_reqtimeout). A sender that keeps up the rate never reaches its deadline however large its
 * upload; one that drips a byte now and then reaches it soon after {@code timeout}, since a byte
 * buys it only a fraction of a second. Unlike an idle timeout, a byte never restarts the clock.
 * Both the HTTP request bodies and DICOM messages are held to it.
 *
 * @param timeout the time allowed before the rate counts; positive
 * @param minBytesPerSecond the least average rate after that; at least 1
 */
public record TransferDeadline(Duration timeout, long minBytesPerSecond) {
  public TransferDeadline {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new ConfigurationException("a transfer timeout must be positive, found " + timeout);
    }
    if (minBytesPerSecond < 1) {
      throw new ConfigurationException("a minimum transfer rate must be at least 1 byte per second, found "
          + minBytesPerSecond);
    }
  }

  /** Nanoseconds allowed, from the start, for a transfer that has received {@code bytes} so far. */
  public long allowedNanos(long bytes) {
    long seconds = bytes / minBytesPerSecond;
    if (seconds > Long.MAX_VALUE / 2_000_000_000L) {
      return Long.MAX_VALUE;
    }
    // The remainder is below the rate, so this product stays far from overflowing.
    long earned = seconds * 1_000_000_000L
        + (long) ((double) (bytes % minBytesPerSecond) * 1_000_000_000L / minBytesPerSecond);
    long base = timeout.toNanos();
    return earned > Long.MAX_VALUE - base ? Long.MAX_VALUE : base + earned;
  }

  /** What the rule is, for messages: "30 s, then 16384 bytes/s". */
  public String describe() {
    return timeout.toMillis() % 1000 == 0
        ? timeout.toSeconds() + " s, then at least " + minBytesPerSecond + " bytes/s"
        : timeout.toMillis() + " ms, then at least " + minBytesPerSecond + " bytes/s";
  }
}
