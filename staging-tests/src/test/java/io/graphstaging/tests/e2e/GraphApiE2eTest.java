package io.graphstaging.tests.e2e;

import static io.graphstaging.tests.e2e.E2eServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph half of the API over real HTTP with the real server: read-only Cypher, values in JSON
 * answers on both query routes, schema and delete routes. Each test uses its own graph.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class GraphApiE2eTest {
    private static final String BUCKET = "e2e-graph";
    private static final String S3 = "s3://" + BUCKET + "/";

    private S3ProxyServer s3;
    private E2eServer server;

    @BeforeAll
    void start(S3ProxyServer s3, PostgresTestServer postgres, @TempDir Path files) {
        this.s3 = s3;
        s3.createBucket(BUCKET);
        s3.putObject(BUCKET, "people/a.parquet", ParquetFiles.write(files.resolve("a.parquet"),
                "SELECT i AS identifier, 'n' || i AS name FROM range(1, 26) t(i)"));
        s3.putObject(BUCKET, "links/l.parquet", ParquetFiles.write(files.resolve("l.parquet"),
                "SELECT i AS \"from\", i + 1 AS \"to\" FROM range(1, 11) t(i)"));
        server = E2eServer.start(s3, postgres, Map.of());
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("detail").asText()).isNotBlank().doesNotContain("\tat ").doesNotContain("/tmp/");
    }

    private void stageAndMaterialize(String graph) {
        HttpResponse<String> created = server.post("/databases/" + graph + "/tables",
                Map.of("table_name", "people", "s3_pattern", S3 + "people/a.parquet"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        HttpResponse<String> nodes = server.post("/databases/" + graph + "/tables/people/materialize", Map.of());
        assertThat(nodes.statusCode()).as(nodes.body()).isEqualTo(200);
    }

    private HttpResponse<String> cypher(String graph, String cypher, Map<String, Object> parameters) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cypher", cypher);
        body.put("parameters", parameters);
        return server.post("/databases/" + graph + "/query", body);
    }

    private long people(String graph) {
        HttpResponse<String> count = cypher(graph, "MATCH (p:people) RETURN count(p) AS n", Map.of());
        assertThat(count.statusCode()).as(count.body()).isEqualTo(200);
        return json(count).get("data").get(0).get("n").asLong();
    }

    @Test
    void cypherAnswersInTheOriginalShapeAndStreams() throws Exception {
        stageAndMaterialize("g_cypher");

        HttpResponse<String> response = cypher("g_cypher",
                "MATCH (p:people) RETURN p.identifier, p.name ORDER BY p.identifier LIMIT $n", Map.of("n", 2));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("columns")).extracting(JsonNode::asText).containsExactly("p.identifier", "p.name");
        assertThat(body.get("data").get(0).get("p.identifier").asLong()).isEqualTo(1);
        assertThat(body.get("data").get(1).get("p.name").asText()).isEqualTo("n2");
        assertThat(body.get("row_count").asInt()).isEqualTo(2);
        assertThat(body.get("database").asText()).isEqualTo("g_cypher");
        assertThat(body.get("execution_time_ms").isNumber()).isTrue();

        String stream = "{\"cypher\": \"MATCH (p:people) RETURN p.identifier ORDER BY p.identifier\"}";
        HttpResponse<String> ndjson = server.send(server.request("/databases/g_cypher/query?streaming=true&chunk_size=10")
                .POST(HttpRequest.BodyPublishers.ofString(stream)));
        assertThat(ndjson.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : ndjson.body().split("\n")) {
            lines.add(E2eServer.JSON.readTree(line));
        }
        assertThat(lines).extracting(l -> l.get("row_count").asInt()).containsExactly(10, 10, 5);
        assertThat(lines).extracting(l -> l.get("is_last_chunk").asBoolean()).containsExactly(false, false, true);
        assertThat(lines.get(2).get("rows").get(4).get(0).asLong()).isEqualTo(25);

        assertError(server.post("/databases/g_cypher/query", Map.of("cypher", "RETURN 1", "database", "other")),
                400, "invalid_request");
        assertError(cypher("g_cypher", "MATCH (p:nope) RETURN p", Map.of()), 400, "invalid_cypher");
        assertError(cypher("g_nowhere", "RETURN 1", Map.of()), 404, "graph_not_found");
        assertThat(server.dir.resolve("lbug-dbs").resolve("g_nowhere.lbug")).doesNotExist();
    }

    @Test
    void cypherThatDoesMoreThanReadIsRefusedAndChangesNothing() {
        stageAndMaterialize("g_sandbox");
        for (String refused : List.of(
                "CREATE (:people {identifier: 999})",
                "MATCH (p:people) SET p.name = 'x'",
                "MATCH (p:people) DETACH DELETE p",
                "MATCH (p:people) RETURN p; CREATE (:people {identifier: 999})",
                "/* read */ MERGE (:people {identifier: 999})",
                "DROP TABLE people",
                "LOAD FROM '/etc/passwd' (file_format='csv') RETURN *",
                "COPY (MATCH (p:people) RETURN p.name) TO '/tmp/out.csv'",
                "EXPORT DATABASE '/tmp/export'",
                "INSTALL json",
                "BEGIN TRANSACTION",
                "CALL show_tables() RETURN *",
                "CALL enable_internal_catalog=true")) {
            assertError(cypher("g_sandbox", refused, Map.of()), 403, "query_forbidden");
        }
        assertThat(people("g_sandbox")).isEqualTo(25);
    }

    @Test
    void anUnlabelledMatchSeesTheUsersNodesOnlyAndNoListingShowsTheSinksTables() {
        stageAndMaterialize("g_unlabelled");

        HttpResponse<String> all = cypher("g_unlabelled", "MATCH (n) RETURN label(n) AS t, count(n) AS n", Map.of());
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertThat(json(all).get("data")).hasSize(1);
        assertThat(json(all).get("data").get(0).get("t").asText()).isEqualTo("people");
        assertThat(json(all).get("data").get(0).get("n").asLong()).isEqualTo(25);
        assertError(cypher("g_unlabelled", "MATCH (n:`$sink_state`) RETURN n", Map.of()), 400, "invalid_cypher");

        HttpResponse<String> status = server.get("/databases/g_unlabelled/graph/status");
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        assertThat(status.body()).contains("people").doesNotContain("$sink");
        HttpResponse<String> schema = server.get("/databases/g_unlabelled/schema");
        assertThat(schema.statusCode()).as(schema.body()).isEqualTo(200);
        assertThat(schema.body()).contains("people").doesNotContain("$sink");
    }

    @Test
    void valuesInJsonAreExactOnTheCypherRoute() {
        stageAndMaterialize("g_values");
        HttpResponse<String> response = cypher("g_values", "RETURN CAST('1234.50' AS DECIMAL(18, 2)) AS d,"
                + " CAST('NaN' AS DOUBLE) AS nan, CAST('inf' AS DOUBLE) AS inf, interval('1 day') AS i,"
                + " date('2024-01-02') AS dt, timestamp('2024-01-02 03:04:05') AS ts,"
                + " CAST('9007199254740993' AS INT64) AS big, 42 AS small,"
                + " CAST('170141183460469231731687303715884105727' AS INT128) AS huge,"
                + " BLOB('\\\\xAA\\\\xBB') AS b, UUID('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11') AS u, [1, 2] AS l", Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode row = json(response).get("data").get(0);
        assertValues(row.get("d"), row.get("nan"), row.get("inf"), row.get("i"), row.get("dt"), row.get("ts"),
                row.get("big"), row.get("small"), row.get("huge"), row.get("b"), row.get("u"), row.get("l"));
    }

    @Test
    void valuesInJsonAreExactOnTheSqlRouteAsJsonAndNdjson() throws Exception {
        assertThat(server.post("/databases/g_sqlvalues/tables",
                Map.of("table_name", "people", "s3_pattern", S3 + "people/a.parquet")).statusCode()).isEqualTo(200);
        String sql = "SELECT 1234.50::DECIMAL(18, 2) AS d, 'nan'::DOUBLE AS nan, 'inf'::DOUBLE AS inf,"
                + " INTERVAL 1 DAY AS i, DATE '2024-01-02' AS dt, TIMESTAMP '2024-01-02 03:04:05' AS ts,"
                + " 9007199254740993::BIGINT AS big, 42 AS small, 170141183460469231731687303715884105727::HUGEINT AS huge,"
                + " '\\xAA\\xBB'::BLOB AS b, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID AS u, [1, 2] AS l";
        HttpResponse<String> response = server.post("/databases/g_sqlvalues/tables/query", Map.of("sql", sql));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode row = json(response).get("rows").get(0);
        assertValues(row.get(0), row.get(1), row.get(2), row.get(3), row.get(4), row.get(5), row.get(6), row.get(7),
                row.get(8), row.get(9), row.get(10), row.get(11));

        HttpResponse<String> ndjson = server.send(server.request("/databases/g_sqlvalues/tables/query?streaming=true")
                .POST(HttpRequest.BodyPublishers.ofString(E2eServer.JSON.writeValueAsString(Map.of("sql", sql)))));
        JsonNode streamed = E2eServer.JSON.readTree(ndjson.body().split("\n")[0]).get("rows").get(0);
        assertValues(streamed.get(0), streamed.get(1), streamed.get(2), streamed.get(3), streamed.get(4), streamed.get(5),
                streamed.get(6), streamed.get(7), streamed.get(8), streamed.get(9), streamed.get(10), streamed.get(11));
    }


    @Test
    void theOriginalClientsFlowCreatesTheSchemaThenStagesAndMaterializes() {
        HttpResponse<String> created = server.post("/databases", Map.of("graph_id", "g_schema", "schema_type", "custom",
                "custom_schema_ddl", "CREATE NODE TABLE people(identifier INT64, name STRING, PRIMARY KEY(identifier));"
                        + " CREATE REL TABLE links(FROM people TO people)"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(json(created).get("tables_created")).extracting(JsonNode::asText).containsExactly("people", "links");
        HttpResponse<String> more = server.post("/databases/g_schema/schema",
                Map.of("type", "ddl", "ddl", "CREATE NODE TABLE places(id INT64 PRIMARY KEY, amount DECIMAL(18, 2))"));
        assertThat(more.statusCode()).as(more.body()).isEqualTo(200);

        JsonNode schema = json(server.get("/databases/g_schema/schema")).get("tables");
        assertThat(schema).extracting(t -> t.get("table_name").asText()).containsExactly("people", "links", "places");
        assertThat(schema.get(0).get("kind").asText()).isEqualTo("node");
        assertThat(schema.get(0).get("properties").get(0).get("primary_key").asBoolean()).isTrue();
        assertThat(schema.get(1).get("kind").asText()).isEqualTo("relationship");
        assertThat(schema.get(1).get("from").asText()).isEqualTo("people");
        assertThat(schema.get(2).get("properties").get(1).get("type").asText()).isEqualTo("DECIMAL(18, 2)");

        assertError(server.post("/databases", Map.of("graph_id", "g_schema2", "schema_type", "graph", "custom_schema_ddl",
                "CREATE NODE TABLE x(id INT64 PRIMARY KEY)")), 400, "invalid_request");
        assertError(server.post("/databases/g_schema/schema", Map.of("type", "ddl", "ddl",
                "CREATE NODE TABLE ok(id INT64 PRIMARY KEY); MATCH (n) DETACH DELETE n")), 400, "invalid_schema");
        assertError(server.post("/databases/g_schema/schema", Map.of("type", "ddl", "ddl",
                "CREATE NODE TABLE ok(id INT64 PRIMARY KEY); CREATE REL TABLE bad(FROM ok TO missing)")), 400, "invalid_schema");
        assertThat(json(server.get("/databases/g_schema/schema")).get("tables")).as("all or nothing").hasSize(3);
        assertThat(json(server.get("/databases/g_none/schema")).get("tables")).isEmpty();
        assertThat(server.dir.resolve("lbug-dbs").resolve("g_none.lbug")).doesNotExist();

        HttpResponse<String> staged = server.post("/databases/g_schema/tables",
                Map.of("table_name", "people", "s3_pattern", S3 + "people/a.parquet"));
        assertThat(staged.statusCode()).as(staged.body()).isEqualTo(200);
        HttpResponse<String> nodes = server.post("/databases/g_schema/tables/people/materialize", Map.of());
        assertThat(nodes.statusCode()).as(nodes.body()).isEqualTo(200);
        assertThat(people("g_schema")).isEqualTo(25);
    }

    @Test
    void graphTablesAreDroppedWithCascadeOnly() {
        server.post("/databases", Map.of("graph_id", "g_drop", "schema_type", "custom", "custom_schema_ddl",
                "CREATE NODE TABLE a(id INT64 PRIMARY KEY); CREATE REL TABLE r(FROM a TO a)"));

        assertError(server.delete("/databases/g_drop/graph/tables/a"), 409, "table_in_use");
        HttpResponse<String> dropped = server.delete("/databases/g_drop/graph/tables/a?cascade=true");
        assertThat(dropped.statusCode()).as(dropped.body()).isEqualTo(200);
        assertThat(json(dropped).get("tables_dropped")).extracting(JsonNode::asText).containsExactly("r", "a");
        assertError(server.delete("/databases/g_drop/graph/tables/a"), 404, "table_not_found");
        assertThat(json(server.get("/databases/g_drop/schema")).get("tables")).isEmpty();
    }

    @Test
    void deletingTheGraphRemovesBothDatabasesAndResetsTheRegistry() {
        stageAndMaterialize("g_delete");
        server.post("/databases/g_delete/registry/tables", Map.of("table_name", "people", "table_type", "node"));
        HttpResponse<String> file = server.post("/databases/g_delete/registry/tables/people/files", Map.of(
                "s3_key", S3 + "people/a.parquet", "file_name", "a.parquet", "file_size_bytes", 1, "upload_status", "completed"));
        assertThat(file.statusCode()).as(file.body()).isEqualTo(201);
        assertThat(server.post("/databases/g_delete/tables/people/refresh", "").statusCode()).isEqualTo(200);
        Path staging = server.dir.resolve("duckdb-staging").resolve("g_delete.duckdb");
        Path graph = server.dir.resolve("lbug-dbs").resolve("g_delete.lbug");
        assertThat(staging).exists();
        assertThat(graph).exists();

        HttpResponse<String> stagingOnly = server.delete("/databases/g_delete/staging");
        assertThat(stagingOnly.statusCode()).as(stagingOnly.body()).isEqualTo(200);
        assertThat(staging).doesNotExist();
        assertThat(graph).exists();
        JsonNode files = json(server.get("/databases/g_delete/registry/tables/people/files"));
        assertThat(files.get(0).get("duckdb_status").asText()).isEqualTo("pending");

        HttpResponse<String> removed = server.delete("/databases/g_delete");
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(json(removed).get("graph_database_removed").asBoolean()).isTrue();
        assertThat(graph).doesNotExist();
        assertError(cypher("g_delete", "RETURN 1", Map.of()), 404, "graph_not_found");
        JsonNode after = json(server.get("/databases/g_delete/registry/tables/people/files"));
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get("graph_status").asText()).isEqualTo("pending");

        HttpResponse<String> unknown = server.delete("/databases/g_never");
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(server.dir.resolve("lbug-dbs").resolve("g_never.lbug")).doesNotExist();
        assertThat(server.dir.resolve("duckdb-staging").resolve("g_never.duckdb")).doesNotExist();
    }

    private static void assertValues(JsonNode decimal, JsonNode nan, JsonNode inf, JsonNode interval, JsonNode date,
                                     JsonNode timestamp, JsonNode big, JsonNode small, JsonNode huge, JsonNode blob,
                                     JsonNode uuid, JsonNode list) {
        assertThat(decimal.isTextual()).as("DECIMAL as a string: " + decimal).isTrue();
        assertThat(decimal.asText()).isEqualTo("1234.50");
        assertThat(nan.isNull()).as("NaN as null").isTrue();
        assertThat(inf.isNull()).as("infinity as null").isTrue();
        assertThat(interval.asText()).isEqualTo("P1D");
        assertThat(date.asText()).isEqualTo("2024-01-02");
        assertThat(timestamp.asText()).startsWith("2024-01-02T03:04:05");
        assertThat(big.isTextual()).as("an integer beyond 2^53 as a string: " + big).isTrue();
        assertThat(big.asText()).isEqualTo("9007199254740993");
        assertThat(small.isIntegralNumber()).as("a small integer as a number").isTrue();
        assertThat(small.asLong()).isEqualTo(42);
        assertThat(huge.asText()).isEqualTo("170141183460469231731687303715884105727");
        assertThat(blob.asText()).as("BLOB as base64").isEqualTo("qrs=");
        assertThat(uuid.asText()).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(list.get(1).asLong()).isEqualTo(2);
    }
}
