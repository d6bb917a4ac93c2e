package io.graphstaging.tests.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.s3.testing.S3ProxyServer;
import io.graphstaging.tests.bench.ScratchDirectory;
import io.graphstaging.tests.bench.Statistics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Tasks against synchronous calls (issue 13), over HTTP against the server jar with a real
 * registry (embedded PostgreSQL) and S3Proxy: a 20-object staging ({@code POST /databases/{g}/tables})
 * and a 1M-node materialize of a new graph table ({@code POST .../materialize}), each timed as a
 * synchronous call (request to answer) and as a task ({@code Prefer: respond-async}, request to
 * the task's {@code completed_at}, read by polling its status every 20 ms; the store's clock is
 * this machine's). Same run, alternating order, one warm-up round then medians of
 * {@code bench.rounds}; goal: task / synchronous at most 1.05. While each task runs its
 * {@code /monitor} stream is read, and the largest gap between two of its events (progress,
 * heartbeat, the end) is reported, with the time from the task's {@code completed_at} to the
 * monitor's {@code completed} event (how late a watcher learns of the end). Run (after {@code mvn -B -q install -DskipTests}):
 * {@code mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.http.TaskBenchmark}
 * (system properties {@code bench.files} 20, {@code bench.rows} 1000000, {@code bench.rounds} 5;
 * {@code bench.monitor} false leaves the monitor stream out, to see what watching costs).
 */
public final class TaskBenchmark {
    private static final String BUCKET = "taskbench";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    private TaskBenchmark(String base) {
        this.base = base;
    }

    /**
     * One timed run: seconds, the largest gap between monitor events and the time from the task's
     * {@code completed_at} to the monitor's {@code completed} event (tasks read with the monitor only).
     */
    private record Timed(double seconds, long largestGapMs, long endLagMs) {}

    /** What reading a monitor stream saw: the largest gap between events, and when its end event came. */
    private record Watched(long largestGapMs, Instant ended) {}

    public static void main(String[] args) throws Exception {
        int files = Integer.getInteger("bench.files", 20);
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        int rounds = Integer.getInteger("bench.rounds", 5);
        try (ScratchDirectory scratch = ScratchDirectory.create("task-bench");
             S3ProxyServer s3 = S3ProxyServer.start();
             PostgresTestServer postgres = PostgresTestServer.start()) {
            publish(s3, scratch.path().resolve("source"), files, rows);
            Path work = Files.createDirectories(scratch.path().resolve("server"));
            try (JarServer server = JarServer.start(work, "1g", environment(s3, postgres, work))) {
                new TaskBenchmark(server.base).run(rounds, files, rows);
            }
        }
    }

    private void run(int rounds, int files, int rows) throws Exception {
        String pattern = "s3://" + BUCKET + "/parts/*.parquet";
        List<Double> stageSync = new ArrayList<>();
        List<Double> stageTask = new ArrayList<>();
        List<Double> loadSync = new ArrayList<>();
        List<Double> loadTask = new ArrayList<>();
        long stageGap = 0;
        long loadGap = 0;
        List<Double> stageLag = new ArrayList<>();
        List<Double> loadLag = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            boolean syncFirst = round % 2 == 0;
            Map<String, Object> create = Map.of("table_name", "entities", "s3_pattern", pattern);
            String syncGraph = "s" + round;
            String taskGraph = "t" + round;
            Timed ss = null;
            Timed st;
            if (syncFirst) {
                ss = sync("/databases/" + syncGraph + "/tables", create);
            }
            st = task("/databases/" + taskGraph + "/tables", create);
            if (!syncFirst) {
                ss = sync("/databases/" + syncGraph + "/tables", create);
            }
            // Each graph now holds the staged table: materialize it into a new graph table.
            Timed ls = null;
            Timed lt;
            String materialize = "/tables/entities/materialize";
            if (syncFirst) {
                ls = sync("/databases/" + syncGraph + materialize, Map.of());
            }
            lt = task("/databases/" + taskGraph + materialize, Map.of());
            if (!syncFirst) {
                ls = sync("/databases/" + syncGraph + materialize, Map.of());
            }
            System.out.printf(Locale.ROOT, "round %d%s: staging sync %.3f s, task %.3f s (gap %d ms); "
                            + "materialize sync %.3f s, task %.3f s (gap %d ms); completed_at to the monitor's end "
                            + "event: staging %d ms, materialize %d ms%n", round, round == 0 ? " (warm-up)" : "",
                    ss.seconds(), st.seconds(), st.largestGapMs(), ls.seconds(), lt.seconds(), lt.largestGapMs(),
                    st.endLagMs(), lt.endLagMs());
            if (round > 0) {
                stageSync.add(ss.seconds());
                stageTask.add(st.seconds());
                loadSync.add(ls.seconds());
                loadTask.add(lt.seconds());
                stageGap = Math.max(stageGap, st.largestGapMs());
                loadGap = Math.max(loadGap, lt.largestGapMs());
                stageLag.add((double) st.endLagMs());
                loadLag.add((double) lt.endLagMs());
            }
            delete(syncGraph);
            delete(taskGraph);
        }
        report("staging of " + files + " objects (" + rows + " rows)", stageSync, stageTask, stageGap);
        report("materialize of " + rows + " nodes", loadSync, loadTask, loadGap);
        if (monitored()) {
            System.out.printf(Locale.ROOT, "completed_at to the monitor's completed event, medians of %d: staging %.0f ms, "
                    + "materialize %.0f ms%n", stageLag.size(), Statistics.median(stageLag), Statistics.median(loadLag));
        }
    }

    private static void report(String what, List<Double> sync, List<Double> task, long gap) {
        double s = Statistics.median(sync);
        double t = Statistics.median(task);
        System.out.printf(Locale.ROOT, "%s, medians of %d: sync %.3f s, task %.3f s, ratio task / sync = %.3f "
                + "(goal <= 1.05); largest gap between two monitor events %d ms%n", what, sync.size(), s, t, t / s, gap);
    }

    private Timed sync(String path, Object body) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = post(path, body, false);
        double seconds = (System.nanoTime() - start) / 1e9;
        check(response, 200);
        return new Timed(seconds, 0, 0);
    }

    private Timed task(String path, Object body) throws Exception {
        Instant requested = Instant.now();
        HttpResponse<String> accepted = post(path, body, true);
        check(accepted, 202);
        String id = JSON.readTree(accepted.body()).get("task_id").asText();
        CompletableFuture<Watched> watched = monitored()
                ? CompletableFuture.supplyAsync(() -> watch(id))
                : CompletableFuture.completedFuture(null);
        JsonNode task = status(id);
        while (!List.of("completed", "failed", "cancelled").contains(task.get("status").asText())) {
            Thread.sleep(20);
            task = status(id);
        }
        if (!task.get("status").asText().equals("completed")) {
            throw new IllegalStateException("task did not complete: " + task);
        }
        Instant completed = Instant.parse(task.get("completed_at").asText());
        double seconds = Duration.between(requested, completed).toNanos() / 1e9;
        Watched seen = watched.get(60, TimeUnit.SECONDS);
        return seen == null ? new Timed(seconds, 0, 0)
                : new Timed(seconds, seen.largestGapMs(), Duration.between(completed, seen.ended()).toMillis());
    }

    private static boolean monitored() {
        return Boolean.parseBoolean(System.getProperty("bench.monitor", "true"));
    }

    /** Reads the task's SSE stream to its end: the largest gap between two events, and when the end came. */
    private Watched watch(String id) {
        try {
            HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/tasks/" + id + "/monitor"))
                    .GET().build(), HttpResponse.BodyHandlers.ofLines());
            long last = -1;
            long largest = 0;
            Instant ended = null;
            for (String line : (Iterable<String>) stream.body()::iterator) {
                if (line.startsWith("event:")) {
                    long now = System.nanoTime();
                    String name = line.substring("event:".length()).trim();
                    if (last >= 0 && !name.equals("connected")) {
                        largest = Math.max(largest, (now - last) / 1_000_000);
                    }
                    last = now;
                    if (name.equals("completed")) {
                        ended = Instant.now();
                    }
                }
            }
            if (ended == null) {
                throw new IllegalStateException("the monitor of task " + id + " closed without a completed event");
            }
            return new Watched(largest, ended);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode status(String id) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/tasks/" + id + "/status"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        check(response, 200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(String path, Object body, boolean async) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (async) {
            request.header("Prefer", "respond-async");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void delete(String graph) throws Exception {
        check(http.send(HttpRequest.newBuilder(URI.create(base + "/databases/" + graph)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()), 200);
    }

    private static void check(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** The end-to-end tests' server settings, with a real registry database. */
    private static Map<String, String> environment(S3ProxyServer s3, PostgresTestServer postgres, Path dir) {
        RegistryConfig registry = postgres.newDatabase();
        Map<String, String> env = new HashMap<>(s3.environment());
        env.put("STAGING_REGISTRY_JDBC_URL", registry.jdbcUrl().orElseThrow());
        env.put("STAGING_REGISTRY_USER", registry.user().orElseThrow());
        env.put("STAGING_REGISTRY_PASSWORD", registry.password().orElseThrow().reveal());
        env.put("DUCKDB_STAGING_DIR", dir.resolve("duckdb-staging").toString());
        env.put("LBUG_DATABASE_DIR", dir.resolve("lbug-dbs").toString());
        env.put("DUCKDB_MEMORY_LIMIT", "512MB");
        env.put("LBUG_BUFFER_POOL_SIZE", "512MB");
        env.put("STAGING_MEMORY_BUDGET", "3GiB");
        env.put("DUCKDB_MAX_THREADS", "2");
        env.put("STAGING_HTTP_HOST", "127.0.0.1");
        return env;
    }

    private static void publish(S3ProxyServer s3, Path source, int files, int rows) throws Exception {
        s3.createBucket(BUCKET);
        Files.createDirectories(source);
        int perFile = rows / files;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (int f = 0; f < files; f++) {
                Path file = source.resolve(String.format("part-%03d.parquet", f));
                long first = (long) f * perFile;
                s.execute("COPY (SELECT (" + first + " + i)::BIGINT AS identifier, 'entity-' || (" + first
                        + " + i) AS name, (hash(i) % 1000000)::DOUBLE / 7 AS score FROM range(" + perFile
                        + ") t(i)) TO '" + file + "' (FORMAT parquet)");
                s3.putObject(BUCKET, "parts/" + file.getFileName(), file);
            }
        }
    }
}
