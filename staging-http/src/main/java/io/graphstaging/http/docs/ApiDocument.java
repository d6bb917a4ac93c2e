package io.graphstaging.http.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphstaging.http.json.SnakeCaseSchemas;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the generated OpenAPI document needs on top of the route annotations, decided once here
 * rather than on every route: snake_case schemas, the tags in workflow order, the API key as the
 * default security (the generator writes {@code security: []} on every operation, which makes
 * Swagger's Authorize send nothing), the edge's own refusals (400, 401, 413, 429) on every
 * operation they apply to, and examples for the path parameters so "Try it out" works as written.
 */
public final class ApiDocument {
    /** Routes the key check lets through ({@code ApiKeyCheck}): they declare no security. */
    static final Set<String> OPEN_PATHS = Set.of("/health", "/info", "/metrics", "/ready");
    static final String API_KEY_SCHEME = "ApiKey";
    static final String BEARER_SCHEME = "Bearer";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ERROR_BODY = "#/components/schemas/ErrorBody";
    /** Tags in the order a user works: stage, query, materialize, look at the graph, follow tasks. */
    private static final Map<String, String> TAGS = tags();
    /** One example per path parameter name, naming the README's demo graph. */
    private static final Map<String, String> PATH_EXAMPLES = Map.of("graph_id", "demo", "table_name", "people",
            "file_id", "people-1", "task_id", "6f1c2b9e-0d5a-4c1e-9a57-3b8f2e4d1c00");

    private ApiDocument() {}

    private static Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("stage", "Stage Parquet objects as tables of a graph's staging database");
        tags.put("query", "Read-only SQL on the staging tables");
        tags.put("materialize", "Copy staging tables into the graph database");
        tags.put("graph", "The graph database: its schema, its tables, read-only Cypher");
        tags.put("tasks", "Long work run as tasks: status, progress, cancel");
        tags.put("registry", "The file registry that refresh stages from");
        tags.put("operations", "Health, versions, metrics, and removing a graph's databases");
        return tags;
    }

    /** The document as served. */
    public static String apply(ObjectNode spec) {
        SnakeCaseSchemas.apply(spec);
        ArrayNode tags = spec.putArray("tags");
        TAGS.forEach((name, description) -> tags.addObject().put("name", name).put("description", description));
        ArrayNode security = spec.putArray("security");
        security.addObject().putArray(API_KEY_SCHEME);
        security.addObject().putArray(BEARER_SCHEME);
        spec.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                operation -> operation(path.getKey(), (ObjectNode) operation.getValue())));
        return spec.toPrettyString();
    }

    private static void operation(String path, ObjectNode operation) {
        ObjectNode responses = operation.with("responses");
        examplesAsJson(operation.path("requestBody").path("content"));
        responses.elements().forEachRemaining(response -> examplesAsJson(response.path("content")));
        boolean hasBody = operation.has("requestBody");
        boolean hasPathParams = false;
        for (JsonNode parameter : operation.path("parameters")) {
            if ("path".equals(parameter.path("in").asText())) {
                hasPathParams = true;
                String example = PATH_EXAMPLES.get(parameter.path("name").asText());
                if (example != null && !parameter.has("example")) {
                    ((ObjectNode) parameter).put("example", example);
                }
            }
        }
        if (OPEN_PATHS.contains(path)) {
            operation.putArray("security");
        } else {
            operation.remove("security"); // the document's default: the API key or a bearer token
            error(responses, "401", "the API key is missing or wrong (only when the server has STAGING_API_KEY)");
            error(responses, "429", "too many failed key attempts from this client: locked out for a while");
        }
        if (hasPathParams || hasBody) {
            error(responses, "400", hasBody ? "a body that is not the documented JSON, or an invalid name or value"
                    : "an invalid name in the path");
        }
        if (hasBody) {
            error(responses, "413", "a body over STAGING_MAX_BODY_BYTES");
        }
    }

    /**
     * The annotations can only carry an example as text: as a JSON string it would be sent as a
     * string (quoted) by "Try it out", so a JSON example becomes the JSON value it spells.
     */
    private static void examplesAsJson(JsonNode contents) {
        contents.elements().forEachRemaining(content -> {
            JsonNode example = content.get("example");
            if (example != null && example.isTextual() && example.asText().matches("(?s)\\s*[\\[{].*")
                    && !content.path("schema").path("type").asText().equals("string")) {
                try {
                    ((ObjectNode) content).set("example", MAPPER.readTree(example.asText()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("An OpenAPI example is not JSON: " + example.asText(), e);
                }
            }
        });
    }

    /** Adds an error answer unless the route documents its own. */
    private static void error(ObjectNode responses, String status, String description) {
        if (responses.has(status)) {
            return;
        }
        ObjectNode response = responses.putObject(status).put("description", description);
        response.putObject("content").putObject("application/json").putObject("schema").put("$ref", ERROR_BODY);
    }
}
