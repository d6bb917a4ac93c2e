package io.graphstaging.tests.e2e;

import static io.graphstaging.tests.e2e.E2eServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.task.NewTask;
import io.graphstaging.core.task.ProgressListener;
import io.graphstaging.core.task.ProgressPhase;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.Task;
import io.graphstaging.core.task.TaskObserver;
import io.graphstaging.core.task.TaskOwner;
import io.graphstaging.core.task.TaskProgress;
import io.graphstaging.core.task.TaskRunner;
import io.graphstaging.core.task.TaskRunnerConfig;
import io.graphstaging.core.task.TaskType;
import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.registry.postgres.PostgresTaskStore;
import io.graphstaging.registry.postgres.RegistryDatabase;
import io.graphstaging.registry.postgres.SortableIds;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long work as tasks over real HTTP, every adapter real: a 20-object staging watched through
 * {@code /monitor}, cancels that stop the work and leave the table and graph as before, tasks in
 * arrival order, the queue limit, a killed server's task read as interrupted after a restart, and
 * the original client's task routes, and a task another process runs on the same registry watched
 * and cancelled through this server. Each test uses its own graph.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class TasksE2eTest {
    private static final String BUCKET = "e2e-tasks";
    private static final String S3 = "s3://" + BUCKET + "/";
    private static final int OBJECTS = 20;
    private static final int MAX_QUEUED = 12;

    private S3ProxyServer s3;
    private PostgresTestServer postgres;
    private E2eServer server;

    @BeforeAll
    void start(S3ProxyServer s3, PostgresTestServer postgres, @TempDir Path files) {
        this.s3 = s3;
        this.postgres = postgres;
        s3.createBucket(BUCKET);
        for (int i = 0; i < OBJECTS; i++) {
            String name = String.format("p%02d.parquet", i);
            put("people/" + name, ParquetFiles.write(files.resolve(name), "SELECT (" + i * 1000 + " + j) AS identifier,"
                    + " 'n' || j AS name, (j * 0.5)::DOUBLE AS score FROM range(0, 1000) t(j)"));
        }
        put("small/s.parquet", ParquetFiles.write(files.resolve("s.parquet"),
                "SELECT i AS identifier, 'small' AS name, 0.0::DOUBLE AS score FROM range(0, 10) t(i)"));
        for (int i = 0; i < 4; i++) {
            String name = "big" + i + ".parquet";
            put("big/" + name, ParquetFiles.write(files.resolve(name), "SELECT (" + i + " * 500000 + j) AS identifier,"
                    + " md5(j::VARCHAR) AS name, (hash(j) % 1000)::DOUBLE AS score FROM range(0, 500000) t(j)"));
        }
        server = E2eServer.start(s3, postgres, Map.of("STAGING_MAX_QUEUED_TASKS", Integer.toString(MAX_QUEUED)));
    }

    private void put(String key, Path file) {
        s3.putObject(BUCKET, key, file);
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    private static Map<String, Object> createBody(String table, String pattern) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("table_name", table);
        body.put("s3_pattern", pattern);
        return body;
    }

    private HttpResponse<String> postAsync(E2eServer on, String path, Object body) {
        try {
            return on.send(on.request(path).header("Content-Type", "application/json").header("Prefer", "respond-async")
                    .POST(HttpRequest.BodyPublishers.ofString(E2eServer.JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String submit(E2eServer on, String path, Object body) {
        HttpResponse<String> accepted = postAsync(on, path, body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = json(accepted).get("task_id").asText();
        assertThat(accepted.headers().firstValue("Location")).contains("/tasks/" + id);
        return id;
    }

    private static JsonNode status(E2eServer on, String id) {
        HttpResponse<String> response = on.get("/tasks/" + id + "/status");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static JsonNode awaitTask(E2eServer on, String id, Predicate<JsonNode> done, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        JsonNode task = status(on, id);
        while (!done.test(task)) {
            assertThat(System.nanoTime()).as("task %s never got there: %s", id, task).isLessThan(deadline);
            Thread.sleep(50);
            task = status(on, id);
        }
        return task;
    }

    private static boolean ended(JsonNode task) {
        return List.of("completed", "failed", "cancelled").contains(task.get("status").asText());
    }

    private static boolean inPhase(JsonNode task, String phase) {
        return task.get("status").asText().equals("running") && task.hasNonNull("progress")
                && task.get("progress").get("phase").asText().equals(phase);
    }

    private List<Path> leftovers(String folder) throws IOException {
        Path dir = server.dir.resolve("duckdb-staging").resolve(folder);
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private List<Path> spoolTemp() throws IOException {
        Path spool = server.dir.resolve("duckdb-staging").resolve("spool");
        if (!Files.exists(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(spool)) {
            return files.filter(p -> p.toString().contains("/.tmp/") && Files.isRegularFile(p)).toList();
        }
    }

    /** One server-sent event: its name and data. */
    private record Event(String name, JsonNode data, Instant at) {}

    private List<Event> monitor(String id) throws Exception {
        HttpResponse<Stream<String>> stream = server.http.send(server.request("/tasks/" + id + "/monitor").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<Event> events = new ArrayList<>();
        String name = null;
        for (String line : (Iterable<String>) stream.body()::iterator) {
            if (line.startsWith("event:")) {
                name = line.substring("event:".length()).trim();
            } else if (line.startsWith("data:")) {
                events.add(new Event(name, E2eServer.JSON.readTree(line.substring("data:".length()).trim()), Instant.now()));
            }
        }
        return events;
    }

    @Test
    void aTwentyObjectStagingWatchedThroughMonitorMovesAndEndsWithTheSynchronousAnswer() throws Exception {
        String id = submit(server, "/databases/g_monitor/tables", createBody("people", S3 + "people/*.parquet"));

        List<Event> events = monitor(id);

        assertThat(events.get(0).name()).isEqualTo("connected");
        assertThat(events.get(0).data().get("task_id").asText()).isEqualTo(id);
        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("completed");
        JsonNode result = last.data().get("result");
        assertThat(last.data().get("progress_percent").asInt()).isEqualTo(100);
        HttpResponse<String> sync = server.post("/databases/g_monitor_sync/tables", createBody("people", S3 + "people/*.parquet"));
        JsonNode expected = json(sync);
        for (String field : List.of("status", "table_name", "row_count", "file_count", "kind")) {
            assertThat(result.get(field)).as(field).isEqualTo(expected.get(field));
        }
        assertThat(result.get("row_count").asLong()).isEqualTo(OBJECTS * 1000L);
        assertThat(events).extracting(Event::name).isSubsetOf("connected", "progress", "heartbeat", "completed");
        JsonNode task = status(server, id);
        // Progress is written every second: a staging that ran longer than two must have shown it
        // (a fast machine may finish first; the big staging below always runs long enough).
        if (Duration.between(Instant.parse(task.get("started_at").asText()),
                Instant.parse(task.get("completed_at").asText())).toSeconds() >= 2) {
            assertThat(events).extracting(Event::name).contains("progress");
        }
        assertThat(task.get("status").asText()).isEqualTo("completed");
        assertThat(task.get("task_type").asText()).isEqualTo("create");
        assertThat(task.get("graph_id").asText()).isEqualTo("g_monitor");
        assertThat(task.get("table_name").asText()).isEqualTo("people");
        assertThat(task.get("created_at").asText()).isNotBlank();
        assertThat(task.get("started_at").asText()).isNotBlank();
        assertThat(task.get("completed_at").asText()).isNotBlank();
    }

    @Test
    void progressMovesThroughThePhasesWhileABigStagingRuns() throws Exception {
        String id = submit(server, "/databases/g_phases/tables", createBody("big", S3 + "big/*.parquet"));

        List<Event> events = monitor(id);

        List<String> phases = events.stream().filter(e -> e.name().equals("progress") && e.data().hasNonNull("progress"))
                .map(e -> e.data().get("progress").get("phase").asText()).distinct().toList();
        assertThat(events.get(events.size() - 1).name()).isEqualTo("completed");
        JsonNode task = status(server, id);
        // The monitor sends a position every second: a staging that ran two seconds or more showed
        // its engine step (an idle machine stages these two million rows in about one).
        if (Duration.between(Instant.parse(task.get("started_at").asText()),
                Instant.parse(task.get("completed_at").asText())).toSeconds() >= 2) {
            assertThat(phases).contains("staging");
        }
        for (int i = 1; i < events.size(); i++) {
            assertThat(java.time.Duration.between(events.get(i - 1).at(), events.get(i).at()).toMillis())
                    .as("a report at least every 2 s").isLessThan(2_000);
        }
    }

    @Test
    void cancellingDuringStagingStopsItAndLeavesTheTableAsBeforeWithNothingLeftOver() throws Exception {
        HttpResponse<String> before = server.post("/databases/g_cancel/tables", createBody("big", S3 + "small/*.parquet"));
        assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
        String id = submit(server, "/databases/g_cancel/tables", createBody("big", S3 + "big/*.parquet"));
        awaitTask(server, id, t -> inPhase(t, "staging") || ended(t), 120);

        HttpResponse<String> cancel = server.delete("/tasks/" + id);

        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        JsonNode task = awaitTask(server, id, TasksE2eTest::ended, 60);
        assertThat(task.get("status").asText()).isEqualTo("cancelled");
        JsonNode tables = json(server.get("/databases/g_cancel/tables"));
        assertThat(tables).hasSize(1);
        assertThat(tables.get(0).get("row_count").asLong()).isEqualTo(10);
        assertThat(spoolTemp()).isEmpty();
        assertThat(leftovers("exports")).isEmpty();
    }

    /** Writing the graph: the sink's copy has begun (the phase is written as it begins). */
    private static boolean writingRows(JsonNode task) {
        return inPhase(task, "loading") && task.get("progress").get("unit").asText().equals("rows");
    }

    @Test
    void cancellingDuringMaterializeStopsTheCopyAndLeavesTheGraphAsBefore() throws Exception {
        HttpResponse<String> staged = server.post("/databases/g_cancel_graph/tables", createBody("Entity", S3 + "big/*.parquet"));
        assertThat(staged.statusCode()).as(staged.body()).isEqualTo(200);
        String id = submit(server, "/databases/g_cancel_graph/tables/Entity/materialize", Map.of("ignore_errors", false));
        // Two million rows into a new table: the copy runs for seconds after its phase is written.
        awaitTask(server, id, t -> writingRows(t) || ended(t), 120);

        server.delete("/tasks/" + id);

        JsonNode task = awaitTask(server, id, TasksE2eTest::ended, 60);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("cancelled");
        JsonNode graph = json(server.get("/databases/g_cancel_graph/graph/tables"));
        for (JsonNode table : graph) {
            assertThat(table.get("row_count").asLong()).as("no partial copy").isZero();
        }
        assertThat(leftovers("exports")).isEmpty();
        HttpResponse<String> again = server.post("/databases/g_cancel_graph/tables/Entity/materialize", "{}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again).get("rows_ingested").asLong()).isEqualTo(2_000_000L);
    }

    @Test
    void aWholeGraphMaterializeRunsAsATaskAndEndsWithTheSynchronousAnswer() throws Exception {
        for (String graph : List.of("g_graph_task", "g_graph_sync")) {
            HttpResponse<String> staged = server.post("/databases/" + graph + "/tables", createBody("people", S3 + "people/p0*.parquet"));
            assertThat(staged.statusCode()).as(staged.body()).isEqualTo(200);
        }
        HttpResponse<String> accepted = server.send(server.request("/databases/g_graph_task/materialize?async=true")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = json(accepted).get("task_id").asText();

        JsonNode task = awaitTask(server, id, TasksE2eTest::ended, 120);
        HttpResponse<String> sync = server.post("/databases/g_graph_sync/materialize", "{}");

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("completed");
        assertThat(task.get("task_type").asText()).isEqualTo("materialize_graph");
        assertThat(task.path("table_name").isMissingNode() || task.get("table_name").isNull()).isTrue();
        assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
        JsonNode expected = json(sync);
        JsonNode result = task.get("result");
        assertThat(result.get("status")).isEqualTo(expected.get("status"));
        assertThat(result.get("tables")).hasSize(1);
        for (String field : List.of("table_name", "rows_ingested", "mode")) {
            assertThat(result.get("tables").get(0).get(field)).as(field).isEqualTo(expected.get("tables").get(0).get(field));
        }
        assertThat(result.get("tables").get(0).get("rows_ingested").asLong()).isEqualTo(10_000L);
    }

    @Test
    void tenTasksOnOneTableRunInArrivalOrderAndTheListShowsThemNewestFirst() throws Exception {
        HttpResponse<String> created = server.post("/databases/g_order/tables", createBody("people", S3 + "small/*.parquet"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(submit(server, "/databases/g_order/tables/people/files",
                    Map.of("s3_pattern", S3 + String.format("people/p%02d.parquet", i))));
        }
        List<JsonNode> done = new ArrayList<>();
        for (String id : ids) {
            done.add(awaitTask(server, id, TasksE2eTest::ended, 120));
        }
        for (int i = 0; i < done.size(); i++) {
            assertThat(done.get(i).get("status").asText()).as(done.get(i).toString()).isEqualTo("completed");
            if (i > 0) {
                // Each starts once the one before has given the table up (its end is recorded just after).
                assertThat(Instant.parse(done.get(i).get("started_at").asText()))
                        .isAfter(Instant.parse(done.get(i - 1).get("started_at").asText()));
                assertThat(Instant.parse(done.get(i).get("completed_at").asText()))
                        .isAfter(Instant.parse(done.get(i - 1).get("completed_at").asText()));
            }
        }
        assertThat(done.get(9).get("result").get("file_count").asLong()).isEqualTo(11);
        JsonNode listed = json(server.get("/tasks?graph_id=g_order&status=completed&limit=10"));
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertThat(listed).extracting(t -> t.get("task_id").asText()).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void pastTheQueueLimitAGraphRefusesTasksWith429ButOtherGraphsAndSynchronousCallsGoOn() throws Exception {
        String running = submit(server, "/databases/g_limit/tables", createBody("big", S3 + "big/*.parquet"));
        awaitTask(server, running, t -> t.get("status").asText().equals("running"), 60);
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < MAX_QUEUED; i++) {
            queued.add(submit(server, "/databases/g_limit/tables", createBody("big", S3 + "small/*.parquet")));
        }

        HttpResponse<String> refused = postAsync(server, "/databases/g_limit/tables", createBody("big", S3 + "small/*.parquet"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(json(refused).get("code").asText()).isEqualTo("task_queue_full");
        assertThat(json(refused).get("detail").asText()).contains("g_limit");
        String elsewhere = submit(server, "/databases/g_limit_other/tables", createBody("t", S3 + "small/*.parquet"));
        assertThat(awaitTask(server, elsewhere, TasksE2eTest::ended, 60).get("status").asText()).isEqualTo("completed");
        for (String id : queued) {
            server.delete("/tasks/" + id);
        }
        server.delete("/tasks/" + running);
        for (String id : queued) {
            assertThat(status(server, id).get("status").asText()).isEqualTo("cancelled");
        }
    }

    @Test
    void theOriginalClientsTaskCallsWork() throws Exception {
        HttpResponse<String> accepted = server.post("/databases/g_client/tables?async=true",
                createBody("people", S3 + "small/*.parquet"));
        assertThat(accepted.statusCode()).as("?async=true without Prefer").isEqualTo(202);
        String id = json(accepted).get("task_id").asText();
        JsonNode task = awaitTask(server, id, TasksE2eTest::ended, 60);

        // get_task_status
        for (String field : List.of("task_id", "task_type", "graph_id", "status", "created_at", "progress_percent")) {
            assertThat(task.has(field)).as(field).isTrue();
        }
        assertThat(json(server.get("/tasks/" + id))).isEqualTo(task);
        // list_tasks
        JsonNode listed = json(server.get("/tasks?graph_id=g_client"));
        assertThat(listed).extracting(t -> t.get("task_id").asText()).containsExactly(id);
        HttpResponse<String> badStatus = server.get("/tasks?status=sleeping");
        assertThat(badStatus.statusCode()).isEqualTo(400);
        // cancel_task on an ended task: unchanged
        HttpResponse<String> cancel = server.delete("/tasks/" + id);
        assertThat(cancel.statusCode()).isEqualTo(200);
        assertThat(json(cancel).get("status").asText()).isEqualTo("completed");
        HttpResponse<String> unknown = server.get("/tasks/task_00000000000000000000000000/status");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(json(unknown).get("code").asText()).isEqualTo("task_not_found");
        HttpResponse<String> monitorUnknown = server.get("/tasks/task_00000000000000000000000000/monitor");
        assertThat(monitorUnknown.statusCode()).isEqualTo(404);
    }

    @Test
    void aServerKilledWithATaskRunningAnswersForItAfterARestartAsFailedInterrupted(@TempDir Path dir) throws Exception {
        Map<String, String> env = E2eServer.environment(s3, postgres, dir, Map.of("STAGING_TASK_LEASE_SECONDS", "3"));
        E2eServer first = E2eServer.startIn(dir, env);
        String id;
        try {
            id = submit(first, "/databases/g_kill/tables", createBody("big", S3 + "big/*.parquet"));
            awaitTask(first, id, t -> t.get("status").asText().equals("running"), 60);
        } finally {
            first.kill();
        }
        try (E2eServer second = first.restart()) {
            JsonNode task = awaitTask(second, id, TasksE2eTest::ended, 30);

            assertThat(task.get("status").asText()).isEqualTo("failed");
            assertThat(task.get("error").get("code").asText()).isEqualTo("interrupted");
            assertThat(json(second.get("/databases/g_kill/tables"))).isEmpty();
        }
    }

    /**
     * A process sharing the server's registry: its own {@link TaskRunner} (another owner) on the
     * real {@link PostgresTaskStore}, running work the test drives. The server holds none of its
     * tasks, so its monitor follows them by reading the store.
     */
    private final class OtherProcess implements AutoCloseable {
        final RegistryDatabase database;
        final TaskRunner runner;
        final CompletableFuture<String> work = new CompletableFuture<>();
        final CompletableFuture<ProgressListener> progress = new CompletableFuture<>();

        OtherProcess() {
            Map<String, String> env = server.settings();
            database = RegistryDatabase.open(RegistryConfig.external(env.get(RegistryConfig.JDBC_URL),
                    env.get(RegistryConfig.USER), env.get(RegistryConfig.PASSWORD)));
            // Positions written every 100 ms: a cancel recorded by the server is heard at the next write.
            runner = new TaskRunner(new PostgresTaskStore(database, new SortableIds()), TaskOwner.of("other-process-1"),
                    TaskRunnerConfig.defaults().withProgressInterval(Duration.ofMillis(100)), TaskObserver.NONE);
        }

        /** Submits a task whose work reports {@code fetching} 1/4 (which starts it) and ends as the test says. */
        String submit(String graph) {
            Task task = runner.submit(NewTask.onTable(TaskType.CREATE, GraphId.of(graph), TableName.of("people"), "{}"),
                    (cancellation, listener) -> {
                        cancellation.onCancel(() -> {
                            try {
                                cancellation.throwIfCancelled();
                            } catch (StagingException cancelled) {
                                work.completeExceptionally(cancelled);
                            }
                        });
                        listener.report(TaskProgress.of(ProgressPhase.FETCHING, 1, 4, ProgressUnit.OBJECTS));
                        progress.complete(listener);
                        return work;
                    });
            return task.id().value();
        }

        @Override
        public void close() {
            runner.close();
            database.close();
        }
    }

    /** Reads a monitor stream on another thread, keeping its events as they come. */
    private CompletableFuture<List<Event>> monitorInBackground(String id, List<Event> seen) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                HttpResponse<Stream<String>> stream = server.http.send(server.request("/tasks/" + id + "/monitor").GET()
                        .build(), HttpResponse.BodyHandlers.ofLines());
                assertThat(stream.statusCode()).isEqualTo(200);
                String name = null;
                for (String line : (Iterable<String>) stream.body()::iterator) {
                    if (line.startsWith("event:")) {
                        name = line.substring("event:".length()).trim();
                    } else if (line.startsWith("data:")) {
                        seen.add(new Event(name, E2eServer.JSON.readTree(line.substring("data:".length()).trim()),
                                Instant.now()));
                    }
                }
                return List.copyOf(seen);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static void awaitEvent(List<Event> seen, Predicate<Event> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (seen.stream().noneMatch(wanted)) {
            assertThat(System.nanoTime()).as("no such event among %s", seen).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static boolean fetched(Event event, long done) {
        JsonNode progress = event.data().get("progress");
        return event.name().equals("progress") && event.data().get("status").asText().equals("running")
                && progress != null && progress.get("phase").asText().equals("fetching") && progress.get("done").asLong() == done;
    }

    @Test
    void aTaskAnotherProcessRunsIsWatchedThroughMonitorFromTheStoreToItsEnd() throws Exception {
        try (OtherProcess other = new OtherProcess()) {
            String id = other.submit("g_elsewhere");
            List<Event> seen = new CopyOnWriteArrayList<>();
            CompletableFuture<List<Event>> stream = monitorInBackground(id, seen);
            awaitEvent(seen, e -> fetched(e, 1));

            other.progress.get(10, TimeUnit.SECONDS).report(TaskProgress.of(ProgressPhase.FETCHING, 3, 4, ProgressUnit.OBJECTS));
            awaitEvent(seen, e -> fetched(e, 3));
            other.work.complete("{\"row_count\": 7}");
            List<Event> events = stream.get(30, TimeUnit.SECONDS);

            assertThat(events.get(0).name()).isEqualTo("connected");
            assertThat(events).extracting(Event::name).isSubsetOf("connected", "progress", "heartbeat", "completed");
            Event last = events.get(events.size() - 1);
            assertThat(last.name()).isEqualTo("completed");
            assertThat(last.data().get("result").get("row_count").asLong()).isEqualTo(7);
            assertThat(status(server, id).get("status").asText()).isEqualTo("completed");
        }
    }

    @Test
    void aTaskAnotherProcessRunsIsCancelledThroughThisServerAndItsMonitorEndsCancelled() throws Exception {
        try (OtherProcess other = new OtherProcess()) {
            String id = other.submit("g_elsewhere_cancel");
            List<Event> seen = new CopyOnWriteArrayList<>();
            CompletableFuture<List<Event>> stream = monitorInBackground(id, seen);
            awaitEvent(seen, e -> fetched(e, 1));

            HttpResponse<String> cancel = server.delete("/tasks/" + id);

            assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
            assertThat(json(cancel).get("cancel_requested").asBoolean()).isTrue();
            List<Event> events = stream.get(30, TimeUnit.SECONDS);
            assertThat(events.get(events.size() - 1).name()).isEqualTo("cancelled");
            assertThat(other.work).isCompletedExceptionally();
            assertThat(status(server, id).get("status").asText()).isEqualTo("cancelled");
        }
    }
}
