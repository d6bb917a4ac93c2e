package io.graphstaging.tests.e2e;

import static io.graphstaging.tests.e2e.E2eServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Schema contracts (issue 15) on the real server over HTTP, with S3Proxy, the embedded registry,
 * DuckDB and LadybugDB: three quarterly files whose schemas drift (Q2 adds a column and sends its
 * ids as INT32, Q3 has a row without an identifier) under each contract; the staged table is
 * read back with SQL and the graph with the Cypher route.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class SchemaContractE2eTest {
    private static final String BUCKET = "e2e-contracts";
    private static final String S3 = "s3://" + BUCKET + "/";
    private static final String TABLE = "issuer";

    private S3ProxyServer s3;
    private E2eServer server;
    private Path files;

    @BeforeAll
    void start(S3ProxyServer s3, PostgresTestServer postgres, @TempDir Path files) {
        this.s3 = s3;
        this.files = files;
        s3.createBucket(BUCKET);
        put("q1.parquet", "SELECT i::BIGINT AS identifier, 'q1-' || i AS name, (i * 1.5)::DOUBLE AS price FROM range(1, 4) t(i)");
        put("q2.parquet", "SELECT i::INTEGER AS identifier, 'q2-' || i AS name, (i * 2.5)::FLOAT AS price,"
                + " (i * 100)::BIGINT AS rating FROM range(3, 5) t(i)");
        put("q3.parquet", "SELECT * FROM (VALUES (5::BIGINT, 'q3-5', 7.5::DOUBLE), (NULL, 'no id', 0.0),"
                + " (6, 'q3-6', 9.0)) v(identifier, name, price)");
        server = E2eServer.start(s3, postgres, Map.of());
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    private void put(String key, String select) {
        s3.putObject(BUCKET, key, ParquetFiles.write(files.resolve(key), select));
    }

    private HttpResponse<String> create(String graph, Map<String, String> contract, String... keys) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("table_name", TABLE);
        body.put("s3_pattern", uris(keys));
        body.put("file_id_map", ids(keys));
        if (contract != null) {
            body.put("schema_contract", contract);
        }
        return server.post("/databases/" + graph + "/tables", body);
    }

    private HttpResponse<String> append(String graph, String key) {
        return server.post("/databases/" + graph + "/tables/" + TABLE + "/files",
                Map.of("s3_pattern", uris(key), "file_id_map", ids(key)));
    }

    private HttpResponse<String> patch(String graph, Object body) {
        try {
            return server.send(server.request("/databases/" + graph + "/tables/" + TABLE)
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(E2eServer.JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> uris(String... keys) {
        return java.util.Arrays.stream(keys).map(k -> S3 + k).toList();
    }

    private static Map<String, String> ids(String... keys) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String k : keys) {
            ids.put(S3 + k, k.replace(".parquet", ""));
        }
        return ids;
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static void refused(HttpResponse<String> response, String... mentions) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(json(response).get("code").asText()).isEqualTo("schema_mismatch");
        assertThat(json(response).get("detail").asText()).contains(mentions);
    }

    /** Rows of SQL on the staged tables, each row's values joined with '|'. */
    private List<String> sql(String graph, String query) {
        JsonNode answer = ok(server.post("/databases/" + graph + "/tables/query", Map.of("sql", query)));
        List<String> rows = new ArrayList<>();
        for (JsonNode row : answer.get("rows")) {
            List<String> values = new ArrayList<>();
            row.forEach(v -> values.add(v.isNull() ? "null" : v.asText()));
            rows.add(String.join("|", values));
        }
        return rows;
    }

    /** Rows of read-only Cypher on the graph, through the Cypher route. */
    private List<String> cypher(String graph, String query) {
        JsonNode answer = ok(server.post("/databases/" + graph + "/query", Map.of("cypher", query)));
        List<String> rows = new ArrayList<>();
        for (JsonNode row : answer.get("data")) {
            List<String> values = new ArrayList<>();
            row.fields().forEachRemaining(e -> values.add(e.getValue().isNull() ? "null" : e.getValue().asText()));
            rows.add(String.join("|", values));
        }
        return rows;
    }

    private void materializeInSync(String graph) {
        ok(server.post("/databases/" + graph + "/tables/" + TABLE + "/materialize", Map.of("ignore_errors", false)));
        JsonNode verified = ok(server.post("/databases/" + graph + "/tables/" + TABLE + "/materialize",
                Map.of("verify", true)));
        assertThat(verified.get("drift").toString()).isEqualTo("{\"missing\":0,\"different\":0,\"extra\":0}");
    }

    @Test
    void theDefaultContractRefusesEveryDriftAsBefore() {
        String g = "g_freeze";
        JsonNode created = ok(create(g, null, "q1.parquet"));
        assertThat(created.get("rows_quarantined").asLong()).isZero();

        refused(append(g, "q2.parquet"), "q2.parquet", "'identifier' is INTEGER there but BIGINT");
        refused(append(g, "q3.parquet"), "q3.parquet", "NULL identifier");

        assertThat(sql(g, "SELECT count(*) FROM issuer")).containsExactly("3");
        JsonNode listed = ok(server.get("/databases/" + g + "/tables")).get(0);
        assertThat(listed.get("schema_contract").toString()).isEqualTo("{\"columns\":\"freeze\",\"rows\":\"reject_file\"}");
    }

    @Test
    void evolveAddsTheColumnCastsTheNarrowerIdsAndTheGraphFollowsThenDeletingTheMiddleFileRevivesQ1() {
        String g = "g_evolve";
        ok(create(g, Map.of("columns", "evolve"), "q1.parquet"));
        materializeInSync(g);

        JsonNode appended = ok(append(g, "q2.parquet"));
        assertThat(appended.get("row_count").asLong()).isEqualTo(4);
        refused(append(g, "q3.parquet"), "q3.parquet", "NULL identifier");

        assertThat(sql(g, "SELECT typeof(identifier), typeof(price), typeof(rating) FROM issuer LIMIT 1"))
                .containsExactly("BIGINT|DOUBLE|BIGINT");
        assertThat(sql(g, "SELECT identifier, name, rating, file_id FROM issuer ORDER BY identifier")).containsExactly(
                "1|q1-1|null|q1", "2|q1-2|null|q1", "3|q2-3|300|q2", "4|q2-4|400|q2");
        materializeInSync(g);
        assertThat(cypher(g, "MATCH (n:issuer) RETURN n.identifier AS id, n.name AS name, n.rating AS rating"
                + " ORDER BY id")).containsExactly("1|q1-1|null", "2|q1-2|null", "3|q2-3|300", "4|q2-4|400");

        JsonNode deleted = ok(server.delete("/databases/" + g + "/tables/" + TABLE + "/files/q2"));
        assertThat(deleted.get("rows_deleted").asLong()).isEqualTo(2);
        assertThat(sql(g, "SELECT identifier, name, rating FROM issuer ORDER BY identifier"))
                .containsExactly("1|q1-1|null", "2|q1-2|null", "3|q1-3|null");
        materializeInSync(g);
        assertThat(cypher(g, "MATCH (n:issuer) RETURN n.identifier AS id, n.name AS name, n.rating AS rating"
                + " ORDER BY id")).containsExactly("1|q1-1|null", "2|q1-2|null", "3|q1-3|null");
    }

    /** Issue 15 follow-up: a dry run (and a verify) after an evolve append must not ALTER the graph table. */
    @Test
    void aDryRunAfterAnEvolveAppendLeavesTheGraphTableAsItWasAndTheMaterializeAddsTheColumn() {
        String g = "g_dry";
        ok(create(g, Map.of("columns", "evolve"), "q1.parquet"));
        materializeInSync(g);
        List<String> before = graphProperties(g);
        assertThat(before).containsExactly("identifier INT64", "name STRING", "price DOUBLE");
        ok(append(g, "q2.parquet"));

        // Rows 1 and 2 were staged before rating existed: NULL in staging, NULL as the graph is read.
        JsonNode dry = ok(materialize(g, Map.of("dry_run", true)));
        assertThat(dry.get("dry_run").asBoolean()).isTrue();
        assertThat(List.of(dry.get("rows_inserted").asLong(), dry.get("rows_updated").asLong(),
                dry.get("rows_unchanged").asLong())).containsExactly(1L, 1L, 2L);
        assertThat(graphProperties(g)).as("a dry run stores nothing").isEqualTo(before);
        JsonNode verified = ok(materialize(g, Map.of("verify", true)));
        assertThat(verified.get("drift").toString()).isEqualTo("{\"missing\":1,\"different\":1,\"extra\":0}");
        assertThat(graphProperties(g)).as("a verify stores nothing").isEqualTo(before);

        JsonNode written = ok(materialize(g, Map.of()));
        assertThat(List.of(written.get("rows_inserted").asLong(), written.get("rows_updated").asLong(),
                written.get("rows_unchanged").asLong())).containsExactly(1L, 1L, 2L);
        assertThat(graphProperties(g)).containsExactly("identifier INT64", "name STRING", "price DOUBLE", "rating INT64");
        assertThat(cypher(g, "MATCH (n:issuer) RETURN n.identifier AS id, n.name AS name, n.rating AS rating"
                + " ORDER BY id")).containsExactly("1|q1-1|null", "2|q1-2|null", "3|q2-3|300", "4|q2-4|400");
        materializeInSync(g);
    }

    private HttpResponse<String> materialize(String graph, Map<String, Object> body) {
        return server.post("/databases/" + graph + "/tables/" + TABLE + "/materialize", body);
    }

    /** The graph table's properties as the schema route lists them, {@code "<name> <type>"}. */
    private List<String> graphProperties(String graph) {
        List<String> properties = new ArrayList<>();
        for (JsonNode table : ok(server.get("/databases/" + graph + "/schema")).get("tables")) {
            if (table.get("table_name").asText().equals(TABLE)) {
                table.get("properties").forEach(p -> properties.add(p.get("name").asText() + " " + p.get("type").asText()));
            }
        }
        return properties;
    }

    @Test
    void quarantineStagesTheRestOfTheFileAndListsTheRowWhileColumnsStillFollowFreeze() {
        String g = "g_quarantine";
        ok(create(g, Map.of("rows", "quarantine"), "q1.parquet"));

        JsonNode appended = ok(append(g, "q3.parquet"));
        assertThat(appended.get("rows_quarantined").asLong()).isEqualTo(1);
        refused(append(g, "q2.parquet"), "q2.parquet", "identifier");

        assertThat(sql(g, "SELECT identifier FROM issuer ORDER BY identifier")).containsExactly("1", "2", "3", "5", "6");
        JsonNode page = ok(server.get("/databases/" + g + "/tables/" + TABLE + "/quarantine"));
        assertThat(page.get("total").asLong()).isEqualTo(1);
        JsonNode row = page.get("rows").get(0);
        assertThat(row.get("file_id").asText()).isEqualTo("q3");
        assertThat(row.get("row_number").asLong()).isEqualTo(1);
        assertThat(row.get("reason").asText()).contains("identifier");
        assertThat(row.get("values").get("name").asText()).isEqualTo("no id");

        materializeInSync(g);
        assertThat(cypher(g, "MATCH (n:issuer) RETURN count(n) AS n")).containsExactly("5");
        ok(server.delete("/databases/" + g + "/tables/" + TABLE + "/files/q3"));
        assertThat(ok(server.get("/databases/" + g + "/tables/" + TABLE + "/quarantine")).get("total").asLong()).isZero();
    }

    @Test
    void aPatchedContractLetsTheNextFilesInAndIsShownInTheList() {
        String g = "g_patch";
        ok(create(g, null, "q1.parquet"));
        refused(append(g, "q2.parquet"), "q2.parquet", "identifier");

        JsonNode patched = ok(patch(g, Map.of("schema_contract", Map.of("columns", "evolve", "rows", "quarantine"))));
        assertThat(patched.get("schema_contract").toString()).isEqualTo("{\"columns\":\"evolve\",\"rows\":\"quarantine\"}");
        assertThat(ok(append(g, "q2.parquet")).get("rows_quarantined").asLong()).isZero();
        assertThat(ok(append(g, "q3.parquet")).get("rows_quarantined").asLong()).isEqualTo(1);

        assertThat(sql(g, "SELECT identifier, rating FROM issuer ORDER BY identifier"))
                .containsExactly("1|null", "2|null", "3|300", "4|400", "5|null", "6|null");
        JsonNode listed = ok(server.get("/databases/" + g + "/tables")).get(0);
        assertThat(listed.get("schema_contract").get("columns").asText()).isEqualTo("evolve");
        assertThat(patch(g, Map.of("schema_contract", Map.of("columns", "melt"))).statusCode()).isEqualTo(400);
        assertThat(patch("g_nothing", Map.of("schema_contract", Map.of("columns", "evolve"))).statusCode()).isEqualTo(404);
    }
}
