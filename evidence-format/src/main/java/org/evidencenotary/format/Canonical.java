package org.evidencenotary.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one byte form of a JSON value that statement
 * signatures, statement hashes and embedded-ledger block hashes are computed over. The notary
 * service and the offline verifier both call this class, so the two cannot drift apart.
 */
public final class Canonical {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Canonical() {}

  /**
   * The canonical UTF-8 bytes of {@code value} serialised as JSON: a Jackson tree, or a value of
   * this module (an {@link EvidenceStatement}, a {@link ProofBundle}) with its annotations.
   *
   * @throws IllegalArgumentException when {@code value} cannot be serialised or canonicalised
   */
  public static byte[] bytes(Object value) {
    String json;
    try {
      json = MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
    try {
      return new JsonCanonicalizer(json).getEncodedUTF8();
    } catch (IOException e) {
      throw new IllegalArgumentException("not canonicalisable JSON", e);
    }
  }

  /** SHA-256 of the canonical bytes of {@code value}. */
  public static Sha256 sha256(Object value) {
    return Sha256.digest(bytes(value));
  }
}
