package org.evidencenotary.notary.statement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import org.evidencenotary.storage.Sha256;
import org.evidencenotary.verifier.Canonical;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): one byte form per JSON value, so a signature over
 * a statement can be checked by anyone who has the statement as JSON. The rule itself lives once,
 * in the verifier library's {@link Canonical}, which the offline verifier runs too; this class
 * gives it the service's unchecked failures and its {@link Sha256} type.
 */
public final class CanonicalJson {
  /** The service's own types are serialised here, with their Jackson annotations; the verifier canonicalises the text. */
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private CanonicalJson() {}

  /** The canonical UTF-8 bytes of {@code value} serialised as JSON. */
  public static byte[] bytes(Object value) {
    try {
      return Canonical.ofJson(MAPPER.writeValueAsString(value));
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
