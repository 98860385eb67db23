package org.evidencenotary.format;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A SHA-256 digest: exactly 32 bytes, shown as 64 lowercase hex characters. SHA-256 is the one
 * digest the notary, its storage and the offline verifier agree on.
 *
 * <p>Instances are immutable; the constructor refuses anything that is not a SHA-256 value, so a
 * {@code Sha256} in hand is always well formed.
 */
public final class Sha256 {
  private static final HexFormat HEX = HexFormat.of();
  private final byte[] value;

  private Sha256(byte[] value) {
    this.value = value;
  }

  /** Wraps a 32-byte digest value (copied). */
  public static Sha256 of(byte[] value) {
    Objects.requireNonNull(value, "value");
    if (value.length != 32) {
      throw new IllegalArgumentException(
          "a SHA-256 digest has 32 bytes, found " + value.length);
    }
    return new Sha256(value.clone());
  }

  /** Parses 64 hex characters (either case). */
  public static Sha256 fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 64) {
      throw new IllegalArgumentException(
          "a SHA-256 digest is 64 hex characters, found " + hex.length());
    }
    try {
      return new Sha256(HEX.parseHex(hex.toLowerCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a SHA-256 digest is 64 hex characters: not hex", e);
    }
  }

  /** True when {@code hex} is a well-formed digest in hex. */
  public static boolean isHex(String hex) {
    return hex != null && hex.length() == 64 && hex.chars().allMatch(Sha256::isHexChar);
  }

  private static boolean isHexChar(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** The digest of {@code data}. */
  public static Sha256 digest(byte[] data) {
    return new Sha256(newMessageDigest().digest(data));
  }

  /**
   * A fresh SHA-256 {@link MessageDigest}, for hashing in parts. The Java SE specification
   * requires every runtime to have it, so its absence is a broken runtime: {@link
   * IllegalStateException}.
   */
  public static MessageDigest newMessageDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** SHA-256 of {@code data}, as lower-case hex. */
  public static String hexOf(byte[] data) {
    return digest(data).hex();
  }

  public byte[] bytes() {
    return value.clone();
  }

  public String hex() {
    return HEX.formatHex(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sha256 other && MessageDigest.isEqual(value, other.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return hex();
  }
}
