package org.evidencenotary.notary.testing;

import io.quarkus.arc.Arc;
import io.restassured.RestAssured;
import io.restassured.config.HeaderConfig;
import io.restassured.http.Header;
import io.restassured.specification.RequestSpecification;
import java.security.PublicKey;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.auth.TokenIssuer;
import org.evidencenotary.notary.auth.TokenIssuer.TokenRequest;
import org.evidencenotary.notary.auth.TokenKeys;

/**
 * Requests to the running test service, signed in. {@link #given()} signs in with every role, for
 * tests about something other than who may call; {@link #as} with one role, and {@link #signer}
 * as an enrolled technologist or device. The tokens come from the service's own issuer, so they
 * are verified like any other. A later {@code .header("Authorization", ...)} replaces the default
 * one; {@code RestAssured.given()} stays anonymous.
 */
public final class Api {
  private static final Map<String, Header> TOKENS = new ConcurrentHashMap<>();

  private Api() {}

  /** A request signed in with every role. */
  public static RequestSpecification given() {
    return anonymous().header(allRoles());
  }

  /** The {@code Authorization} header of a token with every role, for requests made without REST Assured. */
  public static Header allRoles() {
    return bearer(String.join(",", Roles.ALL), "test suite", null);
  }

  /** A request with no credential, on which an {@code Authorization} header may still be set once. */
  public static RequestSpecification anonymous() {
    return RestAssured.given().config(RestAssured.config()
        .headerConfig(HeaderConfig.headerConfig().overwriteHeadersWithName("Authorization", "Content-Type", "Accept")));
  }

  /** The {@code Authorization} header of a token for {@code role}. */
  public static Header as(String role) {
    return bearer(role, "test " + role, null);
  }

  /** The {@code Authorization} header of an acquirer token naming the enrolled {@code identity}. */
  public static Header signer(String identity) {
    return bearer(Roles.ACQUIRER, "test signer " + identity, identity);
  }

  /** A token with {@code roles} (comma-separated) for {@code name}, cached per running service. */
  private static Header bearer(String roles, String name, String identity) {
    PublicKey service = Arc.container().instance(TokenKeys.class).get().verifyingKey();
    String key = service.hashCode() + "|" + roles + "|" + name + "|" + identity;
    return TOKENS.computeIfAbsent(key, k -> new Header("Authorization", "Bearer " + issue(roles, name, identity)));
  }

  private static String issue(String roles, String name, String identity) {
    TokenIssuer issuer = Arc.container().instance(TokenIssuer.class).get();
    return issuer.issue(new TokenRequest(Set.of(roles.split(",")), name, identity, null)).token();
  }
}
