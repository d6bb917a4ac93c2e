package io.graphstaging.tests.e2e;

import static io.graphstaging.tests.e2e.E2eServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.DatabaseConfig;
import io.graphstaging.ladybug.binding.QueryResult;
import io.graphstaging.ladybug.binding.Row;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import java.io.IOException;
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
 * The graph follows staging (issue 11), on the real server over HTTP with S3Proxy, the embedded
 * registry, DuckDB and LadybugDB: every sync is checked with {@code verify} (the graph's whole
 * content against staging), and values are read back from the graph database itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class GraphSyncE2eTest {
    private static final String BUCKET = "e2e-sync";
    private static final String S3 = "s3://" + BUCKET + "/";

    private S3ProxyServer s3;
    private E2eServer server;
    private Path files;

    @BeforeAll
    void start(S3ProxyServer s3, PostgresTestServer postgres, @TempDir Path files) {
        this.s3 = s3;
        this.files = files;
        s3.createBucket(BUCKET);
        put("e1.parquet", "SELECT 'e' || i AS identifier, i * 10 AS amount FROM range(1, 4) t(i)");
        put("e2.parquet", "SELECT 'e2' AS identifier, 999::BIGINT AS amount UNION ALL SELECT 'e4', 40");
        put("e12.parquet", "SELECT 'e' || i AS identifier, i * 10 AS amount FROM range(1, 3) t(i)");
        put("links1.parquet", "SELECT 'e1' AS \"from\", 'e2' AS \"to\", 5 AS weight UNION ALL SELECT 'e2', 'e3', 6");
        put("links2.parquet", "SELECT 'e1' AS \"from\", 'e2' AS \"to\", 50 AS weight");
        put("dangling.parquet", "SELECT 'e1' AS \"from\", 'e9' AS \"to\", 7 AS weight");
        put("accounts.parquet", "SELECT 'e' || i AS identifier, 'acct' AS label FROM range(1, 3) t(i)");
        put("big.parquet", "SELECT 'n' || i AS identifier, i AS amount FROM range(0, 300000) t(i)");
        put("big2.parquet", "SELECT 'n' || i AS identifier, i + 1 AS amount FROM range(0, 300000, 2) t(i)");
        server = E2eServer.start(s3, postgres, Map.of());
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    private void put(String key, String select) {
        s3.putObject(BUCKET, key, ParquetFiles.write(files.resolve(key), select));
    }

    private void create(String graph, String table, Map<String, String> keysToIds) {
        List<String> uris = keysToIds.keySet().stream().map(k -> S3 + k).toList();
        Map<String, String> ids = new LinkedHashMap<>();
        keysToIds.forEach((k, id) -> ids.put(S3 + k, id));
        HttpResponse<String> created = server.post("/databases/" + graph + "/tables",
                Map.of("table_name", table, "s3_pattern", uris, "file_id_map", ids));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    private void append(String graph, String table, String key, String id) {
        HttpResponse<String> appended = server.post("/databases/" + graph + "/tables/" + table + "/files",
                Map.of("s3_pattern", List.of(S3 + key), "file_id_map", Map.of(S3 + key, id)));
        assertThat(appended.statusCode()).as(appended.body()).isEqualTo(200);
    }

    private JsonNode materialize(String graph, String table, Map<String, Object> body) {
        HttpResponse<String> answer = materializeRaw(graph, table, body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode result = json(answer);
        assertThat(result.get("rows_staged").asLong()).as(answer.body()).isEqualTo(result.get("rows_inserted").asLong()
                + result.get("rows_updated").asLong() + result.get("rows_unchanged").asLong()
                + result.get("rows_skipped").asLong() + result.get("rows_rejected").asLong());
        assertThat(result.get("rows_ingested").asLong())
                .isEqualTo(result.get("rows_inserted").asLong() + result.get("rows_updated").asLong());
        return result;
    }

    private HttpResponse<String> materializeRaw(String graph, String table, Map<String, Object> body) {
        return server.post("/databases/" + graph + "/tables/" + table + "/materialize", body);
    }

    /** The graph equals staging: verify finds no drift. */
    private void assertInSync(String graph, String table) {
        JsonNode verified = materialize(graph, table, Map.of("verify", true));
        assertThat(verified.get("drift").toString()).isEqualTo("{\"missing\":0,\"different\":0,\"extra\":0}");
        assertThat(verified.get("dry_run").asBoolean()).isTrue();
    }

    /** Rows of a Cypher query on the graph database, read with the binding while the server is stopped. */
    private List<List<Object>> readGraph(String graph, String cypher) {
        server.kill();
        List<List<Object>> rows = new ArrayList<>();
        try (Database db = Database.open(server.dir.resolve("lbug-dbs").resolve(graph + ".lbug"), DatabaseConfig.defaults());
             Connection c = db.connect(); QueryResult result = c.query(cypher)) {
            for (Row row : result.rows()) {
                rows.add(row.values());
            }
        } finally {
            server = server.restart();
        }
        return rows;
    }

    @Test
    void aRestatedValueReachesTheGraphAndADeletedFileLeavesIt() {
        String g = "g_restate";
        create(g, "Entity", Map.of("e1.parquet", "f1"));
        JsonNode first = materialize(g, "Entity", Map.of());
        assertThat(first.get("rows_inserted").asLong()).isEqualTo(3);
        assertInSync(g, "Entity");

        append(g, "Entity", "e2.parquet", "f2");
        JsonNode second = materialize(g, "Entity", Map.of());
        assertThat(second.get("rows_staged").asLong()).isEqualTo(4);
        assertThat(second.get("rows_inserted").asLong()).isEqualTo(1);
        assertThat(second.get("rows_updated").asLong()).isEqualTo(1);
        assertThat(second.get("rows_unchanged").asLong()).isEqualTo(2);
        assertInSync(g, "Entity");
        JsonNode status = json(server.get("/databases/" + g + "/graph/status")).get(0);
        assertThat(status.get("in_sync").asBoolean()).as(status.toString()).isTrue();
        assertThat(status.get("graph_rows").asLong()).isEqualTo(4);

        assertThat(server.delete("/databases/" + g + "/tables/Entity/files/f2").statusCode()).isEqualTo(200);
        JsonNode pending = json(server.get("/databases/" + g + "/graph/status")).get(0);
        assertThat(pending.get("in_sync").asBoolean()).isFalse();
        JsonNode third = materialize(g, "Entity", Map.of());
        assertThat(third.get("rows_deleted").asLong()).as(third.toString()).isEqualTo(1);
        assertThat(third.get("rows_updated").asLong()).as("the shadowed e2 comes back").isEqualTo(1);
        assertInSync(g, "Entity");
        assertThat(readGraph(g, "MATCH (n:Entity) RETURN n.identifier, n.amount ORDER BY n.identifier"))
                .containsExactly(List.of("e1", 10L), List.of("e2", 20L), List.of("e3", 30L));
    }

    @Test
    void aRelationshipPropertyChangeAndNodesRemovedWithTheirRelationships() {
        String g = "g_links";
        create(g, "Entity", Map.of("e1.parquet", "f1"));
        materialize(g, "Entity", Map.of());
        create(g, "LINKS", Map.of("links1.parquet", "l1"));
        JsonNode links = materialize(g, "LINKS", Map.of());
        assertThat(links.get("rows_inserted").asLong()).as("endpoints inferred: Entity is the one candidate").isEqualTo(2);

        append(g, "LINKS", "links2.parquet", "l2");
        JsonNode changed = materialize(g, "LINKS", Map.of());
        assertThat(changed.get("rows_updated").asLong()).isEqualTo(1);
        assertThat(changed.get("rows_unchanged").asLong()).isEqualTo(1);
        assertInSync(g, "LINKS");

        create(g, "Entity", Map.of("e12.parquet", "f12"));
        JsonNode removed = materialize(g, "Entity", Map.of());
        assertThat(removed.get("rows_deleted").asLong()).as(removed.toString()).isEqualTo(1);
        assertThat(removed.get("relationships_removed").asLong()).isEqualTo(1);
        JsonNode status = json(server.get("/databases/" + g + "/graph/status"));
        assertThat(status.toString()).contains("\"table_name\":\"LINKS\"");
        for (JsonNode t : status) {
            if (t.get("table_name").asText().equals("LINKS")) {
                assertThat(t.get("in_sync").asBoolean()).as("its record went with the relationship").isFalse();
            }
        }
        JsonNode again = materialize(g, "LINKS", Map.of("ignore_errors", true));
        assertThat(again.get("rows_rejected").asLong()).as(again.toString()).isEqualTo(1);
        assertThat(again.get("rejects").get(0).get("reason").asText()).isEqualTo("no node e3 in Entity");
    }

    @Test
    void rebuildWithAndWithoutCascade() {
        String g = "g_rebuild";
        create(g, "Entity", Map.of("e1.parquet", "f1"));
        materialize(g, "Entity", Map.of());
        create(g, "LINKS", Map.of("links1.parquet", "l1"));
        materialize(g, "LINKS", Map.of("from_node_table", "Entity", "to_node_table", "Entity"));

        HttpResponse<String> refused = materializeRaw(g, "Entity", Map.of("mode", "rebuild"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused).get("code").asText()).isEqualTo("table_in_use");

        JsonNode rebuilt = materialize(g, "Entity", Map.of("mode", "rebuild", "cascade", true));
        assertThat(rebuilt.get("rows_deleted").asLong()).isEqualTo(3);
        assertThat(rebuilt.get("rows_inserted").asLong()).isEqualTo(3);
        assertThat(rebuilt.get("emptied_tables").toString()).isEqualTo("[\"LINKS\"]");
        assertInSync(g, "Entity");
        JsonNode linksBack = materialize(g, "LINKS", Map.of("mode", "rebuild"));
        assertThat(linksBack.get("rows_inserted").asLong()).isEqualTo(2);
        assertInSync(g, "LINKS");

        // A dangling endpoint: a strict rebuild names it and keeps the old table; ignore_errors keeps it as a reject.
        append(g, "LINKS", "dangling.parquet", "bad");
        HttpResponse<String> strict = materializeRaw(g, "LINKS", Map.of("mode", "rebuild"));
        assertThat(strict.statusCode()).as(strict.body()).isEqualTo(422);
        assertThat(json(strict).get("code").asText()).isEqualTo("graph_rejected_rows");
        assertThat(json(strict).get("detail").asText()).contains("would reject 1 row(s)").contains("no node e9 in Entity")
                .contains("bad");
        assertThat(graphRows(g, "LINKS")).as("the old table").isEqualTo(2);
        JsonNode lenient = materialize(g, "LINKS", Map.of("mode", "rebuild", "ignore_errors", true));
        assertThat(lenient.get("rows_inserted").asLong()).isEqualTo(2);
        assertThat(lenient.get("rows_rejected").asLong()).isEqualTo(1);
        assertThat(lenient.get("rejects").get(0).get("reason").asText()).isEqualTo("no node e9 in Entity");
        assertThat(lenient.get("rejects").get(0).get("file_id").asText()).isEqualTo("bad");
        JsonNode kept = json(server.get("/databases/" + g + "/tables/LINKS/rejects?limit=10&offset=0"));
        assertThat(kept.get("total").asLong()).isEqualTo(1);
        assertThat(graphRows(g, "LINKS")).isEqualTo(2);
    }

    private long graphRows(String graph, String table) {
        for (JsonNode status : json(server.get("/databases/" + graph + "/graph/status"))) {
            if (status.get("table_name").asText().equals(table)) {
                return status.get("graph_rows").asLong();
            }
        }
        throw new AssertionError("no graph table " + table + " in the status of " + graph);
    }

    @Test
    void aDryRunWritesNothingAndRejectsAreListedWithFileIds() {
        String g = "g_rejects";
        create(g, "Entity", Map.of("e1.parquet", "f1"));
        JsonNode dry = materialize(g, "Entity", Map.of("dry_run", true));
        assertThat(dry.get("rows_inserted").asLong()).isEqualTo(3);
        assertThat(json(server.get("/databases/" + g + "/graph/tables")).size()).isZero();
        materialize(g, "Entity", Map.of());

        create(g, "LINKS", Map.of("links1.parquet", "l1", "dangling.parquet", "bad"));
        JsonNode wouldFail = materialize(g, "LINKS", Map.of("dry_run", true));
        assertThat(wouldFail.get("would_fail").asBoolean()).isTrue();
        HttpResponse<String> strict = materializeRaw(g, "LINKS", Map.of());
        assertThat(strict.statusCode()).as(strict.body()).isEqualTo(422);
        assertThat(json(strict).get("code").asText()).isEqualTo("graph_rejected_rows");
        assertThat(json(strict).get("detail").asText()).contains("no node e9 in Entity").contains("bad");
        assertThat(json(server.get("/databases/" + g + "/graph/tables")).toString()).doesNotContain("LINKS");

        JsonNode lenient = materialize(g, "LINKS", Map.of("ignore_errors", true));
        assertThat(lenient.get("rows_inserted").asLong()).isEqualTo(2);
        assertThat(lenient.get("rows_rejected").asLong()).isEqualTo(1);
        JsonNode reject = lenient.get("rejects").get(0);
        assertThat(reject.get("key").toString()).isEqualTo("{\"src\":\"e1\",\"dst\":\"e9\"}");
        assertThat(reject.get("file_id").asText()).isEqualTo("bad");
        JsonNode kept = json(server.get("/databases/" + g + "/tables/LINKS/rejects?limit=10&offset=0"));
        assertThat(kept.get("total").asLong()).isEqualTo(1);
        assertThat(kept.get("rejects").get(0).get("reason").asText()).isEqualTo("no node e9 in Entity");
    }

    @Test
    void unknownFileIdsAreNotFoundAndNothingIsWritten() {
        String g = "g_unknown";
        create(g, "Entity", Map.of("e1.parquet", "f1"));
        HttpResponse<String> answer = materializeRaw(g, "Entity", Map.of("file_ids", List.of("f1", "nope", "gone")));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
        assertThat(json(answer).get("code").asText()).isEqualTo("file_not_found");
        assertThat(json(answer).get("detail").asText()).contains("gone").contains("nope").doesNotContain("f1,");
        assertThat(json(server.get("/databases/" + g + "/graph/tables")).size()).isZero();

        JsonNode scoped = materialize(g, "Entity", Map.of("file_ids", List.of("f1"), "ignore_errors", true));
        assertThat(scoped.get("rows_inserted").asLong()).isEqualTo(3);
    }

    @Test
    void endpointsAreInferredFromTheOneNodeTableHoldingTheValues() {
        String g = "g_infer";
        create(g, "LINKS", Map.of("links1.parquet", "l1"));
        HttpResponse<String> none = materializeRaw(g, "LINKS", Map.of());
        assertThat(none.statusCode()).as(none.body()).isEqualTo(400);
        assertThat(json(none).get("detail").asText()).contains("from_node_table");

        create(g, "Entity", Map.of("e1.parquet", "f1"));
        materialize(g, "Entity", Map.of());
        create(g, "Account", Map.of("accounts.parquet", "a1"));
        materialize(g, "Account", Map.of());
        HttpResponse<String> two = materializeRaw(g, "LINKS", Map.of());
        assertThat(two.statusCode()).as(two.body()).isEqualTo(400);
        assertThat(json(two).get("detail").asText()).contains("Entity").contains("Account");

        JsonNode given = materialize(g, "LINKS", Map.of("from_node_table", "Entity", "to_node_table", "Entity"));
        assertThat(given.get("rows_inserted").asLong()).isEqualTo(2);
        assertInSync(g, "LINKS");
    }

    @Test
    void aSyncKilledInTheMiddleConvergesWhenRunAgain() throws Exception {
        String g = "g_kill";
        create(g, "Big", Map.of("big.parquet", "b1"));
        materialize(g, "Big", Map.of());
        append(g, "Big", "big2.parquet", "b2");
        var running = server.sendAsync(server.request("/databases/" + g + "/tables/Big/materialize")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        Thread.sleep(700);
        server.kill();
        running.handle((r, e) -> null).get();
        server = server.restart();

        JsonNode again = materialize(g, "Big", Map.of());
        assertThat(again.get("rows_staged").asLong()).isEqualTo(300000);
        assertInSync(g, "Big");
        assertThat(readGraph(g, "MATCH (n:Big) WHERE n.identifier = 'n2' RETURN n.amount")).containsExactly(List.of(3L));
    }

    @Test
    void theOriginalClientsFlow() {
        String g = "g_client";
        create(g, "Entity", Map.of("e1.parquet", "f1"));
        create(g, "LINKS", Map.of("links1.parquet", "l1"));
        // The original client sends ignore_errors (always) and file_ids, nothing else.
        JsonNode nodes = materialize(g, "Entity", Map.of("ignore_errors", true, "file_ids", List.of("f1")));
        assertThat(nodes.get("status").asText()).isEqualTo("success");
        assertThat(nodes.get("rows_ingested").asLong()).isEqualTo(3);
        JsonNode links = materialize(g, "LINKS", Map.of("ignore_errors", true, "file_ids", List.of("l1")));
        assertThat(links.get("rows_ingested").asLong()).isEqualTo(2);
        JsonNode registryFree = materialize(g, "Entity", Map.of("ignore_errors", true));
        assertThat(registryFree.get("rows_unchanged").asLong()).isEqualTo(3);

        HttpResponse<String> whole = server.post("/databases/" + g + "/materialize", Map.of("mode", "rebuild"));
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        JsonNode tables = json(whole).get("tables");
        assertThat(tables.get(0).get("table_name").asText()).isEqualTo("Entity");
        assertThat(tables.get(1).get("table_name").asText()).isEqualTo("LINKS");
        assertThat(tables.get(1).get("rows_inserted").asLong()).isEqualTo(2);
    }
}
