package org.evidencenotary.notary.portal;

import java.util.List;
import org.evidencenotary.notary.auth.Caller;
import org.evidencenotary.notary.auth.Roles;

/**
 * Who is looking at a portal page, as every page's header shows it: signed in (name and roles) or
 * not, and which of the signed-in pages their roles open.
 *
 * @param signedIn whether the request carries a valid sign-in (cookie or bearer token)
 * @param name the name the token carries
 * @param roles the token's roles, in the documentation's order
 */
public record Visitor(boolean signedIn, String name, List<String> roles) {
  /** Someone not signed in. */
  public static final Visitor ANONYMOUS = new Visitor(false, null, List.of());

  public Visitor {
    roles = List.copyOf(roles);
  }

  static Visitor of(Caller caller) {
    return caller.anonymous() ? ANONYMOUS : new Visitor(true, caller.name(), Roles.inOrder(caller.roles()));
  }

  /** The roles as words, e.g. {@code acquirer, auditor}. */
  public String rolesText() {
    return String.join(", ", roles);
  }

  /** Whether the hospital view is theirs. */
  public boolean hospital() {
    return roles.contains(Roles.ACQUIRER);
  }

  /** Whether the audit view is theirs. */
  public boolean audit() {
    return roles.contains(Roles.AUDITOR);
  }

  /** Whether the batch check is theirs. */
  public boolean batch() {
    return roles.contains(Roles.ACQUIRER) || roles.contains(Roles.VERIFIER) || roles.contains(Roles.INSURER);
  }
}
