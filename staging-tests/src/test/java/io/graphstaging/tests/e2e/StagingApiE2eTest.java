package io.graphstaging.tests.e2e;

import static io.graphstaging.tests.e2e.E2eServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the HTTP contract over real HTTP, with every adapter real: S3Proxy (signature
 * checks on), embedded PostgreSQL, DuckDB and LadybugDB files. Each test uses its own graph.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class StagingApiE2eTest {
    private static final String BUCKET = "e2e-api";
    private static final String S3 = "s3://" + BUCKET + "/";

    private S3ProxyServer s3;
    private E2eServer server;

    @BeforeAll
    void start(S3ProxyServer s3, PostgresTestServer postgres, @TempDir Path files) {
        this.s3 = s3;
        s3.createBucket(BUCKET);
        put("people/a.parquet", ParquetFiles.write(files.resolve("a.parquet"),
                "SELECT i AS identifier, 'a' || i AS name, CASE WHEN i % 2 = 0 THEN 'Technology' ELSE 'Retail' END AS industry"
                        + " FROM range(1, 101) t(i)"));
        put("people/b.parquet", ParquetFiles.write(files.resolve("b.parquet"),
                "SELECT i AS identifier, 'b' || i AS name, 'Energy' AS industry FROM range(51, 151) t(i)"));
        put("links/l.parquet", ParquetFiles.write(files.resolve("l.parquet"),
                "SELECT i AS \"from\", i + 1 AS \"to\", (i * 0.5)::DOUBLE AS weight FROM range(1, 51) t(i)"));
        put("other/shape.parquet", ParquetFiles.write(files.resolve("shape.parquet"), "SELECT 1 AS x, 'y' AS z"));
        put("big/rows.parquet", ParquetFiles.write(files.resolve("rows.parquet"),
                "SELECT i AS id, i * 2 AS twice, 'row ' || i AS label, i % 7 AS bucket FROM range(0, 300000) t(i)"));
        put("links/dangling.parquet", ParquetFiles.write(files.resolve("dangling.parquet"),
                "SELECT i AS \"from\", 1000 + i AS \"to\" FROM range(1, 21) t(i)"));
        s3.putObject(BUCKET, "bad/garbage.parquet", "this is not parquet".getBytes(StandardCharsets.UTF_8));
        // No waiting for a busy table: a conflicting operation is a 409 at once (tests run one at a time).
        server = E2eServer.start(s3, postgres, Map.of("STAGING_TABLE_LOCK_WAIT_MS", "0"));
    }

    private void put(String key, Path file) {
        s3.putObject(BUCKET, key, file);
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("detail").asText()).isNotBlank().doesNotContain("\tat ").doesNotContain("at io.graphstaging");
    }

    private HttpResponse<String> create(String graph, String table, Object pattern, Map<String, String> fileIds) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("table_name", table);
        body.put("s3_pattern", pattern);
        if (fileIds != null) {
            body.put("file_id_map", fileIds);
        }
        return server.post("/databases/" + graph + "/tables", body);
    }

    private JsonNode query(String graph, String sql, Object... parameters) {
        HttpResponse<String> response = server.post("/databases/" + graph + "/tables/query",
                Map.of("sql", sql, "parameters", List.of(parameters)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    @Test
    void createListQueryAndDeleteATable() {
        HttpResponse<String> created = create("g_tables", "people", S3 + "people/*.parquet", null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode c = json(created);
        assertThat(c.get("status").asText()).isEqualTo("success");
        assertThat(c.get("graph_id").asText()).isEqualTo("g_tables");
        assertThat(c.get("table_name").asText()).isEqualTo("people");
        assertThat(c.get("row_count").asLong()).isEqualTo(150);
        assertThat(c.get("file_count").asLong()).isEqualTo(2);
        assertThat(c.get("kind").asText()).isEqualTo("node");
        assertThat(c.get("execution_time_ms").asDouble()).isPositive();

        JsonNode list = json(server.get("/databases/g_tables/tables"));
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("table_name").asText()).isEqualTo("people");
        assertThat(list.get(0).get("row_count").asLong()).isEqualTo(150);
        assertThat(list.get(0).get("s3_location").asText()).isEqualTo(S3 + "people/*.parquet");
        assertThat(list.get(0).get("size_bytes").asLong()).isNotNegative();

        // The later file wins on dedupe: identifiers 51..100 come from b.parquet.
        JsonNode result = query("g_tables", "SELECT name FROM people WHERE identifier = ?", 60);
        assertThat(result.get("columns").get(0).asText()).isEqualTo("name");
        assertThat(result.get("rows").get(0).get(0).asText()).isEqualTo("b60");
        assertThat(result.get("row_count").asInt()).isEqualTo(1);
        JsonNode tech = query("g_tables", "SELECT count(*) FROM people WHERE industry = ?", "Technology");
        assertThat(tech.get("rows").get(0).get(0).asLong()).isEqualTo(25);

        assertThat(json(server.delete("/databases/g_tables/tables/people")).get("message").asText())
                .isEqualTo("Table people deleted");
        assertThat(server.delete("/databases/g_tables/tables/people").statusCode()).isEqualTo(200);
        assertThat(json(server.get("/databases/g_tables/tables"))).isEmpty();
    }

    @Test
    void appendFilesAndDeleteOneFilesRows() {
        assertThat(create("g_append", "people", List.of(S3 + "people/a.parquet"), Map.of(S3 + "people/a.parquet", "f_a"))
                .statusCode()).isEqualTo(200);
        HttpResponse<String> appended = server.post("/databases/g_append/tables/people/files",
                Map.of("s3_pattern", List.of(S3 + "people/b.parquet"), "file_id_map", Map.of(S3 + "people/b.parquet", "f_b")));
        assertThat(appended.statusCode()).as(appended.body()).isEqualTo(200);
        assertThat(json(appended).get("row_count").asLong()).isEqualTo(150);
        assertThat(json(appended).get("file_count").asLong()).isEqualTo(2);

        HttpResponse<String> again = server.post("/databases/g_append/tables/people/files",
                Map.of("s3_pattern", List.of(S3 + "people/a.parquet"), "file_id_map", Map.of(S3 + "people/a.parquet", "f_a")));
        assertThat(json(again).get("row_count").asLong()).as("a staged file is replaced, not doubled").isEqualTo(150);

        HttpResponse<String> deleted = server.delete("/databases/g_append/tables/people/files/f_b");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(json(deleted).get("rows_deleted").asLong()).isEqualTo(100);
        assertThat(query("g_append", "SELECT count(*) FROM people").get("rows").get(0).get(0).asLong()).isEqualTo(100);
        assertThat(json(server.delete("/databases/g_append/tables/people/files/unknown")).get("rows_deleted").asLong()).isZero();
        assertThat(json(server.delete("/databases/g_append/tables/missing/files/f_a")).get("rows_deleted").asLong()).isZero();

        assertError(server.post("/databases/g_append/tables/missing/files", Map.of("s3_pattern", S3 + "people/a.parquet")),
                404, "table_not_found");
        assertError(server.post("/databases/g_append/tables/people/files", Map.of("s3_pattern", S3 + "other/shape.parquet")),
                422, "schema_mismatch");
        assertThat(query("g_append", "SELECT count(*) FROM people").get("rows").get(0).get(0).asLong())
                .as("a refused append changes nothing").isEqualTo(100);

        assertThat(create("g_append", "plain_people", S3 + "people/a.parquet", null).statusCode()).isEqualTo(200);
        assertError(server.delete("/databases/g_append/tables/plain_people/files/f_a"), 400, "no_file_id_column");
    }

    @Test
    void createRefusesBadInputWithTheContractsCodes() {
        assertError(create("g_errors", "bad name!", S3 + "people/a.parquet", null), 400, "invalid_table_name");
        assertError(server.post("/databases/g_errors/tables",
                Map.of("table_name", "t", "s3_pattern", S3 + "people/a.parquet", "colour", "red")), 400, "invalid_request");
        assertError(server.post("/databases/g_errors/tables",
                Map.of("table_name", "t", "s3_pattern", S3 + "people/a.parquet", "graph_id", "other")), 400, "invalid_request");
        assertThat(server.post("/databases/g_errors/tables",
                Map.of("table_name", "t", "s3_pattern", S3 + "people/a.parquet", "graph_id", "g_errors")).statusCode())
                .as("graph_id equal to the path's is accepted").isEqualTo(200);
        assertError(create("g_errors", "t", "http://example.com/a.parquet", null), 400, "invalid_pattern");
        assertError(create("g_errors", "t", S3 + "nothing/*.parquet", null), 404, "object_not_found");
        assertError(create("g_errors", "t", List.of(S3 + "people/a.parquet", S3 + "people/zzz.parquet"), null),
                404, "object_not_found");
        assertError(create("g_errors", "t", S3 + "people/*.parquet", Map.of(S3 + "people/a.parquet", "f")), 400, "invalid_request");
        assertError(create("g_errors", "t", S3 + "bad/garbage.parquet", null), 422, "unreadable_file");
        assertError(server.get("/databases/bad.graph/tables"), 400, "invalid_graph_id");
        assertError(server.post("/databases/g_errors/tables", "{not json"), 400, "invalid_request");
        assertThat(json(server.get("/databases/g_errors/tables")).get(0).get("row_count").asLong())
                .as("failed creates left the table as it was").isEqualTo(100);
    }

    @Test
    void queriesAnswerAsJsonNdjsonAndSse() throws Exception {
        assertThat(create("g_query", "people", S3 + "people/*.parquet", null).statusCode()).isEqualTo(200);
        String sql = "{\"sql\": \"SELECT identifier, name FROM people ORDER BY identifier\"}";

        HttpResponse<String> ndjson = server.send(server.request("/databases/g_query/tables/query?chunk_size=40")
                .header("Accept", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(sql)));
        assertThat(ndjson.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : ndjson.body().split("\n")) {
            lines.add(E2eServer.JSON.readTree(line));
        }
        assertThat(lines).extracting(l -> l.get("chunk_index").asInt()).containsExactly(0, 1, 2, 3);
        assertThat(lines).extracting(l -> l.get("row_count").asInt()).containsExactly(40, 40, 40, 30);
        assertThat(lines).extracting(l -> l.get("is_last_chunk").asBoolean()).containsExactly(false, false, false, true);
        assertThat(lines.get(3).get("total_rows_sent").asInt()).isEqualTo(150);
        assertThat(lines.get(0).get("columns")).extracting(JsonNode::asText).containsExactly("identifier", "name");
        assertThat(lines.get(0).get("rows").get(0).get(0).asLong()).isEqualTo(1);

        HttpResponse<String> forced = server.send(server.request("/databases/g_query/tables/query?streaming=true&chunk_size=100")
                .POST(HttpRequest.BodyPublishers.ofString(sql)));
        assertThat(forced.body().split("\n")).as("streaming=true alone gives NDJSON").hasSize(2);

        HttpResponse<String> sse = server.send(server.request("/databases/g_query/tables/query?chunk_size=100")
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(sql)));
        assertThat(sse.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        List<String> events = new ArrayList<>();
        long rows = 0;
        for (String block : sse.body().split("\n\n")) {
            String[] fields = block.split("\n");
            String event = fields[0].substring("event: ".length());
            JsonNode data = E2eServer.JSON.readTree(fields[1].substring("data: ".length()));
            if (event.equals("chunk")) {
                rows += data.get("rows").size();
            }
            events.add(event);
        }
        assertThat(events).containsExactly("started", "chunk", "progress", "chunk", "progress", "completed");
        assertThat(rows).isEqualTo(150);

        HttpResponse<String> jsonForced = server.send(server.request("/databases/g_query/tables/query?streaming=false")
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(sql)));
        assertThat(json(jsonForced).get("row_count").asInt()).isEqualTo(150);

        assertError(server.post("/databases/g_query/tables/query", Map.of("sql", "SELECT * FROM read_csv('/etc/passwd')")),
                403, "query_forbidden");
        assertError(server.post("/databases/g_query/tables/query", Map.of("sql", "DROP TABLE people")), 403, "query_forbidden");
        assertError(server.post("/databases/g_query/tables/query", Map.of("sql", "SELEC nonsense")), 400, "invalid_sql");
        assertError(server.post("/databases/g_query/tables/query?chunk_size=5", Map.of("sql", "SELECT 1")), 400, "invalid_parameter");
        assertError(server.post("/databases/g_nowhere/tables/query", Map.of("sql", "SELECT 1")), 404, "graph_not_found");
        assertThat(json(server.get("/databases/g_nowhere/tables"))).isEmpty();
        assertThat(server.dir.resolve("duckdb-staging").resolve("g_nowhere.duckdb")).doesNotExist();
    }

    @Test
    void materializeNodesAndRelationshipsIntoTheGraph() {
        assertThat(create("g_graph", "people", S3 + "people/*.parquet", null).statusCode()).isEqualTo(200);
        assertThat(create("g_graph", "links", S3 + "links/l.parquet", null).statusCode()).isEqualTo(200);
        assertThat(json(server.get("/databases/g_graph/graph/tables"))).as("no graph database yet").isEmpty();

        HttpResponse<String> nodes = server.post("/databases/g_graph/tables/people/materialize", Map.of());
        assertThat(nodes.statusCode()).as(nodes.body()).isEqualTo(200);
        assertThat(json(nodes).get("status").asText()).isEqualTo("success");
        assertThat(json(nodes).get("rows_ingested").asLong()).isEqualTo(150);
        assertThat(json(nodes).get("rows_rejected").asLong()).isZero();

        HttpResponse<String> edges = server.post("/databases/g_graph/tables/links/materialize",
                Map.of("from_node_table", "people", "to_node_table", "people", "ignore_errors", false));
        assertThat(edges.statusCode()).as(edges.body()).isEqualTo(200);
        assertThat(json(edges).get("rows_ingested").asLong()).isEqualTo(50);

        JsonNode graphTables = json(server.get("/databases/g_graph/graph/tables"));
        assertThat(graphTables).hasSize(2);
        for (JsonNode t : graphTables) {
            if (t.get("kind").asText().equals("node")) {
                assertThat(t.get("table_name").asText()).isEqualTo("people");
                assertThat(t.get("row_count").asLong()).isEqualTo(150);
            } else {
                assertThat(t.get("kind").asText()).isEqualTo("relationship");
                assertThat(t.get("row_count").asLong()).isEqualTo(50);
            }
        }

        JsonNode skipped = json(server.post("/databases/g_graph/tables/nothing/materialize", Map.of()));
        assertThat(skipped.get("status").asText()).isEqualTo("skipped");
        assertThat(skipped.get("rows_ingested").asLong()).isZero();
    }

    @Test
    void rowsTheGraphRejectsAreCountedOrFailTheLoad() {
        assertThat(create("g_rejects", "people", S3 + "people/a.parquet", null).statusCode()).isEqualTo(200);
        assertThat(create("g_rejects", "dangling", S3 + "links/dangling.parquet", null).statusCode()).isEqualTo(200);
        assertThat(server.post("/databases/g_rejects/tables/people/materialize", Map.of()).statusCode()).isEqualTo(200);

        assertError(server.post("/databases/g_rejects/tables/dangling/materialize",
                Map.of("from_node_table", "people", "to_node_table", "people", "ignore_errors", false)), 422, "graph_rejected_rows");
        HttpResponse<String> counted = server.post("/databases/g_rejects/tables/dangling/materialize",
                Map.of("from_node_table", "people", "to_node_table", "people", "ignore_errors", true));
        assertThat(counted.statusCode()).as(counted.body()).isEqualTo(200);
        assertThat(json(counted).get("rows_ingested").asLong()).isZero();
        assertThat(json(counted).get("rows_rejected").asLong()).isEqualTo(20);
    }

    @Test
    void aConflictingOperationOnTheSameTableIsA409() throws Exception {
        String body = "{\"table_name\": \"rows\", \"s3_pattern\": \"" + S3 + "big/rows.parquet\"}";
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            concurrent.add(server.http.sendAsync(server.request("/databases/g_busy/tables")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var f : concurrent) {
            HttpResponse<String> response = f.get();
            statuses.add(response.statusCode());
            if (response.statusCode() == 409) {
                assertThat(json(response).get("code").asText()).isEqualTo("table_busy");
            }
        }
        assertThat(statuses).as("one create holds the table while it builds it").contains(200, 409);
        assertThat(statuses).allMatch(status -> status == 200 || status == 409);
    }

    @Test
    void registryRegistersFilesAndRefreshRebuildsFromIt() {
        HttpResponse<String> created = server.post("/databases/g_registry/registry/tables",
                Map.of("table_name", "people", "table_type", "node"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(server.post("/databases/g_registry/registry/tables", Map.of("table_name", "people", "table_type", "node"))
                .statusCode()).isEqualTo(200);
        assertError(server.post("/databases/g_registry/registry/tables", Map.of("table_name", "x", "table_type", "blob")),
                400, "invalid_request");

        HttpResponse<String> file = server.post("/databases/g_registry/registry/tables/people/files", Map.of(
                "s3_key", S3 + "people/a.parquet", "file_name", "a.parquet", "file_size_bytes", 1234,
                "upload_status", "completed"));
        assertThat(file.statusCode()).as(file.body()).isEqualTo(201);
        String fileId = json(file).get("file_id").asText();
        assertThat(fileId).startsWith("gf_");
        assertThat(server.post("/databases/g_registry/registry/tables/people/files", Map.of(
                "s3_key", S3 + "people/b.parquet", "file_name", "b.parquet", "file_size_bytes", 99)).statusCode()).isEqualTo(201);
        assertError(server.post("/databases/g_registry/registry/tables/unknown/files", Map.of(
                "s3_key", S3 + "people/a.parquet", "file_name", "a.parquet", "file_size_bytes", 1)), 404, "registry_table_not_found");

        HttpResponse<String> refreshed = server.post("/databases/g_registry/tables/people/refresh", "");
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(json(refreshed).get("file_count").asLong()).isEqualTo(1);
        assertThat(json(refreshed).get("row_count").asLong()).isEqualTo(100);

        JsonNode files = json(server.get("/databases/g_registry/registry/tables/people/files"));
        assertThat(files).hasSize(2);
        JsonNode staged = files.get(0).get("file_id").asText().equals(fileId) ? files.get(0) : files.get(1);
        assertThat(staged.get("upload_status").asText()).isEqualTo("completed");
        assertThat(staged.get("duckdb_status").asText()).isEqualTo("staged");
        assertThat(staged.get("duckdb_row_count").asLong()).isEqualTo(100);
        assertThat(staged.get("graph_status").asText()).isEqualTo("pending");
        assertThat(staged.get("created_at").asText()).isNotBlank();
        assertThat(query("g_registry", "SELECT DISTINCT file_id FROM people").get("rows").get(0).get(0).asText()).isEqualTo(fileId);

        assertError(server.post("/databases/g_registry/tables/unknown/refresh", ""), 404, "registry_table_not_found");
        server.post("/databases/g_registry/registry/tables", Map.of("table_name", "pending_only", "table_type", "node"));
        server.post("/databases/g_registry/registry/tables/pending_only/files", Map.of(
                "s3_key", S3 + "people/a.parquet", "file_name", "a.parquet", "file_size_bytes", 1, "upload_status", "uploading"));
        assertError(server.post("/databases/g_registry/tables/pending_only/refresh", ""), 400, "no_completed_files");
    }

    @Test
    void operationsRoutesReportHealthVersionsStatsAndMetrics() {
        HttpResponse<String> health = server.get("/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("healthy");
        assertThat(json(health).get("checks").get("registry").asText()).isEqualTo("ok");

        JsonNode info = json(server.get("/info"));
        assertThat(info.get("version").asText()).isNotEqualTo("unknown");
        assertThat(info.get("duckdb_version").asText()).as("asked of the engine").matches("v\\d+\\.\\d+\\.\\d+.*");
        assertThat(info.get("ladybug_version").asText()).isNotBlank();

        assertThat(create("g_ops", "people", S3 + "people/a.parquet", null).statusCode()).isEqualTo(200);
        JsonNode stats = json(server.get("/stats"));
        assertThat(stats.has("total_connections")).isTrue();
        assertThat(stats.get("database_pools").has("g_ops")).isTrue();
        assertThat(stats.has("configuration")).isTrue();

        HttpResponse<String> metrics = server.get("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(metrics.body()).contains("http_server_requests_seconds_count{")
                .contains("route=\"/databases/{graph_id}/tables\"")
                .contains("staging_rows_staged_total").contains("staging_pool_connections");

        assertThat(json(server.get("/openapi.json")).get("paths").has("/databases/{graph_id}/tables/query")).isTrue();
        assertThat(server.get("/docs").body()).containsIgnoringCase("swagger");

        Path file = server.dir.resolve("duckdb-staging").resolve("g_ops.duckdb");
        assertThat(file).exists();
        HttpResponse<String> cleaned = server.delete("/databases/g_ops");
        assertThat(cleaned.statusCode()).isEqualTo(200);
        assertThat(file).doesNotExist();
        assertThat(json(server.get("/databases/g_ops/tables"))).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIsA413() {
        String huge = "{\"sql\": \"" + "x".repeat(11 * 1024 * 1024) + "\"}";
        assertError(server.post("/databases/g_query/tables/query", huge), 413, "payload_too_large");
    }

    @Test
    void aStreamingClientThatDisconnectsFreesItsConnection() throws Exception {
        assertThat(create("g_disconnect", "rows", S3 + "big/rows.parquet", null).statusCode()).isEqualTo(200);
        String body = "{\"sql\": \"SELECT * FROM rows\"}";
        try (Socket socket = new Socket("127.0.0.1", server.process.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /databases/g_disconnect/tables/query?chunk_size=100 HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: application/x-ndjson\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            int chunks = 0;
            String line;
            while (chunks < 3 && (line = in.readLine()) != null) {
                if (line.contains("\"chunk_index\"")) {
                    chunks++;
                }
            }
            assertThat(chunks).isEqualTo(3);
        }
        // The server notices on its next writes; wait (bounded) until the connection is back in the pool.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        int inUse;
        do {
            Thread.sleep(100);
            inUse = json(server.get("/stats")).get("database_pools").get("g_disconnect").get("in_use").asInt();
        } while (inUse > 0 && Instant.now().isBefore(deadline));
        assertThat(inUse).as("the stopped query gave its connection back").isZero();
        assertThat(query("g_disconnect", "SELECT count(*) FROM rows").get("rows").get(0).get(0).asLong()).isEqualTo(300000);
    }

    @Test
    void anObjectStoreThatIsDownIsA502() throws Exception {
        s3.stop();
        try {
            assertError(create("g_s3down", "people", S3 + "people/a.parquet", null), 502, "object_store_failed");
            HttpResponse<String> health = healthOnceFresh(503);
            assertThat(json(health).get("checks").get("object_store").asText()).isNotEqualTo("ok");
            assertThat(json(health).get("checks").get("duckdb").asText()).isEqualTo("ok");
        } finally {
            s3.restart();
        }
        assertThat(healthOnceFresh(200).statusCode()).isEqualTo(200);
    }

    /** /health answers from a check at most a second old: wait (bounded) for a check made after the change. */
    private HttpResponse<String> healthOnceFresh(int status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        HttpResponse<String> health = server.get("/health");
        while (health.statusCode() != status && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            health = server.get("/health");
        }
        assertThat(health.statusCode()).as(health.body()).isEqualTo(status);
        return health;
    }

    @Test
    void unknownRoutesAreCleanErrors() {
        HttpResponse<String> none = server.get("/nothing/here");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(json(none).get("code").asText()).isEqualTo("not_found");
    }
}
