package io.graphstaging.tests.e2e;

import static io.graphstaging.tests.e2e.E2eServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings of the hardening issue at the edge, on the real server over HTTP: table names that
 * differ in case share one queue, a runaway query stops when its client leaves, errors below the
 * routes carry the JSON body, and a stop with a query stuck takes about its grace period while the
 * other graphs are checkpointed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class HardeningE2eTest {
    private static final String BUCKET = "e2e-hardening";
    private static final String S3 = "s3://" + BUCKET + "/";
    /** Hours of work for the engine: only an interrupt ends it. */
    private static final String RUNAWAY = "SELECT count(*) FROM range(10000000000000) t(i) WHERE i % 7 = 3";

    private S3ProxyServer s3;
    private PostgresTestServer postgres;
    private E2eServer server;

    @BeforeAll
    void start(S3ProxyServer s3, PostgresTestServer postgres, @TempDir Path files) {
        this.s3 = s3;
        this.postgres = postgres;
        s3.createBucket(BUCKET);
        s3.putObject(BUCKET, "rows.parquet", ParquetFiles.write(files.resolve("rows.parquet"),
                "SELECT i AS id, 'row ' || i AS label, i % 7 AS bucket FROM range(0, 300000) t(i)"));
        s3.putObject(BUCKET, "people.parquet", ParquetFiles.write(files.resolve("people.parquet"),
                "SELECT i AS identifier, 'p' || i AS name FROM range(1, 101) t(i)"));
        server = E2eServer.start(s3, postgres, Map.of());
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    private HttpResponse<String> create(E2eServer on, String graph, String table, String key) {
        return on.post("/databases/" + graph + "/tables", Map.of("table_name", table, "s3_pattern", S3 + key));
    }

    @Test
    void concurrentCreatesOfOneTableInTwoCasesQueueInsteadOfFailing() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> creates = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String name = i % 2 == 0 ? "Race" : "race";
            creates.add(server.http.sendAsync(server.request("/databases/g_race/tables")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"table_name\": \"" + name + "\", \"s3_pattern\": \""
                            + S3 + "rows.parquet\"}")).build(), HttpResponse.BodyHandlers.ofString()));
        }

        for (CompletableFuture<HttpResponse<String>> create : creates) {
            HttpResponse<String> answer = create.get(300, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(json(answer).get("table_name").asText()).isEqualToIgnoringCase("race");
            assertThat(json(answer).get("row_count").asLong()).isEqualTo(300000);
        }
        JsonNode tables = json(server.get("/databases/g_race/tables"));
        assertThat(tables).hasSize(1);
        assertThat(tables.get(0).get("table_name").asText()).isEqualToIgnoringCase("race");
    }

    @Test
    void aRunawayQueryStopsWhenItsClientLeaves() throws Exception {
        assertThat(create(server, "g_runaway", "people", "people.parquet").statusCode()).isEqualTo(200);
        String body = "{\"sql\": \"" + RUNAWAY + "\"}";
        long closedAt;
        try (Socket socket = new Socket("127.0.0.1", server.process.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /databases/g_runaway/tables/query HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitConnectionsInUse("g_runaway", 1);
            closedAt = System.nanoTime();
        }

        awaitConnectionsInUse("g_runaway", 0);
        System.out.printf("Runaway query stopped %d ms after its client left%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt));
        HttpResponse<String> after = server.post("/databases/g_runaway/tables/query", Map.of("sql", "SELECT count(*) FROM people"));
        assertThat(json(after).get("rows").get(0).get(0).asLong()).as(after.body()).isEqualTo(100);
    }

    private void awaitConnectionsInUse(String graph, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int inUse;
        do {
            Thread.sleep(50);
            JsonNode pool = json(server.get("/stats")).get("database_pools").get(graph);
            inUse = pool == null ? 0 : pool.get("in_use").asInt();
        } while (inUse != expected && System.nanoTime() < deadline);
        assertThat(inUse).as("connections of %s in use", graph).isEqualTo(expected);
    }

    @Test
    void errorsBelowTheRoutesCarryTheJsonBody() throws Exception {
        HttpResponse<String> traversal = server.send(HttpRequest.newBuilder(URI.create(server.base
                + "/databases/..%2F..%2Fetc/tables")).GET());
        assertThat(traversal.statusCode()).as(traversal.body()).isEqualTo(400);
        assertThat(json(traversal).get("code").asText()).isIn("invalid_request", "invalid_graph_id");

        HttpResponse<String> wrongMethod = server.send(server.request("/databases/g1/tables")
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(wrongMethod.statusCode()).as(wrongMethod.body()).isEqualTo(405);
        assertThat(json(wrongMethod).get("code").asText()).isEqualTo("method_not_allowed");

        try (Socket socket = new Socket("127.0.0.1", server.process.port)) {
            socket.getOutputStream().write(("POST /databases/g1/tables HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + "application/json\r\nContent-Length: 200\r\n\r\n{\"table_name\": \"peo").getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400").contains("\"code\":\"invalid_request\"").doesNotContain("<html");
        }
    }

    @Test
    void aStopWithAStuckQueryTakesAboutTheGracePeriodAndCheckpointsTheOtherGraphs() throws Exception {
        E2eServer stopping = E2eServer.start(s3, postgres, Map.of("STAGING_SHUTDOWN_GRACE_SECONDS", "3"));
        E2eServer restarted = null;
        try {
            assertThat(create(stopping, "g_kept", "people", "people.parquet").statusCode()).isEqualTo(200);
            assertThat(create(stopping, "g_stuck", "people", "people.parquet").statusCode()).isEqualTo(200);
            CompletableFuture<HttpResponse<String>> stuck = stopping.http.sendAsync(stopping.request("/databases/g_stuck/tables/query")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"" + RUNAWAY + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(1_000);
            assertThat(stuck).as("the query runs").isNotDone();

            long start = System.nanoTime();
            assertThat(stopping.process.stop(Duration.ofSeconds(90))).as("stopped on SIGTERM").isTrue();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            System.out.printf("SIGTERM with a stuck query: stopped in %d ms (grace 3 s)%n", millis);
            assertThat(millis).as("about the grace period, not the query's hours").isLessThan(20_000);
            assertThat(stopping.process.exitValue()).isIn(0, 143);
            assertThat(stopping.process.logText()).contains("queries cancelled").contains("Stopped");
            HttpResponse<String> answer = stuck.get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(json(answer).get("code").asText()).isEqualTo("shutting_down");
            assertThat(stopping.dir.resolve("duckdb-staging/g_kept.duckdb.wal")).as("checkpointed at close").doesNotExist();

            restarted = stopping.restart();
            HttpResponse<String> kept = restarted.post("/databases/g_kept/tables/query", Map.of("sql", "SELECT count(*) FROM people"));
            assertThat(json(kept).get("rows").get(0).get(0).asLong()).as(kept.body()).isEqualTo(100);
        } finally {
            if (restarted != null) {
                restarted.close();
            } else {
                stopping.close();
            }
        }
    }
}
