package org.evidencenotary.notary.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is the contract (issue 17): every operation declares the problem answers
 * it can give, the success statuses it really uses, and the formats its path parameters are
 * checked for; a 405 names the allowed methods.
 */
@QuarkusTest
class OpenApiContractTest {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

  private static JsonNode document() throws Exception {
    String json = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
        .extract().asString();
    return new ObjectMapper().readTree(json);
  }

  @Test
  void every_operation_declares_its_problem_answers_as_problem_json() throws Exception {
    JsonNode paths = document().get("paths");
    List<String> missing = new ArrayList<>();
    int operations = 0;
    for (var path : iterable(paths.fieldNames())) {
      for (var method : iterable(paths.get(path).fieldNames())) {
        if (!METHODS.contains(method)) {
          continue;
        }
        operations++;
        JsonNode op = paths.get(path).get(method);
        List<String> expected = new ArrayList<>(List.of("400", "406", "409", "503"));
        if (path.contains("{")) {
          expected.add("404");
        }
        if (op.has("requestBody")) {
          expected.addAll(List.of("413", "415"));
        }
        for (String status : expected) {
          JsonNode r = op.path("responses").path(status);
          if (!r.path("content").has("application/problem+json")
              && !(status.equals("409") && path.startsWith("/dicomweb"))) {
            missing.add(method.toUpperCase() + " " + path + " " + status);
          }
        }
      }
    }
    assertThat(operations).isGreaterThan(30);
    assertThat(missing).isEmpty();
  }

  @Test
  void the_success_statuses_the_service_uses_are_declared() throws Exception {
    JsonNode paths = document().get("paths");

    assertThat(names(paths.path("/api/v1/evidence").path("post").path("responses"))).contains("200", "201", "202");
    assertThat(names(paths.path("/api/v1/evidence/{id}/custody").path("post").path("responses"))).contains("201");
    assertThat(names(paths.path("/api/v1/identities").path("post").path("responses"))).contains("201");
    assertThat(names(paths.path("/dicomweb/studies").path("post").path("responses"))).contains("200", "202", "409");
  }

  @Test
  void path_parameters_declare_the_formats_the_code_checks() throws Exception {
    JsonNode paths = document().get("paths");

    assertThat(parameter(paths, "/api/v1/evidence/{id}", "id").path("schema").path("pattern").asText())
        .startsWith("^[0-9a-f]{8}-");
    assertThat(parameter(paths, "/api/v1/series/{merkleRoot}", "merkleRoot").path("schema").path("pattern").asText())
        .isEqualTo("^[0-9a-f]{64}$");
    assertThat(document().path("components").path("schemas").path("Problem").path("required").toString())
        .contains("type", "title", "status");
  }

  @Test
  void a_wrong_method_answers_405_naming_the_allowed_ones() {
    String allow = given().delete("/api/v1/evidence/00000000-0000-4000-8000-000000000000").then().statusCode(405)
        .contentType("application/problem+json").extract().header("Allow");

    assertThat(allow).as("Allow header").isNotBlank().contains("GET");
  }

  @Test
  void options_names_exactly_the_methods_of_the_path() {
    String allow = given().options("/api/v1/auth/me").then().statusCode(200).extract().header("Allow");
    String series = given().options("/api/v1/series/" + "ab".repeat(32) + "/kos").then().statusCode(200)
        .extract().header("Allow");

    assertThat(allow).isEqualTo("GET, HEAD, OPTIONS");
    assertThat(series).isEqualTo("GET, HEAD, OPTIONS");
  }

  @Test
  void request_bodies_and_limits_say_what_the_code_reads() throws Exception {
    JsonNode paths = document().get("paths");

    assertThat(paths.path("/api/v1/identities/{id}/revoke").path("post").path("requestBody").path("content")
        .has("application/json")).isTrue();
    assertThat(paths.path("/api/v1/verify").path("post").path("requestBody").path("content")
        .path("multipart/form-data").path("schema").path("required").toString()).contains("file");
    JsonNode limit = paths.path("/api/v1/audit/admin-actions").path("get").path("parameters").get(0).path("schema");
    assertThat(limit.path("maximum").asInt()).isEqualTo(1000);
  }

  /** What Schemathesis found against this document, each now a 400 problem (they were 500 or accepted). */
  @Test
  void bodies_schemathesis_found_are_refused_as_problems() {
    var admin = org.evidencenotary.notary.testing.Fixtures.admin();
    String[][] cases = {
        {"/api/v1/auth/tokens", "{\"role\": \"acquirer\", \"roles\": [null], \"name\": \"0\"}"},
        {"/api/v1/auth/clients", "{\"name\": \"0\", \"roles\": [null], \"certificate\": \"0\"}"},
        {"/api/v1/identities", "{\"kind\": \"TECHNOLOGIST\", \"name\": false}"},
    };
    for (String[] c : cases) {
      given().header(admin).contentType("application/json").body(c[1]).post(c[0]).then().statusCode(400)
          .contentType("application/problem+json");
    }
  }

  private static JsonNode parameter(JsonNode paths, String path, String name) {
    JsonNode op = paths.path(path).path("get");
    for (JsonNode p : op.path("parameters")) {
      if (name.equals(p.path("name").asText())) {
        return p;
      }
    }
    throw new AssertionError("no parameter " + name + " on GET " + path);
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    List<T> all = new ArrayList<>();
    it.forEachRemaining(all::add);
    return all;
  }
}
