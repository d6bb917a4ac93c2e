package io.graphstaging.tests.cluster;

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
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real server processes sharing one registry and one object store (issue 16): the readiness
 * route, and the per-graph write lease that keeps a second node from writing a graph the first
 * holds, until the first dies and its lease runs out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class GraphLeaseE2eTest {
    private static final String BUCKET = "e2e-lease";
    private static final String SNAPSHOTS = "e2e-lease-snapshots";
    private static final String LEASE_SECONDS = "3";

    private E2eServer first;
    private E2eServer second;

    @BeforeAll
    void start(S3ProxyServer s3, PostgresTestServer postgres, @TempDir Path files) throws IOException {
        s3.createBucket(BUCKET);
        s3.createBucket(SNAPSHOTS);
        s3.putObject(BUCKET, "e.parquet", ParquetFiles.write(files.resolve("e.parquet"),
                "SELECT 'e' || i AS identifier, i AS amount FROM range(0, 100) t(i)"));
        Path firstDir = Files.createTempDirectory("lease-node-1-");
        Map<String, String> firstEnv = E2eServer.environment(s3, postgres, firstDir, Map.of(
                "STAGING_NODE_ID", "node-1", "STAGING_GRAPH_LEASE_SECONDS", LEASE_SECONDS,
                "STAGING_API_KEY", "lease-test-key", "STAGING_GRAPH_SNAPSHOT_URI", "s3://" + SNAPSHOTS + "/lease"));
        // The second node: the same registry and store, its own directories and node id.
        Path secondDir = Files.createTempDirectory("lease-node-2-");
        Map<String, String> secondEnv = new HashMap<>(firstEnv);
        secondEnv.put("STAGING_NODE_ID", "node-2");
        secondEnv.put("DUCKDB_STAGING_DIR", secondDir.resolve("duckdb-staging").toString());
        secondEnv.put("LBUG_DATABASE_DIR", secondDir.resolve("lbug-dbs").toString());
        first = E2eServer.startIn(firstDir, firstEnv);
        second = E2eServer.startIn(secondDir, secondEnv);
        first.withHeader("X-Graph-API-Key", "lease-test-key");
        second.withHeader("X-Graph-API-Key", "lease-test-key");
    }

    @AfterAll
    void stop() throws IOException {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    private static HttpResponse<String> create(E2eServer node, String graph) {
        return node.post("/databases/" + graph + "/tables",
                Map.of("table_name", "entities", "s3_pattern", List.of("s3://" + BUCKET + "/e.parquet")));
    }

    @Test
    void readyNeedsNoKeyAndNamesWhatIsWrongWhenADataDirectoryTakesNoFile() throws Exception {
        HttpResponse<String> ready = first.send(HttpRequest.newBuilder(URI.create(first.base + "/ready")).GET());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonNode body = json(ready);
        assertThat(body.get("status").asText()).isEqualTo("ready");
        assertThat(body.get("checks").get("registry").asText()).isEqualTo("ok");
        assertThat(body.get("checks").get("data_directories").asText()).isEqualTo("ok");

        // The graph directory replaced by a plain file: the node can no longer write graphs.
        Path graphs = second.dir.resolve("lbug-dbs");
        Path aside = second.dir.resolve("lbug-dbs-aside");
        Files.move(graphs, aside);
        Files.writeString(graphs, "not a directory");
        try {
            JsonNode notReady = awaitReady(second, 503);
            assertThat(notReady.get("status").asText()).isEqualTo("not_ready");
            assertThat(notReady.get("checks").get("data_directories").asText())
                    .contains("LBUG_DATABASE_DIR").doesNotContain(second.dir.toString());
        } finally {
            Files.delete(graphs);
            Files.move(aside, graphs);
        }
        assertThat(awaitReady(second, 200).get("status").asText()).isEqualTo("ready");
    }

    @Test
    void aGraphHeldByOneNodeIsRefusedToTheOtherUntilTheHolderIsDeletedOrDead() throws Exception {
        HttpResponse<String> created = create(first, "leased");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        HttpResponse<String> refused = create(second, "leased");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused).get("code").asText()).isEqualTo("graph_owned_elsewhere");
        assertThat(json(refused).get("detail").asText()).contains("node-1");
        // Reads and the shared registry are not writes of the graph's files.
        assertThat(second.get("/databases/leased/tables").statusCode()).isEqualTo(200);
        // Renewed by its holder, the lease outlives its term.
        Thread.sleep(Duration.ofSeconds(Long.parseLong(LEASE_SECONDS) * 2).toMillis());
        assertThat(create(second, "leased").statusCode()).isEqualTo(409);
        assertThat(first.post("/databases/leased/tables/entities/refresh", "{}").statusCode()).isNotEqualTo(409);

        // A deleted graph's lease is released: any node may create it again.
        assertThat(first.delete("/databases/leased").statusCode()).isEqualTo(200);
        HttpResponse<String> recreated = create(second, "leased");
        assertThat(recreated.statusCode()).as(recreated.body()).isEqualTo(200);
        assertThat(create(first, "leased").statusCode()).isEqualTo(409);
    }

    @Test
    void aDeadNodesGraphIsTakenOverOnceItsLeaseRunsOut() throws Exception {
        Path dir = Files.createTempDirectory("lease-node-3-");
        E2eServer doomed = E2eServer.startIn(dir, nodeEnv("node-3", dir));
        doomed.withHeader("X-Graph-API-Key", "lease-test-key");
        try {
            assertThat(create(doomed, "orphaned").statusCode()).isEqualTo(200);
            assertThat(create(second, "orphaned").statusCode()).isEqualTo(409);
            doomed.kill();
            Instant killed = Instant.now();
            HttpResponse<String> taken;
            do {
                Thread.sleep(250);
                taken = create(second, "orphaned");
            } while (taken.statusCode() == 409 && Duration.between(killed, Instant.now()).toSeconds() < 30);
            assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
            assertThat(json(taken).get("row_count").asLong()).isEqualTo(100);
        } finally {
            doomed.close();
        }
    }

    private Map<String, String> nodeEnv(String node, Path dir) {
        Map<String, String> env = new HashMap<>(first.settings());
        env.put("STAGING_NODE_ID", node);
        env.put("DUCKDB_STAGING_DIR", dir.resolve("duckdb-staging").toString());
        env.put("LBUG_DATABASE_DIR", dir.resolve("lbug-dbs").toString());
        return env;
    }

    /** Readiness is probed at most once a second: waits (up to 10 s) for the expected status. */
    private static JsonNode awaitReady(E2eServer node, int status) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(10);
        HttpResponse<String> ready;
        do {
            ready = node.send(HttpRequest.newBuilder(URI.create(node.base + "/ready")).GET());
            if (ready.statusCode() == status) {
                return json(ready);
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(until));
        throw new AssertionError("/ready stayed " + ready.statusCode() + ": " + ready.body());
    }
}
