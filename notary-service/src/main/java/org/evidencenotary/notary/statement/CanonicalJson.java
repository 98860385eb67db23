package org.evidencenotary.notary.statement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import org.erdtman.jcs.JsonCanonicalizer;
import org.evidencenotary.storage.Sha256;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): one byte form per JSON value, so a signature over
 * a statement can be checked by anyone who has the statement as JSON.
 */
public final class CanonicalJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private CanonicalJson() {}

  /** The canonical UTF-8 bytes of {@code value} serialised as JSON. */
  public static byte[] bytes(Object value) {
    try {
      return new JsonCanonicalizer(MAPPER.writeValueAsString(value)).getEncodedUTF8();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("not canonicalisable JSON", e);
    }
  }

  /** SHA-256 of the canonical bytes. */
  public static Sha256 sha256(Object value) {
    return Sha256.digest(bytes(value));
  }
}
