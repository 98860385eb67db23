package org.evidencenotary.notary.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Makes the OpenAPI document (at {@code /q/openapi}) the contract integrators can generate clients
 * from (issue 17): SmallRye derives operations, bodies and 200 answers from the resources, but not
 * what the service answers besides, nor the formats it checks in code. This filter adds, in one
 * place for every operation:
 *
 * <ul>
 *   <li>the success statuses other than 200 ({@link #SUCCESS}: 201 created, 202 accepted and not
 *       yet anchored, STOW-RS 202/409 for partial and total failure);
 *   <li>the RFC 9457 problem answers every operation can give, as {@code application/problem+json}
 *       with the {@code Problem} schema: 400 (a parameter or body refused), 404 for operations with
 *       path parameters, 406, 409, 408/413/415/422 where a body is sent, 503 (a dependency down, the
 *       admin record not written); 401/403 stay as SmallRye writes them for secured operations;
 *   <li>the formats of path parameters that the code checks: evidence, identity, token and client
 *       ids are lowercase UUIDs, a Merkle root is 64 lowercase hex characters, a KOS part a number;
 *       and of the {@code limit} query parameters (read as text so a non-number is a 400 problem,
 *       declared as the integer range they accept);
 *   <li>request bodies: a JSON form declared for any media type ({@code *}{@code /*}, a method
 *       without {@code @Consumes}) is declared as {@code application/json}, the only one it reads;
 *       the multipart forms name their parts ({@link #PARTS}) instead of SmallRye's generic input;
 *   <li>response fields: a property a record may leave null (not required) is declared nullable,
 *       since Jackson writes null for it.
 * </ul>
 *
 * <p>A filter rather than annotations on each method: the same dozen statuses on 40 operations
 * would be 400 lines of annotations saying one rule, and a new operation would start without them.
 */
public class OpenApiContract implements OASFilter {
  private static final String PROBLEM_SCHEMA = "Problem";
  private static final String UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
  private static final String HEX64_PATTERN = "^[0-9a-f]{64}$";

  /** Success statuses besides 200, by "METHOD path". */
  static final Map<String, List<String>> SUCCESS = Map.of(
      "POST /api/v1/evidence", List.of("201", "202"),
      "POST /api/v1/evidence/{id}/custody", List.of("201"),
      "POST /api/v1/identities", List.of("201"),
      "POST /api/v1/auth/clients", List.of("201"),
      "POST /dicomweb/studies", List.of("202", "409"),
      "POST /dicomweb/studies/{study}", List.of("202", "409"));

  /** The parts each multipart/form-data operation reads, the first required. */
  static final Map<String, List<String>> PARTS = Map.of(
      "POST /api/v1/evidence", List.of("file", "metadata"),
      "POST /api/v1/verify", List.of("file", "proof"),
      "POST /api/v1/verify/batch", List.of("file"));

  /** The range each {@code limit} query parameter accepts, by path. */
  static final Map<String, Integer> LIMITS = Map.of(
      "/api/v1/audit/admin-actions", AdminAuditResource.MAX_LIMIT,
      "/api/v1/evidence", org.evidencenotary.notary.evidence.EvidenceSearch.MAX_LIMIT);

  private static final Map<String, String> PROBLEMS = Map.of(
      "400", "Bad request: a parameter or the body was refused (problem+json says which)",
      "404", "Not found: no such evidence, identity, series or part",
      "406", "Not acceptable: none of the media types asked for in Accept",
      "409", "Conflict: not possible in the evidence's present state (for instance not yet anchored)",
      "408", "Request timeout: the body did not arrive in time",
      "413", "Content too large: over the configured upload or part limit",
      "422", "A ledger rule refused the anchor (ledger-rule-<code>)",
      "415", "Unsupported media type for the body",
      "503", "Service unavailable: a dependency (ledger, store, admin record) cannot be used now");

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    if (openApi.getComponents() == null) {
      openApi.setComponents(OASFactory.createComponents());
    }
    openApi.getComponents().addSchema(PROBLEM_SCHEMA, problemSchema());
    if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
      return;
    }
    openApi.getPaths().getPathItems().forEach((path, item) -> {
      if (item.getOperations() != null) {
        item.getOperations().forEach((method, operation) -> contract(path, method, operation));
      }
    });
    if (openApi.getComponents().getSchemas() != null) {
      openApi.getComponents().getSchemas().forEach((name, schema) -> nullables(schema));
    }
  }

  /** Properties that are not required may be null in the JSON Jackson writes. */
  private static void nullables(Schema schema) {
    if (schema.getProperties() == null) {
      return;
    }
    List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
    schema.getProperties().forEach((name, property) -> {
      if (!required.contains(name) && property.getType() != null && !property.getType().isEmpty()
          && !property.getType().contains(Schema.SchemaType.NULL)) {
        property.addType(Schema.SchemaType.NULL);
      }
    });
  }

  /** What the body of {@code operation} really is. */
  private static void requestBody(String key, RequestBody body) {
    if (body == null || body.getContent() == null || body.getContent().getMediaTypes() == null) {
      return;
    }
    var types = body.getContent().getMediaTypes();
    var any = types.get("*/*");
    if (any != null && any.getSchema() != null && any.getSchema().getRef() != null) {
      body.getContent().removeMediaType("*/*");
      body.getContent().addMediaType("application/json", any);
    }
    var form = types.get("multipart/form-data");
    List<String> parts = PARTS.get(key);
    if (form != null && parts != null) {
      Schema schema = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT);
      for (String part : parts) {
        schema.addProperty(part, OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("binary"));
      }
      schema.required(new ArrayList<>(List.of(parts.get(0))));
      form.schema(schema);
    }
  }

  private static void contract(String path, PathItem.HttpMethod method, Operation operation) {
    if (operation.getResponses() == null) {
      operation.setResponses(OASFactory.createAPIResponses());
    }
    APIResponses responses = operation.getResponses();
    for (String status : SUCCESS.getOrDefault(method + " " + path, List.of())) {
      if (!responses.hasAPIResponse(status)) {
        // Same body as the 200 answer, where SmallRye wrote one.
        var ok = responses.getAPIResponse("200");
        responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description(status))
            .content(ok == null ? null : ok.getContent()));
      }
    }
    boolean pathParameters = path.contains("{");
    boolean body = operation.getRequestBody() != null;
    for (Map.Entry<String, String> p : PROBLEMS.entrySet()) {
      String status = p.getKey();
      boolean applies = switch (status) {
        case "404" -> pathParameters;
        case "408", "413", "415", "422" -> body;
        default -> true;
      };
      if (!applies) {
        continue;
      }
      var declared = responses.getAPIResponse(status);
      if (declared == null) {
        responses.addAPIResponse(status, problem(p.getValue()));
      } else if (declared.getContent() == null || declared.getContent().getMediaTypes() == null
          || declared.getContent().getMediaTypes().isEmpty()) {
        // SmallRye declares 400 for validated bodies, without saying what the body of the answer is.
        declared.content(problem(p.getValue()).getContent());
      }
    }
    requestBody(method + " " + path, operation.getRequestBody());
    if (operation.getParameters() != null) {
      operation.getParameters().forEach(OpenApiContract::format);
      Integer limit = LIMITS.get(path);
      operation.getParameters().stream()
          .filter(q -> q.getIn() == Parameter.In.QUERY && "limit".equals(q.getName()) && limit != null)
          .forEach(q -> q.schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
              .minimum(java.math.BigDecimal.ONE).maximum(java.math.BigDecimal.valueOf(limit))));
    }
  }

  /** The formats path parameters are checked for in code ({@link Ids}, the series resource). */
  private static void format(Parameter parameter) {
    if (parameter.getIn() != Parameter.In.PATH || parameter.getSchema() == null) {
      return;
    }
    switch (parameter.getName()) {
      case "id" -> parameter.getSchema().pattern(UUID_PATTERN).format("uuid");
      case "merkleRoot" -> parameter.getSchema().pattern(HEX64_PATTERN);
      case "part" -> parameter.getSchema().pattern("^[1-9][0-9]{0,5}$");
      case "study" -> parameter.getSchema().pattern("^(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*$").maxLength(64);
      default -> { }
    }
  }

  private static org.eclipse.microprofile.openapi.models.responses.APIResponse problem(String description) {
    return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
        .addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
            .schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA))));
  }

  private static String description(String status) {
    return switch (status) {
      case "201" -> "Created";
      case "202" -> "Accepted: stored and recorded, the ledger anchor follows (or, for STOW-RS, some instances failed)";
      case "409" -> "Conflict: every instance failed (STOW-RS Failed SOP Sequence in the body)";
      default -> status;
    };
  }

  private static Schema problemSchema() {
    Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
        .description("RFC 9457 problem details; type is a stable URN per kind of problem")
        .addProperty("type", string).addProperty("title", string)
        .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
        .addProperty("detail", string).addProperty("instance", string)
        .addProperty("evidenceId", string).addProperty("sha256", string)
        .addProperty("parts", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
        .addProperty("partsIndex", string)
        .required(List.of("type", "title", "status"))
        .additionalPropertiesBoolean(Boolean.TRUE);
  }
}
