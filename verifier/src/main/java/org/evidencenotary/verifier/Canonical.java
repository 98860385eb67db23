package org.evidencenotary.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one byte form of a JSON value that statement
 * signatures, statement hashes and embedded-ledger block hashes are computed over. The notary
 * service and this verifier both call this class, so the two cannot drift apart.
 */
public final class Canonical {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Canonical() {}

  /**
   * The canonical UTF-8 bytes of {@code value} serialised as JSON (a Jackson tree or any value
   * Jackson serialises with its defaults).
   *
   * @throws com.fasterxml.jackson.core.JsonProcessingException when {@code value} cannot be serialised
   * @throws IOException when the serialised JSON cannot be canonicalised
   */
  public static byte[] bytes(Object value) throws IOException {
    return ofJson(MAPPER.writeValueAsString(value));
  }

  /**
   * The canonical UTF-8 bytes of the JSON text {@code json}. For callers that serialise their own
   * types with their own mapper (their annotations then apply however classes are loaded).
   *
   * @throws IOException when {@code json} is not JSON
   */
  public static byte[] ofJson(String json) throws IOException {
    return new JsonCanonicalizer(json).getEncodedUTF8();
  }
}
