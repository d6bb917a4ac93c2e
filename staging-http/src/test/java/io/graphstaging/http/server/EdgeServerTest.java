package io.graphstaging.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.limit.QueryLimits;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.GraphQueries;
import io.graphstaging.core.port.GraphSchema;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.port.SyncPlanner;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.port.StagingMaintenance;
import io.graphstaging.core.port.StagingQueries;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.task.TaskStore;
import io.graphstaging.core.testing.InMemoryFileRegistry;
import io.graphstaging.core.testing.InMemoryTaskStore;
import io.graphstaging.bootstrap.PlatformModule;
import io.graphstaging.http.bootstrap.ServerAssembly;
import io.graphstaging.http.call.QueryCalls;
import io.graphstaging.http.config.HttpConfig;
import io.graphstaging.http.error.PathRedaction;
import io.graphstaging.http.stream.ClientGoneException;
import io.graphstaging.http.testing.IdleMaintenance;
import io.graphstaging.http.testing.ScriptedQueries;
import io.graphstaging.http.testing.UnusedPorts;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge's own mechanics over real HTTP (Javalin and Jetty as in production): auth and lockout,
 * the body limit while reading, request ids, error bodies, the generated spec, stream framing,
 * a disconnecting client, graceful shutdown. The ports behind are test doubles (the real
 * adapters are exercised end to end in staging-tests).
 */
class EdgeServerTest {
    private static final String KEY = "test-key-123";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ScriptedQueries queries = new ScriptedQueries();
    private final IdleMaintenance maintenance = new IdleMaintenance();
    @TempDir
    Path stagingDir;
    private ServerAssembly server;
    private String base;

    @BeforeEach
    void start() {
        start(HttpConfig.defaults().withListenAddress("127.0.0.1", 0).withApiKey(KEY).withMaxBodyBytes(1024)
                .withShutdownGrace(Duration.ofSeconds(10)).withTableLockWait(Duration.ofSeconds(1)));
    }

    private void start(HttpConfig config) {
        Module ports = new AbstractModule() {
            @Override
            protected void configure() {
                bind(StagingQueries.class).toInstance(queries);
                bind(StagingMaintenance.class).toInstance(maintenance);
                bind(FileRegistry.class).toInstance(new InMemoryFileRegistry());
                bind(TaskStore.class).toInstance(new InMemoryTaskStore(Clock.systemUTC()));
                bind(StagingStore.class).toInstance(UnusedPorts.of(StagingStore.class));
                bind(ObjectStore.class).toInstance(UnusedPorts.of(ObjectStore.class));
                bind(GraphSink.class).toInstance(UnusedPorts.of(GraphSink.class));
                bind(GraphQueries.class).toInstance(UnusedPorts.of(GraphQueries.class));
                bind(GraphSchema.class).toInstance(UnusedPorts.of(GraphSchema.class));
                bind(SyncPlanner.class).toInstance(UnusedPorts.of(SyncPlanner.class));
            }
        };
        // The platform-wide values (query limits and what enforces them) as the composition binds them.
        Module platform = new PlatformModule(new SpoolDirectory(Path.of("unused-spool")), MemoryBudget.unlimited(),
                QueryLimits.defaults(Runtime.getRuntime().maxMemory(), 2));
        server = ServerAssembly.create(config, new PathRedaction(Map.of("DUCKDB_STAGING_DIR", stagingDir)), Clock.systemUTC(),
                List.of(platform, ports));
        base = "http://127.0.0.1:" + server.start();
    }

    @AfterEach
    void stop() {
        queries.release.countDown();
        server.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("X-Graph-API-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void exemptRoutesAnswerWithoutAKeyAndOthersNeedIt() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health"))).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/info"))).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/metrics"))).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/openapi.json"))).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/docs"))).statusCode()).isEqualTo(200);

        HttpResponse<String> missing = send(HttpRequest.newBuilder(URI.create(base + "/stats")));
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(missing).get("code").asText()).isEqualTo("unauthorized");
        HttpResponse<String> bearer = send(HttpRequest.newBuilder(URI.create(base + "/stats"))
                .header("Authorization", "Bearer " + KEY));
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(json(bearer).has("total_connections")).isTrue();
    }

    @Test
    void tenFailuresLockTheClientOutEvenWithTheRightKey() throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create(base + "/stats"))
                    .header("X-Graph-API-Key", "wrong-" + i));
            assertThat(wrong.statusCode()).as("attempt %d", i + 1).isEqualTo(401);
        }
        HttpResponse<String> locked = send(HttpRequest.newBuilder(URI.create(base + "/stats"))
                .header("X-Graph-API-Key", KEY));
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(json(locked).get("code").asText()).isEqualTo("too_many_auth_failures");
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health"))).statusCode())
                .as("exempt routes stay open").isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhileReadingEvenWithoutALength() throws Exception {
        byte[] big = ("{\"sql\": \"" + "x".repeat(4096) + "\"}").getBytes(StandardCharsets.UTF_8);
        // ofInputStream has no known length: the body goes chunked, with no Content-Length to check.
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(URI.create(base + "/databases/g1/tables/query"))
                .header("X-Graph-API-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(json(chunked).get("code").asText()).isEqualTo("payload_too_large");

        HttpResponse<String> declared = send(post("/databases/g1/tables/query", new String(big, StandardCharsets.UTF_8)));
        assertThat(declared.statusCode()).isEqualTo(413);
    }

    @Test
    void badInputIsA400WithAStableCode() throws Exception {
        HttpResponse<String> unknownField = send(post("/databases/g1/tables/query", "{\"sql\": \"x\", \"nope\": 1}"));
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(json(unknownField).get("code").asText()).isEqualTo("invalid_request");
        assertThat(json(unknownField).get("detail").asText()).contains("nope");

        HttpResponse<String> badGraph = send(post("/databases/bad.graph/tables/query", "{\"sql\": \"x\"}"));
        assertThat(badGraph.statusCode()).isEqualTo(400);
        assertThat(json(badGraph).get("code").asText()).isEqualTo("invalid_graph_id");

        HttpResponse<String> otherGraph = send(post("/databases/g1/tables/query", "{\"sql\": \"x\", \"graph_id\": \"g2\"}"));
        assertThat(otherGraph.statusCode()).isEqualTo(400);

        HttpResponse<String> chunkSize = send(post("/databases/g1/tables/query?chunk_size=5", "{\"sql\": \"x\"}"));
        assertThat(chunkSize.statusCode()).isEqualTo(400);
        assertThat(json(chunkSize).get("code").asText()).isEqualTo("invalid_parameter");

        HttpResponse<String> forbidden = send(post("/databases/g1/tables/query?streaming=true", "{\"sql\": \"forbidden\"}"));
        assertThat(forbidden.statusCode()).as("refused before the stream began").isEqualTo(403);
        assertThat(json(forbidden).get("code").asText()).isEqualTo("query_forbidden");

        HttpResponse<String> noRoute = send(HttpRequest.newBuilder(URI.create(base + "/nope")).header("X-Graph-API-Key", KEY));
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(json(noRoute).get("code").asText()).isEqualTo("not_found");
    }

    @Test
    void requestIdsAreEchoedOrMade() throws Exception {
        HttpResponse<String> given = send(HttpRequest.newBuilder(URI.create(base + "/health")).header("X-Request-Id", "abc-123"));
        assertThat(given.headers().firstValue("X-Request-Id")).contains("abc-123");
        HttpResponse<String> made = send(HttpRequest.newBuilder(URI.create(base + "/health")));
        assertThat(made.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).hasSize(36));
    }

    @Test
    void theSpecIsGeneratedFromTheRoutesInSnakeCase() throws Exception {
        JsonNode spec = json(send(HttpRequest.newBuilder(URI.create(base + "/openapi.json"))));
        List<String> paths = new ArrayList<>();
        spec.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/databases/{graph_id}/tables", "/databases/{graph_id}/tables/query",
                "/databases/{graph_id}/tables/{table_name}/files", "/databases/{graph_id}/tables/{table_name}",
                "/databases/{graph_id}/tables/{table_name}/files/{file_id}",
                "/databases/{graph_id}/tables/{table_name}/refresh", "/databases/{graph_id}/tables/{table_name}/materialize",
                "/databases/{graph_id}/registry/tables", "/databases/{graph_id}/registry/tables/{table_name}/files",
                "/databases/{graph_id}/graph/tables", "/databases/{graph_id}", "/stats", "/health", "/info", "/metrics",
                "/databases/{graph_id}/query", "/databases", "/databases/{graph_id}/schema",
                "/databases/{graph_id}/graph/tables/{table_name}", "/databases/{graph_id}/staging");
        JsonNode stage = spec.at("/components/schemas/StageResponse/properties");
        assertThat(stage.has("execution_time_ms")).isTrue();
        assertThat(stage.has("executionTimeMs")).isFalse();
        assertThat(spec.at("/components/securitySchemes/ApiKey/name").asText()).isEqualTo("X-Graph-API-Key");
    }

    @Test
    void jsonNdjsonAndSseCarryTheSameRows() throws Exception {
        JsonNode whole = json(send(post("/databases/g1/tables/query", "{\"sql\": \"rows\"}")));
        assertThat(whole.get("columns")).hasSize(2);
        assertThat(whole.get("row_count").asInt()).isEqualTo(25);

        HttpResponse<String> ndjson = send(post("/databases/g1/tables/query?chunk_size=10", "{\"sql\": \"rows\"}")
                .header("Accept", "application/x-ndjson"));
        assertThat(ndjson.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : ndjson.body().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(3);
        assertThat(lines).extracting(l -> l.get("chunk_index").asInt()).containsExactly(0, 1, 2);
        assertThat(lines).extracting(l -> l.get("is_last_chunk").asBoolean()).containsExactly(false, false, true);
        assertThat(lines.get(2).get("total_rows_sent").asInt()).isEqualTo(25);

        HttpResponse<String> sse = send(post("/databases/g1/tables/query?chunk_size=10", "{\"sql\": \"rows\"}")
                .header("Accept", "text/event-stream"));
        List<String> events = new ArrayList<>();
        for (String block : sse.body().split("\n\n")) {
            String[] fields = block.split("\n");
            assertThat(fields[0]).startsWith("event: ");
            assertThat(fields[1]).startsWith("data: ");
            JSON.readTree(fields[1].substring(6));
            events.add(fields[0].substring(7));
        }
        assertThat(events).containsExactly("started", "chunk", "progress", "chunk", "progress", "chunk", "progress", "completed");
    }

    @Test
    void aFailureAfterTheStreamBeganIsItsLastMessage() throws Exception {
        HttpResponse<String> ndjson = send(post("/databases/g1/tables/query?chunk_size=10", "{\"sql\": \"fail_after_first\"}")
                .header("Accept", "application/x-ndjson"));
        assertThat(ndjson.statusCode()).isEqualTo(200);
        String[] lines = ndjson.body().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode error = JSON.readTree(lines[1]);
        assertThat(error.get("error_type").asText()).isEqualTo("staging_failed");
        assertThat(error.get("is_last_chunk").asBoolean()).isTrue();

        HttpResponse<String> sse = send(post("/databases/g1/tables/query?chunk_size=10", "{\"sql\": \"fail_after_first\"}")
                .header("Accept", "text/event-stream"));
        assertThat(sse.body()).contains("event: error\n").doesNotContain("event: completed");
    }

    @Test
    void aClientThatDisconnectsStopsTheQuery() throws Exception {
        String body = "{\"sql\": \"endless\"}";
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /databases/g1/tables/query?chunk_size=1000 HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-Graph-API-Key: " + KEY + "\r\nAccept: application/x-ndjson\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            String line;
            int chunkLines = 0;
            while ((line = in.readLine()) != null && chunkLines < 3) {
                if (line.contains("\"chunk_index\"")) {
                    chunkLines++;
                }
            }
            assertThat(chunkLines).isEqualTo(3);
        }
        assertThat(queries.consumerThrew.await(30, TimeUnit.SECONDS)).as("the store saw the consumer throw").isTrue();
        assertThat(queries.thrown.get()).isInstanceOf(ClientGoneException.class);
    }

    @Test
    void shutdownRefusesNewRequestsAndLetsRunningOnesFinish() throws Exception {
        CompletableFuture<HttpResponse<String>> running = http.sendAsync(post("/databases/g1/tables/query", "{\"sql\": \"slow\"}").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(queries.slowStarted.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
        HttpResponse<String> refused;
        do {
            refused = send(HttpRequest.newBuilder(URI.create(base + "/health")));
        } while (refused.statusCode() == 200 && !stopping.isDone());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(json(refused).get("code").asText()).isEqualTo("shutting_down");
        assertThat(stopping).isNotDone();

        queries.release.countDown();
        assertThat(running.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        stopping.get(30, TimeUnit.SECONDS);
    }

    /** Sends raw bytes (what an HTTP client would refuse to send) and returns status line, headers and body. */
    private String raw(String request, boolean closeOutput) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            if (closeOutput) {
                socket.shutdownOutput();
            }
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode rawJsonBody(String response) throws Exception {
        assertThat(response).containsIgnoringCase("Content-Type: application/json");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        // A chunked body: take the JSON object out of its framing.
        return JSON.readTree(body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1));
    }

    @Test
    void errorsBelowTheRoutesHaveTheJsonBody() throws Exception {
        HttpResponse<String> traversal = send(HttpRequest.newBuilder(URI.create(base + "/databases/..%2F..%2Fetc/tables"))
                .header("X-Graph-API-Key", KEY));
        assertThat(traversal.statusCode()).as(traversal.body()).isEqualTo(400);
        assertThat(traversal.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json(traversal).get("code").asText()).isIn("invalid_request", "invalid_graph_id");

        HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(URI.create(base + "/databases/g1/tables"))
                .header("X-Graph-API-Key", KEY).PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod).get("code").asText()).isEqualTo("method_not_allowed");

        String truncated = raw("POST /databases/g1/tables/query HTTP/1.1\r\nHost: localhost\r\nX-Graph-API-Key: " + KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"sql\": \"ro", true);
        assertThat(truncated).startsWith("HTTP/1.1 400");
        assertThat(rawJsonBody(truncated).get("code").asText()).isEqualTo("invalid_request");

        String badHeader = raw("GET /health HTTP/1.1\r\nHost: localhost\r\nNo colon in this header\r\n\r\n", false);
        assertThat(badHeader).startsWith("HTTP/1.1 400").doesNotContain("<html").doesNotContain("<h1>");
        assertThat(rawJsonBody(badHeader).get("code").asText()).isEqualTo("invalid_request");

        String badChunk = raw("POST /databases/g1/tables/query HTTP/1.1\r\nHost: localhost\r\nX-Graph-API-Key: " + KEY
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n", true);
        assertThat(badChunk).startsWith("HTTP/1.1 400").doesNotContain("<h1>");
        assertThat(rawJsonBody(badChunk).get("code").asText()).isEqualTo("invalid_request");
    }

    @Test
    void errorDetailsAreCutAndHideTheServersDirectories() throws Exception {
        StringBuilder missing = new StringBuilder("These objects do not exist:");
        for (int i = 0; i < 20_000; i++) {
            missing.append(" s3://bucket/missing/file-").append(i).append(".parquet");
        }
        queries.failure.set(new StagingException(ErrorCode.OBJECT_NOT_FOUND, missing.toString()));
        HttpResponse<String> long404 = send(post("/databases/g1/tables/query", "{\"sql\": \"fail\"}"));
        assertThat(long404.statusCode()).isEqualTo(404);
        assertThat(json(long404).get("detail").asText()).hasSizeLessThan(2_100).contains("more characters left out");
        assertThat(long404.body().length()).isLessThan(3_000);

        queries.failure.set(new StagingException(ErrorCode.STAGING_FAILED,
                "Cannot write " + stagingDir.resolve("g1.duckdb").toAbsolutePath()));
        HttpResponse<String> pathy = send(post("/databases/g1/tables/query", "{\"sql\": \"fail\"}"));
        assertThat(pathy.statusCode()).isEqualTo(500);
        assertThat(json(pathy).get("detail").asText()).isEqualTo("Cannot write <DUCKDB_STAGING_DIR>/g1.duckdb");
        assertThat(pathy.body()).doesNotContain(stagingDir.toString());
    }

    @Test
    void aHeapErrorIsAnInternalErrorNeverABadRequest() throws Exception {
        for (String accept : List.of("application/json", "application/x-ndjson")) {
            HttpResponse<String> answer = send(post("/databases/g1/tables/query", "{\"sql\": \"out_of_memory\"}")
                    .header("Accept", accept));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
            assertThat(json(answer).get("code").asText()).isEqualTo("internal");
            assertThat(json(answer).get("detail").asText()).contains("ran out of memory");
        }
        assertThat(send(post("/databases/g1/tables/query", "{\"sql\": \"rows\"}")).statusCode())
                .as("the server answers on").isEqualTo(200);
    }

    @Test
    void queryParametersThatWouldBindWronglyAreRefused() throws Exception {
        HttpResponse<String> infinite = send(post("/databases/g1/tables/query",
                "{\"sql\": \"rows\", \"parameters\": [\"a\", 1e400]}"));
        assertThat(infinite.statusCode()).as(infinite.body()).isEqualTo(400);
        assertThat(json(infinite).get("code").asText()).isEqualTo("invalid_parameter");
        assertThat(json(infinite).get("detail").asText()).contains("parameter 2").contains("double");

        HttpResponse<String> tiny = send(post("/databases/g1/tables/query", "{\"sql\": \"rows\", \"parameters\": [1e-400]}"));
        assertThat(tiny.statusCode()).as(tiny.body()).isEqualTo(400);

        HttpResponse<String> fine = send(post("/databases/g1/tables/query",
                "{\"sql\": \"rows\", \"parameters\": [9223372036854775807, 12345678901234567890, 0.1, -2.5e300, \"x\", true, null]}"));
        assertThat(fine.statusCode()).as(fine.body()).isEqualTo(200);
    }

    @Test
    void aClientThatGoesAwayWhileItsQueryComputesStopsTheQuery() throws Exception {
        String body = "{\"sql\": \"slow\"}";
        long closedAt;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /databases/g1/tables/query HTTP/1.1\r\nHost: localhost\r\nX-Graph-API-Key: " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(queries.slowStarted.await(30, TimeUnit.SECONDS)).isTrue();
            closedAt = System.nanoTime();
        }

        assertThat(queries.cancelled.await(10, TimeUnit.SECONDS)).as("the query was cancelled").isTrue();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt);
        System.out.println("Query cancelled " + millis + " ms after its client closed the connection");
        QueryCalls calls = server.injector().getInstance(QueryCalls.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (calls.inProgress(GraphId.of("g1")) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(calls.inProgress(GraphId.of("g1"))).as("the call ended").isZero();
    }

    @Test
    void aStopCancelsQueriesStillRunningAfterTheGracePeriod() throws Exception {
        server.close();
        start(HttpConfig.defaults().withListenAddress("127.0.0.1", 0).withApiKey(KEY)
                .withShutdownGrace(Duration.ofSeconds(1)));
        CompletableFuture<HttpResponse<String>> stuck = http.sendAsync(post("/databases/g1/tables/query",
                "{\"sql\": \"slow\"}").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(queries.slowStarted.await(30, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        server.close();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        System.out.println("Stopped in " + millis + " ms with a stuck query and a grace period of 1 s");
        assertThat(queries.cancelled.getCount()).as("the stuck query was cancelled").isZero();
        assertThat(millis).as("about the grace period, not the query's run time").isLessThan(10_000);
        HttpResponse<String> answer = stuck.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(json(answer).get("code").asText()).isEqualTo("shutting_down");
    }

    @Test
    void healthIsCheckedAtMostOnceASecondHoweverManyAsk() throws Exception {
        int clients = 16;
        List<CompletableFuture<Void>> hammering = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            hammering.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 25; i++) {
                    try {
                        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health"))).statusCode()).isEqualTo(200);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        CompletableFuture.allOf(hammering.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        assertThat(maintenance.healthChecks.get()).as("%d requests in %d s", clients * 25, seconds)
                .isLessThanOrEqualTo((int) seconds + 2);
    }

    @Test
    void healthNamesTheBrokenPartWithoutPaths() throws Exception {
        maintenance.healthFailure.set(new StagingException(ErrorCode.STORAGE_FULL,
                "No space left under " + stagingDir.toAbsolutePath() + " (graph g7)"));

        HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(base + "/health")));

        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode body = json(health);
        assertThat(body.get("status").asText()).isEqualTo("unhealthy");
        assertThat(body.at("/checks/duckdb").asText()).isEqualTo("storage_full: No space left under <DUCKDB_STAGING_DIR> (graph g7)");
        assertThat(body.at("/checks/registry").asText()).isEqualTo("ok");
        assertThat(body.get("uptime_seconds").isNumber()).isTrue();
        assertThat(body.has("memory_rss_mb")).isTrue();
        assertThat(health.body()).doesNotContain(stagingDir.toString());
    }
}
