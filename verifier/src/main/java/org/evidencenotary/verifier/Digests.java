package org.evidencenotary.verifier;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one digest the notary, its storage and this verifier agree on. Every Java runtime
 * has it (it is required by the Java SE specification), so its absence is a broken runtime and
 * throws {@link IllegalStateException}.
 */
public final class Digests {
  private Digests() {}

  /** A fresh SHA-256 digest, for hashing in parts. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** SHA-256 of {@code data}. */
  public static byte[] sha256(byte[] data) {
    return sha256().digest(data);
  }

  /** SHA-256 of {@code data}, as lower-case hex. */
  public static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(sha256(data));
  }
}
