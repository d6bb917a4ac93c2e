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
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The removal routes over real HTTP, every adapter real: dropping a graph table discards what the
 * sink knew of it, so a sync after the table is created again converges; removing a graph first
 * cancels its running and queued tasks. Each test uses its own graph.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class GraphRemovalE2eTest {
    private static final String BUCKET = "e2e-removal";
    private static final String S3 = "s3://" + BUCKET + "/";

    private E2eServer server;

    @BeforeAll
    void start(S3ProxyServer s3, PostgresTestServer postgres, @TempDir Path files) {
        s3.createBucket(BUCKET);
        s3.putObject(BUCKET, "small/s.parquet", ParquetFiles.write(files.resolve("s.parquet"),
                "SELECT i AS identifier, 'n' || i AS name, (i * 0.5)::DOUBLE AS score FROM range(0, 10) t(i)"));
        for (int i = 0; i < 4; i++) {
            String name = "big" + i + ".parquet";
            s3.putObject(BUCKET, "big/" + name, ParquetFiles.write(files.resolve(name), "SELECT (" + i + " * 500000 + j)"
                    + " AS identifier, md5(j::VARCHAR) AS name, (hash(j) % 1000)::DOUBLE AS score FROM range(0, 500000) t(j)"));
        }
        server = E2eServer.start(s3, postgres, Map.of());
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private JsonNode materialize(String graph, String table, Map<String, Object> body) {
        return ok(server.post("/databases/" + graph + "/tables/" + table + "/materialize", body));
    }

    @Test
    void aSyncAfterAGraphTableWasDroppedAndCreatedAgainConverges() {
        ok(server.post("/databases/g_redrop/tables", Map.of("table_name", "people", "s3_pattern", S3 + "small/*.parquet")));
        assertThat(materialize("g_redrop", "people", Map.of()).get("rows_inserted").asLong()).isEqualTo(10);

        ok(server.delete("/databases/g_redrop/graph/tables/people"));
        ok(server.post("/databases/g_redrop/schema", Map.of("type", "ddl",
                "ddl", "CREATE NODE TABLE people(identifier INT64 PRIMARY KEY, name STRING, score DOUBLE)")));
        JsonNode synced = materialize("g_redrop", "people", Map.of());

        assertThat(synced.get("rows_inserted").asLong()).as(synced.toString()).isEqualTo(10);
        JsonNode verified = materialize("g_redrop", "people", Map.of("verify", true));
        assertThat(verified.get("drift").toString()).isEqualTo("{\"missing\":0,\"different\":0,\"extra\":0}");
        JsonNode count = ok(server.post("/databases/g_redrop/query", Map.of("cypher", "MATCH (p:people) RETURN count(p) AS n")));
        assertThat(count.get("data").get(0).get("n").asLong()).isEqualTo(10);
    }

    @Test
    void removingAGraphCancelsItsRunningAndQueuedTasksFirst() throws Exception {
        String running = submit("/databases/g_remove/tables", Map.of("table_name", "big", "s3_pattern", S3 + "big/*.parquet"));
        awaitTask(running, t -> !t.get("status").asText().equals("pending"));
        String queued = submit("/databases/g_remove/tables", Map.of("table_name", "big", "s3_pattern", S3 + "small/*.parquet"));

        JsonNode removed = ok(server.delete("/databases/g_remove"));

        assertThat(status(running).get("status").asText()).as(removed.toString()).isEqualTo("cancelled");
        assertThat(status(queued).get("status").asText()).isEqualTo("cancelled");
        assertThat(ok(server.get("/databases/g_remove/tables"))).as("nothing staged afterwards").isEmpty();
        HttpResponse<String> graph = server.get("/databases/g_remove/graph/tables");
        if (graph.statusCode() == 200) {
            assertThat(json(graph)).isEmpty();
        } else {
            assertThat(graph.statusCode()).as(graph.body()).isEqualTo(404);
        }
    }

    private String submit(String path, Object body) {
        HttpResponse<String> accepted;
        try {
            accepted = server.send(server.request(path).header("Content-Type", "application/json")
                    .header("Prefer", "respond-async")
                    .POST(HttpRequest.BodyPublishers.ofString(E2eServer.JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return json(accepted).get("task_id").asText();
    }

    private JsonNode status(String id) {
        return ok(server.get("/tasks/" + id + "/status"));
    }

    private JsonNode awaitTask(String id, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode task = status(id);
        while (!done.test(task)) {
            assertThat(System.nanoTime()).as("task %s never got there: %s", id, task).isLessThan(deadline);
            Thread.sleep(50);
            task = status(id);
        }
        return task;
    }
}
