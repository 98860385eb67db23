package org.evidencenotary.notary.auth;

import java.util.Collection;
import java.util.List;

/**
 * The roles a signed-in caller may hold (a token's {@code groups} claim). Constants, because
 * {@code @RolesAllowed} needs them at compile time. Who may do what, endpoint by endpoint, is in
 * docs/security.md and tested by the api's role table.
 */
public final class Roles {
  /** Hospital staff, devices and the PACS: notarize. */
  public static final String ACQUIRER = "acquirer";
  /** Courts and lawyers: verify, read certificates, proofs and originals. */
  public static final String VERIFIER = "verifier";
  /** Insurers: verify and check in batches, read certificates and proofs. */
  public static final String INSURER = "insurer";
  /** Auditors: custody history, identities, the ledger's and the store's health. */
  public static final String AUDITOR = "auditor";
  /** Administrators: identities and tokens. The admin token file signs in as this role. */
  public static final String ADMIN = "admin";

  /** Every role, in the order the documentation lists them. */
  public static final List<String> ALL = List.of(ACQUIRER, VERIFIER, INSURER, AUDITOR, ADMIN);

  private Roles() {}

  /** {@code roles} in the order {@link #ALL} lists them (how tokens, statements and custody name them). */
  public static List<String> inOrder(Collection<String> roles) {
    return ALL.stream().filter(roles::contains).toList();
  }
}
