package io.graphstaging.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API document the server serves, as a client generator or Swagger's "Try it out" reads it:
 * parsed and validated by the swagger-parser, every operation with an id, a workflow tag, the API
 * key as its security and its error answers; then every operation called as documented (its
 * examples, its path parameters' examples, the key sent as Authorize sends it) on a server with
 * the README's demo files, each answer's status one the document lists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class OpenApiE2eTest {
    private static final String KEY = "openapi-test-key";
    private static final List<String> WORKFLOW = List.of("stage", "query", "materialize", "graph", "tasks");

    private E2eServer server;
    private OpenAPI api;

    @BeforeAll
    void start(S3ProxyServer s3, PostgresTestServer postgres, @TempDir Path files) {
        s3.createBucket("demo");
        s3.putObject("demo", "people.parquet", ParquetFiles.write(files.resolve("people.parquet"),
                "SELECT i AS identifier, 'person ' || i AS name FROM range(1, 1001) t(i)"));
        server = E2eServer.start(s3, postgres, Map.of("STAGING_API_KEY", KEY));
        HttpResponse<String> document = server.get("/openapi.json");
        assertThat(document.statusCode()).as("the document needs no key").isEqualTo(200);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document.body(), null, options);
        assertThat(parsed.getMessages()).as("the parser's findings").isEmpty();
        api = parsed.getOpenAPI();
        assertThat(api).isNotNull();
    }

    @AfterAll
    void stop() throws java.io.IOException {
        if (server != null) {
            server.close();
        }
    }

    private record Call(String path, PathItem.HttpMethod method, Operation operation) {}

    private List<Call> calls() {
        List<Call> calls = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> calls.add(new Call(path, method, operation))));
        return calls;
    }

    @Test
    void everyOperationHasAnIdAWorkflowTagTheKeyAndItsErrors() {
        assertThat(api.getTags()).extracting(Tag::getName).startsWith(WORKFLOW.toArray(String[]::new));
        Set<String> tags = new HashSet<>(api.getTags().stream().map(Tag::getName).toList());
        SecurityScheme key = api.getComponents().getSecuritySchemes().get("ApiKey");
        assertThat(key.getType()).isEqualTo(SecurityScheme.Type.APIKEY);
        assertThat(key.getIn()).isEqualTo(SecurityScheme.In.HEADER);
        assertThat(key.getName()).isEqualTo("X-Graph-API-Key");
        assertThat(api.getSecurity()).as("the default for every operation").isNotEmpty()
                .anySatisfy(requirement -> assertThat(requirement).containsKey("ApiKey"));

        Set<String> ids = new HashSet<>();
        for (Call call : calls()) {
            Operation op = call.operation();
            String name = call.method() + " " + call.path();
            assertThat(op.getOperationId()).as(name).isNotBlank();
            assertThat(ids.add(op.getOperationId())).as("unique id " + op.getOperationId()).isTrue();
            assertThat(op.getTags()).as(name).hasSize(1);
            assertThat(tags).as(name).contains(op.getTags().get(0));
            boolean open = Set.of("/health", "/info", "/metrics", "/ready").contains(call.path());
            if (open) {
                assertThat(op.getSecurity()).as(name + " needs no key").isEmpty();
            } else {
                assertThat(op.getSecurity()).as(name + " inherits the key").isNull();
                assertThat(op.getResponses()).as(name).containsKeys("401", "429");
            }
            if (op.getRequestBody() != null) {
                assertThat(op.getResponses()).as(name).containsKeys("400", "413");
                MediaType json = op.getRequestBody().getContent().get("application/json");
                assertThat(json.getExample()).as(name + " has an example").isNotNull();
                String example = text(json.getExample());
                assertThat(example).as(name).startsWith("{").isNotEqualTo("{}").doesNotContain("\"string\"")
                        .doesNotContain(": {}");
            }
            for (Parameter parameter : op.getParameters() == null ? List.<Parameter>of() : op.getParameters()) {
                if ("path".equals(parameter.getIn())) {
                    assertThat(parameter.getExample()).as(name + " " + parameter.getName()).isNotNull();
                }
            }
        }
    }

    @Test
    void everyOperationCalledAsDocumentedAnswersADocumentedStatus() {
        // The workflow's order, and what removes data last: stage before query before materialize...
        List<Call> ordered = new ArrayList<>(calls());
        List<String> tagOrder = api.getTags().stream().map(Tag::getName).toList();
        ordered.sort(Comparator.<Call>comparingInt(c -> c.method() == PathItem.HttpMethod.DELETE ? 1 : 0)
                .thenComparingInt(c -> c.method() == PathItem.HttpMethod.DELETE && c.path().equals("/databases/{graph_id}") ? 1 : 0)
                .thenComparingInt(c -> tagOrder.indexOf(c.operation().getTags().get(0))));
        server.withHeader("X-Graph-API-Key", KEY);
        List<String> answers = new ArrayList<>();
        for (Call call : ordered) {
            Operation op = call.operation();
            String path = call.path();
            for (Parameter parameter : op.getParameters() == null ? List.<Parameter>of() : op.getParameters()) {
                if ("path".equals(parameter.getIn())) {
                    path = path.replace("{" + parameter.getName() + "}", String.valueOf(parameter.getExample()));
                }
            }
            HttpRequest.Builder request = server.request(path);
            MediaType json = op.getRequestBody() == null ? null : op.getRequestBody().getContent().get("application/json");
            String body = json == null ? null : text(json.getExample());
            request.method(call.method().name(), body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> answer = server.send(request);
            String what = op.getOperationId() + " " + call.method() + " " + path + " " + body + " -> " + answer.statusCode()
                    + " " + answer.body();
            answers.add(what);
            assertThat(op.getResponses()).as("documented status: " + what).containsKey(Integer.toString(answer.statusCode()));
            if (body != null) {
                assertThat(answer.statusCode()).as("the example works as written: " + what).isBetween(200, 299);
            }
        }
        assertThat(answers).as("every operation was called").hasSize(calls().size());
    }

    private static String text(Object example) {
        if (example instanceof String s) {
            return s;
        }
        try {
            return Json.mapper().writeValueAsString(example);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
