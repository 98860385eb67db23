package org.evidencenotary.format;

import java.util.regex.Pattern;

/**
 * The form of every id the notary makes (evidence, identities, tokens' {@code jti}): a random UUID
 * in lowercase, as {@link java.util.UUID#toString()} writes it. Ids from requests are checked
 * against it before any use, so an id that cannot exist never reaches a file name or a ledger key.
 */
public final class LowercaseUuid {
  private static final Pattern FORM =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private LowercaseUuid() {}

  /** Whether {@code id} has the form of an id the notary makes (null has not). */
  public static boolean matches(String id) {
    return id != null && FORM.matcher(id).matches();
  }
}
