package io.graphstaging.tests.snapshot;

import static io.graphstaging.tests.e2e.E2eServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import io.graphstaging.tests.e2e.E2eServer;
import io.graphstaging.tests.e2e.ParquetFiles;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Snapshots on one real server with S3Proxy and a PostgreSQL registry (issue 16): a graph staged
 * through the registry and materialized, its node's data directories then removed (a new node),
 * comes back on the next request with the same staged and graph counts, and a graph whose tables
 * were dropped (staging and graph) or never staged comes back without them; a snapshot whose
 * bytes changed is refused, never served as an empty graph; deleting the graph removes its snapshots.
 *
 * <p>One node serves every case, each on its own graph ({@link #loseTheNode}): it is killed, each
 * graph loses its files as its case says, and a new node on the same directories answers the tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class SnapshotRestoreE2eTest {
    private static final String BUCKET = "e2e-snapshot-data";
    private static final String SNAPSHOTS = "e2e-snapshots";
    /** Registry tables staged by refresh and materialized, then every file of the graph removed. */
    private static final String RESTORED = "g_restore";
    /** Tables dropped or never staged after a materialize, then every file of the graph removed. */
    private static final String DROPPED = "g_dropped";
    /** Tables staged with {@code POST /tables} (not through the registry), then every file removed. */
    private static final String DIRECT = "g_direct";
    /** Materialized, then its graph database removed and its snapshot's bytes changed. */
    private static final String CORRUPT = "g_corrupt";

    private S3ProxyServer s3;
    private Path dir;
    /** The new node, started on the lost node's directories once each graph lost its files. */
    private E2eServer fresh;
    private Counts restoredBefore;
    private boolean restoredSnapshotWritten;
    private Held droppedHeld;
    private Counts directBefore;

    @BeforeAll
    void loseTheNode(S3ProxyServer s3, PostgresTestServer postgres, @TempDir Path files) throws IOException {
        this.s3 = s3;
        dir = Files.createTempDirectory("snapshot-node-");
        Map<String, String> env = environment(s3, postgres, files, dir);
        s3.putObject(BUCKET, "people/b.parquet", ParquetFiles.write(files.resolve("b.parquet"),
                "SELECT i AS identifier, 'm' || i AS name FROM range(26, 31) t(i)"));
        s3.putObject(BUCKET, "links/x.parquet", ParquetFiles.write(files.resolve("x.parquet"),
                "SELECT i AS \"from\", i + 2 AS \"to\" FROM range(1, 4) t(i)"));
        E2eServer server = E2eServer.startIn(dir, env);
        try {
            stageAndMaterialize(server, RESTORED);
            restoredBefore = counts(server, RESTORED);
            restoredSnapshotWritten = s3.exists(SNAPSHOTS, "e2e/" + RESTORED + "/snapshots/latest");
            stageMaterializeAndDrop(server, DROPPED);
            droppedHeld = held(server, DROPPED);
            stageDirectlyAndMaterialize(server, DIRECT);
            directBefore = counts(server, DIRECT);
            stageAndMaterialize(server, CORRUPT);
        } finally {
            // The node is lost with its disks.
            server.kill();
        }
        for (String lost : List.of(RESTORED, DROPPED, DIRECT)) {
            deleteGraphFiles(dir.resolve("duckdb-staging"), lost);
            deleteGraphFiles(dir.resolve("lbug-dbs"), lost);
        }
        deleteGraphFiles(dir.resolve("lbug-dbs"), CORRUPT);
        String pointer = s3.client().getObjectAsBytes(b -> b.bucket(SNAPSHOTS).key("e2e/" + CORRUPT + "/snapshots/latest"))
                .asUtf8String();
        String id = pointer.lines().findFirst().orElseThrow().split(" ")[2];
        String key = "e2e/" + CORRUPT + "/snapshots/" + id + "/" + CORRUPT + ".lbug";
        byte[] bytes = s3.client().getObjectAsBytes(b -> b.bucket(SNAPSHOTS).key(key)).asByteArray();
        bytes[bytes.length / 2] ^= 1;
        s3.client().putObject(b -> b.bucket(SNAPSHOTS).key(key), RequestBody.fromBytes(bytes));

        fresh = E2eServer.startIn(dir, env);
    }

    @AfterAll
    void stop() throws IOException {
        if (fresh != null) {
            fresh.close();
        }
    }

    @Test
    void aNodeWithoutTheGraphsFilesRestoresThemBeforeServing() {
        String g = RESTORED;
        assertThat(restoredBefore).isEqualTo(new Counts(25, 10, 25, 10));
        assertThat(restoredSnapshotWritten).isTrue();
        assertThat(droppedHeld).isEqualTo(new Held(List.of(), List.of("Place", "people"), 25));

        assertThat(counts(fresh, g)).isEqualTo(restoredBefore);
        assertThat(dir.resolve("lbug-dbs").resolve(g + ".lbug")).exists();
        // What the lost node held, no more: no dropped or never-refreshed table, the graph's DDL and drops.
        assertThat(held(fresh, DROPPED)).isEqualTo(droppedHeld);
        HttpResponse<String> places = fresh.get("/databases/" + DROPPED + "/registry/tables/places/files");
        assertThat(json(places).get(0).get("duckdb_status").asText()).as(places.body()).isEqualTo("pending");

        HttpResponse<String> deleted = fresh.delete("/databases/" + g);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(s3.exists(SNAPSHOTS, "e2e/" + g + "/snapshots/latest")).isFalse();
    }

    /**
     * Issue 16 follow-up: a table staged with {@code POST /tables} (not through the registry) and
     * appended to must come back on a new node too, so its files must be in the registry.
     */
    @Test
    void aTableStagedWithoutTheRegistryComesBackOnANewNode() {
        assertThat(directBefore).isEqualTo(new Counts(30, 10, 30, 10));

        assertThat(counts(fresh, DIRECT)).isEqualTo(directBefore);
        // The rebuilt rows carry the file ids they were staged with.
        assertThat(sql(fresh, DIRECT, "SELECT count(*) AS n FROM links WHERE file_id = 'f_links'")).isEqualTo(10);
    }

    @Test
    void aSnapshotThatDoesNotMatchItsChecksumIsRefused() {
        String g = CORRUPT;
        HttpResponse<String> refused = cypher(fresh, g, "MATCH (p:people) RETURN count(p) AS n");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(502);
        assertThat(json(refused).get("code").asText()).isEqualTo("snapshot_corrupt");
        assertThat(json(refused).get("detail").asText()).contains(g + ".lbug").doesNotContain("\tat ");
        // Still refused on the next request: nothing was installed, nothing marked done.
        assertThat(cypher(fresh, g, "MATCH (p:people) RETURN count(p) AS n").statusCode()).isEqualTo(502);
        assertThat(dir.resolve("lbug-dbs").resolve(g + ".lbug")).doesNotExist();
    }

    /**
     * Staged with {@code POST /tables} and appended to, one file's rows deleted (a restore must not
     * bring them back), then materialized.
     */
    private static void stageDirectlyAndMaterialize(E2eServer server, String g) {
        ok(server.post("/databases/" + g + "/tables", Map.of("table_name", "people",
                "s3_pattern", "s3://" + BUCKET + "/people/a.parquet")));
        ok(server.post("/databases/" + g + "/tables/people/files", Map.of(
                "s3_pattern", "s3://" + BUCKET + "/people/b.parquet")));
        ok(server.post("/databases/" + g + "/tables", Map.of("table_name", "links",
                "s3_pattern", List.of("s3://" + BUCKET + "/links/l.parquet", "s3://" + BUCKET + "/links/x.parquet"),
                "file_id_map", Map.of("s3://" + BUCKET + "/links/l.parquet", "f_links",
                        "s3://" + BUCKET + "/links/x.parquet", "f_extra"))));
        ok(server.delete("/databases/" + g + "/tables/links/files/f_extra"));
        ok(server.post("/databases/" + g + "/tables/people/materialize", Map.of()));
        ok(server.post("/databases/" + g + "/tables/links/materialize",
                Map.of("from_node_table", "people", "to_node_table", "people")));
    }

    /**
     * Issue 16: a graph whose node lost tables after they were materialized. Staging: a registry
     * table refreshed then dropped, a direct table dropped, a registry table never refreshed (none
     * is staged). Graph: the relationship table dropped and a node table added through the schema
     * routes after the last materialize.
     */
    private static void stageMaterializeAndDrop(E2eServer server, String g) {
        register(server, g, "people", "node", "people/a.parquet");
        ok(server.post("/databases/" + g + "/tables", Map.of("table_name", "links",
                "s3_pattern", "s3://" + BUCKET + "/links/l.parquet")));
        ok(server.post("/databases/" + g + "/registry/tables", Map.of("table_name", "places", "table_type", "node")));
        ok(server.post("/databases/" + g + "/registry/tables/places/files", Map.of("s3_key",
                "s3://" + BUCKET + "/people/a.parquet", "file_name", "a.parquet", "file_size_bytes", 1,
                "upload_status", "completed")));
        ok(server.post("/databases/" + g + "/tables/people/materialize", Map.of()));
        ok(server.post("/databases/" + g + "/tables/links/materialize",
                Map.of("from_node_table", "people", "to_node_table", "people")));
        ok(server.delete("/databases/" + g + "/tables/people"));
        ok(server.delete("/databases/" + g + "/tables/links"));
        ok(server.delete("/databases/" + g + "/graph/tables/links"));
        ok(server.post("/databases/" + g + "/schema", Map.of("type", "ddl",
                "ddl", "CREATE NODE TABLE Place(id INT64 PRIMARY KEY)")));
    }

    /** A graph's staging tables, graph tables and graph people. */
    private record Held(List<String> stagingTables, List<String> graphTables, long graphPeople) {}

    private static Held held(E2eServer server, String g) {
        HttpResponse<String> staging = server.get("/databases/" + g + "/tables");
        assertThat(staging.statusCode()).as(staging.body()).isEqualTo(200);
        HttpResponse<String> schema = server.get("/databases/" + g + "/schema");
        assertThat(schema.statusCode()).as(schema.body()).isEqualTo(200);
        return new Held(names(json(staging)), names(json(schema).get("tables")),
                number(cypher(server, g, "MATCH (p:people) RETURN count(p) AS n")));
    }

    private static List<String> names(JsonNode tables) {
        List<String> names = new ArrayList<>();
        tables.forEach(t -> names.add(t.get("table_name").asText()));
        return names.stream().sorted().toList();
    }

    private static Map<String, String> environment(S3ProxyServer s3, PostgresTestServer postgres, Path files, Path dir) {
        s3.createBucket(BUCKET);
        s3.createBucket(SNAPSHOTS);
        s3.putObject(BUCKET, "people/a.parquet", ParquetFiles.write(files.resolve("a.parquet"),
                "SELECT i AS identifier, 'n' || i AS name FROM range(1, 26) t(i)"));
        s3.putObject(BUCKET, "links/l.parquet", ParquetFiles.write(files.resolve("l.parquet"),
                "SELECT i AS \"from\", i + 1 AS \"to\" FROM range(1, 11) t(i)"));
        return E2eServer.environment(s3, postgres, dir, Map.of("STAGING_GRAPH_SNAPSHOTS", "true",
                "STAGING_GRAPH_SNAPSHOT_URI", "s3://" + SNAPSHOTS + "/e2e"));
    }

    /** Registered in the registry, staged by refresh, materialized: what a new node can rebuild. */
    private static void stageAndMaterialize(E2eServer server, String g) {
        register(server, g, "people", "node", "people/a.parquet");
        register(server, g, "links", "relationship", "links/l.parquet");
        ok(server.post("/databases/" + g + "/tables/people/materialize", Map.of()));
        ok(server.post("/databases/" + g + "/tables/links/materialize",
                Map.of("from_node_table", "people", "to_node_table", "people")));
    }

    private static void register(E2eServer server, String g, String table, String type, String object) {
        ok(server.post("/databases/" + g + "/registry/tables", Map.of("table_name", table, "table_type", type)));
        ok(server.post("/databases/" + g + "/registry/tables/" + table + "/files", Map.of("s3_key",
                "s3://" + BUCKET + "/" + object, "file_name", object, "file_size_bytes", 1, "upload_status", "completed")));
        ok(server.post("/databases/" + g + "/tables/" + table + "/refresh", ""));
    }

    private record Counts(long stagedPeople, long stagedLinks, long graphPeople, long graphLinks) {}

    private static Counts counts(E2eServer server, String g) {
        return new Counts(sql(server, g, "SELECT count(*) AS n FROM people"), sql(server, g, "SELECT count(*) AS n FROM links"),
                number(cypher(server, g, "MATCH (p:people) RETURN count(p) AS n")),
                number(cypher(server, g, "MATCH ()-[l:links]->() RETURN count(l) AS n")));
    }

    private static long sql(E2eServer server, String g, String sql) {
        HttpResponse<String> response = server.post("/databases/" + g + "/tables/query", Map.of("sql", sql, "parameters", List.of()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("rows").get(0).get(0).asLong();
    }

    private static HttpResponse<String> cypher(E2eServer server, String g, String cypher) {
        return server.post("/databases/" + g + "/query", Map.of("cypher", cypher));
    }

    private static long number(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode data = json(response).get("data");
        return data.get(0).get("n").asLong();
    }

    private static void ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    /** A graph's files under a data directory: its database and write-ahead log, its spool and exports. */
    private static void deleteGraphFiles(Path root, String graph) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> lost;
        try (Stream<Path> paths = Files.walk(root)) {
            lost = paths.filter(p -> {
                String name = p.getFileName().toString();
                return name.equals(graph) || name.startsWith(graph + ".");
            }).toList();
        }
        for (Path top : lost) {
            if (!Files.exists(top)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(top)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
