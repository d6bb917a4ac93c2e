package io.graphstaging.tests.fault;

import static io.graphstaging.tests.fault.RestartableServer.filesUnder;
import static io.graphstaging.tests.fault.RestartableServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import io.graphstaging.tests.e2e.E2eServer;
import io.graphstaging.tests.e2e.ParquetFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kill -9 of the real server jar while it creates, appends to, deletes a file from and
 * refreshes a table, at moments spread over the operation (fetching objects, reading schemas,
 * writing rows, committing, checkpointing), then a start on the same files. After each, the
 * table is wholly as before or wholly as after (rows per source file, the listing's counts), no
 * temporary spool file, export or spill file is left, and the operation then succeeds.
 */
@Tag("fault")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class KillDuringStagingFaultTest {
    private static final Logger LOG = LoggerFactory.getLogger(KillDuringStagingFaultTest.class);
    private static final String BUCKET = "faults-kill";
    private static final String S3 = "s3://" + BUCKET + "/";
    private static final long ROWS = 800_000;
    /** Where in the operation's uninterrupted duration each kill lands. */
    private static final double[] KILL_AT = {0.05, 0.25, 0.5, 0.75, 0.95};

    private RestartableServer server;

    /** One operation: what the table holds before it and after it, as rows per file tag. */
    private record Operation(Consumer<String> before, Function<String, HttpRequest.Builder> request,
                             Map<String, Long> rowsBefore, Map<String, Long> rowsAfter) {}

    @BeforeAll
    void start(S3ProxyServer s3, PostgresTestServer postgres, @TempDir Path files) throws Exception {
        s3.createBucket(BUCKET);
        // Disjoint identifiers per file; each name starts with its file's tag.
        String[][] objects = {{"v1/a.parquet", "a", "0"}, {"v1/b.parquet", "b", "1"}, {"v2/c.parquet", "c", "0"},
                {"v2/d.parquet", "d", "1"}, {"add/e.parquet", "e", "2"}};
        for (String[] object : objects) {
            long first = Long.parseLong(object[2]) * ROWS;
            Path file = ParquetFiles.write(files.resolve(object[1] + ".parquet"), "SELECT (" + first + " + i)::BIGINT AS"
                    + " identifier, '" + object[1] + "-' || i || '-' || md5(i::VARCHAR) AS name FROM range(" + ROWS + ") t(i)");
            s3.putObject(BUCKET, object[0], file);
        }
        Path dir = Files.createTempDirectory("fault-kill-");
        server = RestartableServer.start(dir, E2eServer.environment(s3, postgres, dir, Map.of()));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private Operation operation(String name) {
        Map<String, Long> ab = Map.of("a", ROWS, "b", ROWS);
        Map<String, Long> abe = Map.of("a", ROWS, "b", ROWS, "e", ROWS);
        return switch (name) {
            case "create" -> new Operation(g -> create(g, List.of("v1/a.parquet", "v1/b.parquet"), Map.of()),
                    g -> post(g, "/tables", Map.of("table_name", "people", "s3_pattern", S3 + "v2/*.parquet")),
                    ab, Map.of("c", ROWS, "d", ROWS));
            case "append" -> new Operation(g -> create(g, List.of("v1/a.parquet", "v1/b.parquet"), Map.of()),
                    g -> post(g, "/tables/people/files", Map.of("s3_pattern", S3 + "add/e.parquet")), ab, abe);
            case "delete-file" -> new Operation(g -> create(g, List.of("v1/a.parquet", "v1/b.parquet", "add/e.parquet"),
                            Map.of(S3 + "v1/a.parquet", "fa", S3 + "v1/b.parquet", "fb", S3 + "add/e.parquet", "fe")),
                    g -> server.http().request("/databases/" + g + "/tables/people/files/fb").DELETE(),
                    abe, Map.of("a", ROWS, "e", ROWS));
            case "refresh" -> new Operation(g -> {
                        register(g, "v1/a.parquet");
                        register(g, "v1/b.parquet");
                        ok(server.http().post("/databases/" + g + "/tables/people/refresh", ""));
                        register(g, "add/e.parquet");
                    },
                    g -> server.http().request("/databases/" + g + "/tables/people/refresh")
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("")),
                    ab, abe);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"create", "append", "delete-file", "refresh"})
    void aKilledOperationLeavesTheTableWhollyOldOrWhollyNew(String name) throws Exception {
        Operation op = operation(name);
        String baseline = graph(name, "baseline");
        op.before().accept(baseline);
        long started = System.nanoTime();
        ok(server.http().send(op.request().apply(baseline)));
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        assertThat(server.rowsPerTag(baseline, "people")).isEqualTo(op.rowsAfter());

        int inFlight = 0;
        for (int k = 0; k < KILL_AT.length; k++) {
            String graph = graph(name, "k" + k);
            op.before().accept(graph);
            assertThat(server.rowsPerTag(graph, "people")).isEqualTo(op.rowsBefore());

            CompletableFuture<HttpResponse<String>> answer = server.http().sendAsync(op.request().apply(graph));
            Thread.sleep((long) (duration.toMillis() * KILL_AT[k]));
            boolean answered = answer.isDone();
            server.killAndRestart();
            inFlight += answered ? 0 : 1;

            Map<String, Long> rows = server.rowsPerTag(graph, "people");
            LOG.info("{}: killed at {} of {} ms ({}), found {}", name, KILL_AT[k], duration.toMillis(),
                    answered ? "already answered" : "in flight", rows);
            assertThat(rows).as("%s killed at %s of its duration", name, KILL_AT[k])
                    .isIn(op.rowsBefore(), op.rowsAfter());
            if (answered) {
                assertThat(rows).as("an answered %s is durable", name).isEqualTo(op.rowsAfter());
            }
            assertThat(server.listed(graph, "people")).as("the listing agrees with the rows")
                    .containsExactly(rows.values().stream().mapToLong(Long::longValue).sum(), (long) rows.size());
            assertNoLeftovers(graph);

            ok(server.http().send(op.request().apply(graph)));
            assertThat(server.rowsPerTag(graph, "people")).isEqualTo(op.rowsAfter());
        }
        assertThat(inFlight).as("kills that landed while %s ran (it took %s ms uninterrupted)", name, duration.toMillis())
                .isGreaterThanOrEqualTo(3);
    }

    private void assertNoLeftovers(String graph) {
        Path staging = server.stagingDir();
        assertThat(filesUnder(server.spoolDir().resolve(graph).resolve(".tmp"))).as("temporary spool files").isEmpty();
        assertThat(filesUnder(staging.resolve("exports").resolve(graph))).as("exports").isEmpty();
        assertThat(filesUnder(staging.resolve(graph + ".duckdb.tmp"))).as("DuckDB spill files").isEmpty();
    }

    private static String graph(String operation, String suffix) {
        return operation.replace("-", "_") + "_" + suffix;
    }

    private void create(String graph, List<String> keys, Map<String, String> fileIds) {
        List<String> uris = keys.stream().map(k -> S3 + k).toList();
        Map<String, Object> body = fileIds.isEmpty() ? Map.of("table_name", "people", "s3_pattern", uris)
                : Map.of("table_name", "people", "s3_pattern", uris, "file_id_map", fileIds);
        ok(server.http().post("/databases/" + graph + "/tables", body));
    }

    private void register(String graph, String key) {
        HttpResponse<String> table = server.http().post("/databases/" + graph + "/registry/tables",
                Map.of("table_name", "people", "table_type", "node"));
        assertThat(table.statusCode()).as(table.body()).isIn(200, 201);
        HttpResponse<String> file = server.http().post("/databases/" + graph + "/registry/tables/people/files", Map.of(
                "s3_key", S3 + key, "file_name", key, "file_size_bytes", 1, "upload_status", "completed"));
        assertThat(file.statusCode()).as(file.body()).isEqualTo(201);
    }

    private HttpRequest.Builder post(String graph, String path, Map<String, Object> body) {
        try {
            return server.http().request("/databases/" + graph + path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(E2eServer.JSON.writeValueAsString(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
