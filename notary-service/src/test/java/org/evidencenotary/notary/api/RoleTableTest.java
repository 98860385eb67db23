package org.evidencenotary.notary.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencenotary.notary.auth.Roles.ACQUIRER;
import static org.evidencenotary.notary.auth.Roles.ADMIN;
import static org.evidencenotary.notary.auth.Roles.AUDITOR;
import static org.evidencenotary.notary.auth.Roles.INSURER;
import static org.evidencenotary.notary.auth.Roles.VERIFIER;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.security.Authenticated;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.testing.Api;
import org.junit.jupiter.api.Test;

/**
 * Who may call what: the table of docs/security.md, endpoint by endpoint. Every JAX-RS resource
 * method of the service must have a row here (a new endpoint without one fails the build), its
 * annotations must say what the row says, and over HTTP: no token is 401, a role the row does not
 * name is 403, and each role it names gets through (any answer but 401 and 403).
 */
@QuarkusTest
class RoleTableTest {
  private static final Set<String> PUBLIC = Set.of();
  private static final Set<String> SIGNED_IN = Set.copyOf(Roles.ALL);
  private static final String ID = "00000000-0000-4000-8000-000000000000";
  private static final String ROOT = "0".repeat(64);

  /** One row: the Java method, how to call it, and the roles that may (empty: anyone). */
  /** One endpoint's rule; {@code accept}, when not null, is the Accept header that selects it. */
  record Rule(String method, String verb, String path, String contentType, Set<String> roles, String accept) {
    Rule(String method, String verb, String path, String contentType, Set<String> roles) {
      this(method, verb, path, contentType, roles, null);
    }
  }

  private static Rule rule(String method, String verb, String path, String contentType, String... roles) {
    return new Rule(method, verb, path, contentType, Set.of(roles));
  }

  static final List<Rule> TABLE = List.of(
      rule("EvidenceResource#ingestMultipart", "POST", "/api/v1/evidence", "multipart/form-data", ACQUIRER),
      rule("EvidenceResource#ingest", "POST", "/api/v1/evidence", "application/octet-stream", ACQUIRER),
      rule("EvidenceResource#get", "GET", "/api/v1/evidence/" + ID, null, ACQUIRER, VERIFIER, INSURER, AUDITOR),
      new Rule("EvidenceResource#page", "GET", "/api/v1/evidence/" + ID, null, PUBLIC, "text/html"),
      rule("EvidenceResource#proof", "GET", "/api/v1/evidence/" + ID + "/proof", null, ACQUIRER, VERIFIER, INSURER),
      rule("EvidenceResource#original", "GET", "/api/v1/evidence/" + ID + "/original", null, ACQUIRER, VERIFIER),
      rule("EvidenceResource#recordCustody", "POST", "/api/v1/evidence/" + ID + "/custody", "application/json",
          VERIFIER),
      rule("EvidenceResource#custody", "GET", "/api/v1/evidence/" + ID + "/custody", null,
          ACQUIRER, VERIFIER, AUDITOR),
      rule("SignedDicomResource#signed", "GET", "/api/v1/evidence/" + ID + "/signed.dcm", null, ACQUIRER, VERIFIER),
      rule("CertificateResource#certificate", "GET", "/api/v1/evidence/" + ID + "/certificate.pdf", null,
          ACQUIRER, VERIFIER, INSURER),
      rule("AcquisitionSignatureResource$Signature#signature", "GET", "/api/v1/evidence/" + ID + "/signature.p7s",
          null, ACQUIRER, VERIFIER, INSURER),
      rule("AcquisitionSignatureResource$Timestamp#timestamp", "GET", "/api/v1/evidence/" + ID + "/timestamp.tsr",
          null, ACQUIRER, VERIFIER, INSURER),
      rule("SeriesResource$Membership#membership", "GET", "/api/v1/evidence/" + ID + "/series", null,
          ACQUIRER, VERIFIER),
      rule("SeriesResource$Manifest#manifest", "GET", "/api/v1/series/" + ROOT, null, ACQUIRER, VERIFIER),
      rule("SeriesResource$KeyObject#kos", "GET", "/api/v1/series/" + ROOT + "/kos.dcm", null, ACQUIRER, VERIFIER),
      rule("SeriesResource$KosParts#index", "GET", "/api/v1/series/" + ROOT + "/kos", null, ACQUIRER, VERIFIER),
      rule("SeriesResource$KosParts#part", "GET", "/api/v1/series/" + ROOT + "/kos/1.dcm", null, ACQUIRER, VERIFIER),
      rule("DicomWebResource#storeInstances", "POST", "/dicomweb/studies", "application/octet-stream", ACQUIRER),
      rule("DicomWebResource#storeStudyInstances", "POST", "/dicomweb/studies/1.2.3", "application/octet-stream",
          ACQUIRER),
      rule("VerifyResource#verifyMultipart", "POST", "/api/v1/verify", "multipart/form-data"),
      rule("VerifyResource#verify", "POST", "/api/v1/verify", "application/octet-stream"),
      rule("BatchVerifyResource#verifyMultipart", "POST", "/api/v1/verify/batch", "multipart/form-data",
          ACQUIRER, VERIFIER, INSURER),
      rule("BatchVerifyResource#verifyZip", "POST", "/api/v1/verify/batch", "application/zip",
          ACQUIRER, VERIFIER, INSURER),
      rule("TsaResource#stamp", "POST", "/api/v1/tsa", "application/timestamp-query", ACQUIRER),
      rule("TrustResource#roots", "GET", "/api/v1/trust/roots.pem", null),
      rule("IdentityResource#enrol", "POST", "/api/v1/identities", "application/json", ADMIN),
      rule("IdentityResource#list", "GET", "/api/v1/identities", null, ADMIN, AUDITOR),
      rule("IdentityResource#get", "GET", "/api/v1/identities/" + ID, null, ADMIN, AUDITOR),
      rule("IdentityResource#certificate", "GET", "/api/v1/identities/" + ID + "/certificate.pem", null),
      rule("IdentityResource#revoke", "POST", "/api/v1/identities/" + ID + "/revoke", "application/json", ADMIN),
      rule("IdentityResource#crl", "GET", "/api/v1/identities/crl", null),
      rule("IdentityResource#registerTlsClientCertificate", "PUT", "/api/v1/identities/" + ID
          + "/tls-client-certificate", "application/x-pem-file", ADMIN),
      rule("IdentityResource#issueTlsClientCertificate", "POST", "/api/v1/identities/" + ID
          + "/tls-client-certificate", "application/json", ADMIN),
      rule("AuthResource#issue", "POST", "/api/v1/auth/tokens", "application/json", ADMIN),
      rule("AuthResource#revoke", "POST", "/api/v1/auth/tokens/" + ID + "/revoke", "application/json", ADMIN),
      rule("AuthResource#registerClient", "POST", "/api/v1/auth/clients", "application/json", ADMIN),
      rule("AuthResource#clients", "GET", "/api/v1/auth/clients", null, ADMIN, AUDITOR),
      rule("AuthResource#revokeClient", "POST", "/api/v1/auth/clients/" + ID + "/revoke", "application/json", ADMIN),
      rule("AdminAuditResource#adminActions", "GET", "/api/v1/audit/admin-actions", null, AUDITOR, ADMIN),
      new Rule("AuthResource#me", "GET", "/api/v1/auth/me", null, SIGNED_IN),
      rule("PortalResource#verifyPage", "GET", "/", null),
      rule("PortalResource#evidencePage", "GET", "/evidence/" + ID, null),
      rule("PortalResource#batchPage", "GET", "/batch", null),
      rule("CertificateProofResource#proofOf", "POST", "/portal/certificate-proof", "application/pdf"),
      rule("EvidenceCheckResource#check", "POST", "/portal/evidence/" + ID + "/check", "multipart/form-data"),
      rule("PublicCustodyResource#get", "GET", "/portal/evidence/" + ID + "/custody", null),
      rule("EvidenceSearchResource#list", "GET", "/api/v1/evidence", null, ACQUIRER),
      rule("SignInResource#signInPage", "GET", "/sign-in", null),
      rule("SignInResource#signIn", "POST", "/portal/sign-in", "application/x-www-form-urlencoded"),
      rule("SignInResource#signOut", "POST", "/portal/sign-out", null),
      rule("HospitalResource#notarizations", "GET", "/hospital", null, ACQUIRER),
      rule("HospitalResource#record", "GET", "/hospital/" + ID, null, ACQUIRER),
      rule("AuditResource#audit", "GET", "/audit", null, AUDITOR));

  private static final Map<String, Rule> BY_METHOD =
      TABLE.stream().collect(Collectors.toMap(Rule::method, r -> r, (a, b) -> a, LinkedHashMap::new));

  @Test
  void every_endpoint_of_the_service_has_exactly_one_row() {
    assertThat(BY_METHOD).as("duplicate rows").hasSameSizeAs(TABLE);
    assertThat(endpoints().keySet()).as("the service's endpoints against the table's rows")
        .containsExactlyInAnyOrderElementsOf(BY_METHOD.keySet());
  }

  @Test
  void each_endpoints_annotations_say_what_its_row_says() {
    endpoints().forEach((name, method) -> {
      Rule rule = BY_METHOD.get(name);
      assertThat(rule).as("row for " + name).isNotNull();
      assertThat(declaredRoles(method)).as(name).isEqualTo(rule.roles() == SIGNED_IN ? SIGNED_IN : rule.roles());
    });
  }

  @Test
  void over_http_no_token_is_401_a_role_not_in_the_row_is_403_and_each_role_in_it_gets_through() {
    for (Rule rule : TABLE) {
      int anonymous = call(Api.anonymous(), rule);
      if (rule.roles().isEmpty()) {
        assertThat(anonymous).as(rule.verb() + " " + rule.path() + " is public").isNotIn(401, 403);
        continue;
      }
      assertThat(anonymous).as(rule.verb() + " " + rule.path() + " without a token").isEqualTo(401);
      for (String role : Roles.ALL) {
        int status = call(Api.anonymous().header(Api.as(role)), rule);
        if (rule.roles().contains(role)) {
          assertThat(status).as(rule.verb() + " " + rule.path() + " as " + role).isNotIn(401, 403);
        } else {
          assertThat(status).as(rule.verb() + " " + rule.path() + " as " + role).isEqualTo(403);
        }
      }
    }
  }

  private static int call(RequestSpecification request, Rule rule) {
    if (rule.accept() != null) {
      request = request.accept(rule.accept()).redirects().follow(false);
    }
    if ("multipart/form-data".equals(rule.contentType())) {
      request = request.multiPart("file", "exhibit.bin", "role table".getBytes(), "application/octet-stream");
    } else if ("application/x-www-form-urlencoded".equals(rule.contentType())) {
      request = request.contentType(rule.contentType()).formParam("token", "role table");
    } else if (rule.contentType() != null) {
      request = request.contentType(rule.contentType())
          .body(rule.contentType().endsWith("json") ? "{}".getBytes() : "role table".getBytes());
    }
    return rule.verb().equals("GET") ? request.get(rule.path()).statusCode() : request.post(rule.path()).statusCode();
  }

  /** Roles an endpoint's annotations allow: empty for public, every role for "signed in". */
  private static Set<String> declaredRoles(Method method) {
    RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
    if (roles == null) {
      roles = method.getDeclaringClass().getAnnotation(RolesAllowed.class);
    }
    if (roles != null) {
      return new TreeSet<>(List.of(roles.value()));
    }
    Class<?> type = method.getDeclaringClass();
    if (method.isAnnotationPresent(Authenticated.class) || type.isAnnotationPresent(Authenticated.class)) {
      return SIGNED_IN;
    }
    assertThat(method.isAnnotationPresent(PermitAll.class) || type.isAnnotationPresent(PermitAll.class))
        .as(method + " has no role rule (RolesAllowed, Authenticated or PermitAll)").isTrue();
    return PUBLIC;
  }

  /** Every resource method of the service's classes, by "Class#method" (nested classes as Outer$Inner). */
  private static Map<String, Method> endpoints() {
    Map<String, Method> out = new LinkedHashMap<>();
    ClassLoader loader = RoleTableTest.class.getClassLoader();
    for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.evidencenotary.notary")) {
      Class<?> clazz;
      try {
        clazz = Class.forName(type.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
      for (Method method : clazz.getDeclaredMethods()) {
        if (isResourceMethod(method)) {
          out.put(clazz.getName().substring(clazz.getPackageName().length() + 1) + "#" + method.getName(), method);
        }
      }
    }
    return out;
  }

  private static boolean isResourceMethod(Method method) {
    for (Class<? extends Annotation> verb : List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class,
        HEAD.class)) {
      if (method.isAnnotationPresent(verb)) {
        return true;
      }
    }
    return false;
  }
}
