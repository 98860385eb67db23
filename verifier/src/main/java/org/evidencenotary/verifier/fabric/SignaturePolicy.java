package org.evidencenotary.verifier.fabric;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A Fabric signature policy in the syntax the peer CLI takes ({@code AND('HospitalMSP.peer',
 * OR('CourtMSP.peer', 'InsurerMSP.peer'))}, {@code OutOf(2, 'A.member', 'B.member', 'C.member')}),
 * evaluated the way Fabric evaluates it: each signer counts for at most one principal, and a
 * sub-policy that is not satisfied uses up no signer.
 *
 * <p>Roles follow Fabric's node organisational units: {@code member} is anyone the organisation's
 * CA certified; {@code peer}, {@code client}, {@code admin} and {@code orderer} need that OU in the
 * certificate's subject.
 */
public sealed interface SignaturePolicy {

  /** Someone who signed: their organisation, their roles, and one identity (no double counting). */
  record Signer(String mspId, Set<String> roles, String identity) {}

  /** Whether {@code signers} satisfy this policy. */
  default boolean satisfiedBy(List<Signer> signers) {
    List<Signer> distinct = new ArrayList<>();
    for (Signer s : signers) {
      if (distinct.stream().noneMatch(d -> d.identity().equals(s.identity()))) {
        distinct.add(s);
      }
    }
    return evaluate(distinct, new boolean[distinct.size()]);
  }

  boolean evaluate(List<Signer> signers, boolean[] used);

  /** One organisation and role, e.g. {@code 'HospitalMSP.peer'}. */
  record Principal(String mspId, String role) implements SignaturePolicy {
    @Override
    public boolean evaluate(List<Signer> signers, boolean[] used) {
      for (int i = 0; i < signers.size(); i++) {
        Signer s = signers.get(i);
        if (!used[i] && s.mspId().equals(mspId) && ("member".equals(role) || s.roles().contains(role))) {
          used[i] = true;
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return "'" + mspId + "." + role + "'";
    }
  }

  /** At least {@code n} of {@code rules}; AND is all of them, OR is one. */
  record OutOf(int n, List<SignaturePolicy> rules) implements SignaturePolicy {
    @Override
    public boolean evaluate(List<Signer> signers, boolean[] used) {
      boolean[] trial = used.clone();
      int matched = 0;
      for (SignaturePolicy rule : rules) {
        boolean[] attempt = trial.clone();
        if (rule.evaluate(signers, attempt)) {
          trial = attempt;
          matched++;
        }
      }
      if (matched < n) {
        return false;
      }
      System.arraycopy(trial, 0, used, 0, used.length);
      return true;
    }

    @Override
    public String toString() {
      String inner = String.join(", ", rules.stream().map(Object::toString).toList());
      if (n == rules.size() && n > 1) {
        return "AND(" + inner + ")";
      }
      return n == 1 && rules.size() > 1 ? "OR(" + inner + ")" : "OutOf(" + n + ", " + inner + ")";
    }
  }

  /** Parses the CLI syntax; throws {@link IllegalArgumentException} naming what is wrong. */
  static SignaturePolicy parse(String text) {
    Parser parser = new Parser(text);
    SignaturePolicy policy = parser.policy();
    parser.skipSpace();
    if (parser.at < text.length()) {
      throw new IllegalArgumentException("unexpected '" + text.substring(parser.at) + "' in policy " + text);
    }
    return policy;
  }

  /** Recursive descent over the policy text. */
  final class Parser {
    private static final Set<String> ROLES = Set.of("member", "admin", "client", "peer", "orderer");
    private final String text;
    private int at;

    private Parser(String text) {
      this.text = text == null ? "" : text;
    }

    private SignaturePolicy policy() {
      skipSpace();
      if (at < text.length() && (text.charAt(at) == '\'' || text.charAt(at) == '"')) {
        return principal();
      }
      int start = at;
      while (at < text.length() && Character.isLetter(text.charAt(at))) {
        at++;
      }
      String op = text.substring(start, at).toUpperCase(Locale.ROOT);
      expect('(');
      List<SignaturePolicy> rules = new ArrayList<>();
      int n = -1;
      if ("OUTOF".equals(op)) {
        skipSpace();
        int digits = at;
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
          at++;
        }
        if (digits == at) {
          throw new IllegalArgumentException("OutOf needs a count first in policy " + text);
        }
        n = Integer.parseInt(text.substring(digits, at));
        expect(',');
      } else if (!"AND".equals(op) && !"OR".equals(op)) {
        throw new IllegalArgumentException("expected AND, OR, OutOf or a quoted principal at position " + start
            + " of policy " + text);
      }
      rules.add(policy());
      skipSpace();
      while (at < text.length() && text.charAt(at) == ',') {
        at++;
        rules.add(policy());
        skipSpace();
      }
      expect(')');
      int needed = switch (op) {
        case "AND" -> rules.size();
        case "OR" -> 1;
        default -> n;
      };
      if (needed < 1 || needed > rules.size()) {
        throw new IllegalArgumentException("OutOf(" + n + ", ...) with " + rules.size() + " rules in policy " + text);
      }
      return new OutOf(needed, List.copyOf(rules));
    }

    private SignaturePolicy principal() {
      char quote = text.charAt(at++);
      int end = text.indexOf(quote, at);
      if (end < 0) {
        throw new IllegalArgumentException("unterminated principal in policy " + text);
      }
      String principal = text.substring(at, end);
      at = end + 1;
      int dot = principal.lastIndexOf('.');
      if (dot <= 0 || !ROLES.contains(principal.substring(dot + 1))) {
        throw new IllegalArgumentException("principal '" + principal + "' is not MSPID.role with a role among "
            + ROLES + " in policy " + text);
      }
      return new Principal(principal.substring(0, dot), principal.substring(dot + 1));
    }

    private void expect(char c) {
      skipSpace();
      if (at >= text.length() || text.charAt(at) != c) {
        throw new IllegalArgumentException("expected '" + c + "' at position " + at + " of policy " + text);
      }
      at++;
    }

    private void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }
  }
}
