package org.evidencenotary.notary.statement;

import com.fasterxml.jackson.core.JsonProcessingException;
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
  private CanonicalJson() {}

  /** The canonical UTF-8 bytes of {@code value} serialised as JSON. */
  public static byte[] bytes(Object value) {
    try {
      return Canonical.bytes(value);
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
