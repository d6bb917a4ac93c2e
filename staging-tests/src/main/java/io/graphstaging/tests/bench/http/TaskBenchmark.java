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
import java.util.EnumMap;
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
 * and a 1M-node materialize of a new graph table ({@code POST .../materialize}), each run three
 * ways in every round, each on its own graph, the order rotating by round: synchronous (request
 * to answer); as a task ({@code Prefer: respond-async}, request to the task's {@code completed_at};
 * the store's clock is this machine's) whose {@code /monitor} stream is read and whose status is
 * read every {@code bench.poll} ms (1000), as a client watching it would; and as a task whose
 * status is read every 20 ms. One warm-up round, then medians of the rounds' ratios over
 * {@code bench.rounds}; goal: task / synchronous at most 1.05.
 *
 * <p>Why two task variants: on two cores a status read costs about 2.5-3.5 ms of CPU (server,
 * registry and client together, measured at the end of the run), so reading every 20 ms takes
 * 13-17% of one core from the work being timed; the 20 ms variant shows that cost, the other
 * measures the task path. Also reported: each call's CPU time in the server and the registry
 * (less noisy than wall time on a loaded machine), the task's time outside its work (request to
 * {@code created_at} plus the work's end to {@code completed_at}), the largest gap between two
 * monitor events and the time from {@code completed_at} to the monitor's {@code completed}
 * event. Run (after {@code mvn -B -q install -DskipTests}):
 * {@code mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.http.TaskBenchmark}
 * (system properties {@code bench.files} 20, {@code bench.rows} 1000000, {@code bench.rounds} 5,
 * {@code bench.poll} 1000, {@code bench.reads} 1000 status reads for the read cost;
 * {@code bench.monitor} false leaves the monitor stream out, to see what watching costs).
 */
public final class TaskBenchmark {
    private static final String BUCKET = "taskbench";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often the task variant reads a running task's status (a client watching it; the monitor pushes the end). */
    private static final long POLL_MS = Long.getLong("bench.poll", 1000);
    /** How often the busy variant reads it: what the benchmark did before, to show what such reading costs. */
    private static final long BUSY_POLL_MS = 20;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final JarServer server;
    private final Connection registry;

    private TaskBenchmark(JarServer server, Connection registry) {
        this.base = server.base;
        this.server = server;
        this.registry = registry;
    }

    /**
     * One timed run: seconds, the largest gap between monitor events and the time from the task's
     * {@code completed_at} to the monitor's {@code completed} event (tasks read with the monitor only).
     */
    private record Timed(String id, double seconds, long largestGapMs, long endLagMs, long outsideMs, double cpuSeconds) {
        Timed withCpu(double cpu) {
            return new Timed(id, seconds, largestGapMs, endLagMs, outsideMs, cpu);
        }
    }

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
            RegistryConfig registry = postgres.newDatabase();
            try (JarServer server = JarServer.start(work, "1g", environment(s3, registry, work))) {
                try (Connection c = DriverManager.getConnection(registry.jdbcUrl().orElseThrow(),
                        registry.user().orElseThrow(), registry.password().orElseThrow().reveal())) {
                    TaskBenchmark bench = new TaskBenchmark(server, c);
                    String lastTask = bench.run(rounds, files, rows);
                    bench.readCost(lastTask, Integer.getInteger("bench.reads", 1000));
                }
            }
        }
    }

    /** How a round runs its staging and materialize: synchronously, or as tasks whose end is learnt by polling. */
    private enum Variant {
        SYNC("sync", 0), TASK("task", POLL_MS), TASK_BUSY("task, status read every 20 ms", BUSY_POLL_MS);

        final String label;
        final long pollMs;

        Variant(String label, long pollMs) {
            this.label = label;
            this.pollMs = pollMs;
        }
    }

    /** Runs the rounds and reports; returns the id of the last task run. */
    private String run(int rounds, int files, int rows) throws Exception {
        String pattern = "s3://" + BUCKET + "/parts/*.parquet";
        Map<Variant, List<Double>> stageRatios = new EnumMap<>(Variant.class);
        Map<Variant, List<Double>> loadRatios = new EnumMap<>(Variant.class);
        Map<Variant, List<Double>> stageSeconds = new EnumMap<>(Variant.class);
        Map<Variant, List<Double>> loadSeconds = new EnumMap<>(Variant.class);
        Map<Variant, List<Double>> stageCpu = new EnumMap<>(Variant.class);
        Map<Variant, List<Double>> loadCpu = new EnumMap<>(Variant.class);
        for (Variant v : Variant.values()) {
            stageCpu.put(v, new ArrayList<>());
            loadCpu.put(v, new ArrayList<>());
            stageRatios.put(v, new ArrayList<>());
            loadRatios.put(v, new ArrayList<>());
            stageSeconds.put(v, new ArrayList<>());
            loadSeconds.put(v, new ArrayList<>());
        }
        long stageGap = 0;
        long loadGap = 0;
        List<Double> stageLag = new ArrayList<>();
        List<Double> loadLag = new ArrayList<>();
        List<Double> fixedMs = new ArrayList<>();
        String lastTask = null;
        Variant[] all = Variant.values();
        for (int round = 0; round <= rounds; round++) {
            Map<Variant, Timed> staged = new EnumMap<>(Variant.class);
            Map<Variant, Timed> loaded = new EnumMap<>(Variant.class);
            Map<String, Object> create = Map.of("table_name", "entities", "s3_pattern", pattern);
            // Each round starts with another variant, so none always runs first (or last).
            for (int i = 0; i < all.length; i++) {
                Variant v = all[(round + i) % all.length];
                staged.put(v, timed(v, "/databases/" + graph(v, round) + "/tables", create));
            }
            // Each graph now holds the staged table: materialize it into a new graph table.
            for (int i = 0; i < all.length; i++) {
                Variant v = all[(round + i) % all.length];
                loaded.put(v, timed(v, "/databases/" + graph(v, round) + "/tables/entities/materialize", Map.of()));
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d%s (load %s):", round,
                    round == 0 ? " (warm-up)" : "", loadAverage()));
            for (Variant v : all) {
                Timed s = staged.get(v);
                Timed l = loaded.get(v);
                line.append(String.format(Locale.ROOT, " %s: staging %.3f s, materialize %.3f s (CPU %.3f / %.3f s%s);",
                        v.label, s.seconds(), l.seconds(), s.cpuSeconds(), l.cpuSeconds(), v == Variant.SYNC ? ""
                                : String.format(Locale.ROOT, ", outside the work %d / %d ms", s.outsideMs(), l.outsideMs())));
            }
            System.out.println(line);
            if (round > 0) {
                for (Variant v : all) {
                    stageSeconds.get(v).add(staged.get(v).seconds());
                    loadSeconds.get(v).add(loaded.get(v).seconds());
                    stageCpu.get(v).add(staged.get(v).cpuSeconds());
                    loadCpu.get(v).add(loaded.get(v).cpuSeconds());
                    stageRatios.get(v).add(staged.get(v).seconds() / staged.get(Variant.SYNC).seconds());
                    loadRatios.get(v).add(loaded.get(v).seconds() / loaded.get(Variant.SYNC).seconds());
                }
                Timed st = staged.get(Variant.TASK);
                Timed lt = loaded.get(Variant.TASK);
                stageGap = Math.max(stageGap, st.largestGapMs());
                loadGap = Math.max(loadGap, lt.largestGapMs());
                stageLag.add((double) st.endLagMs());
                loadLag.add((double) lt.endLagMs());
                fixedMs.add((double) st.outsideMs());
                fixedMs.add((double) lt.outsideMs());
            }
            lastTask = loaded.get(Variant.TASK).id();
            for (Variant v : all) {
                delete(graph(v, round));
            }
        }
        report("staging of " + files + " objects (" + rows + " rows)", stageSeconds, stageRatios, stageGap);
        report("materialize of " + rows + " nodes", loadSeconds, loadRatios, loadGap);
        StringBuilder cpu = new StringBuilder("CPU time of the server and the registry from the request until 1 s after "
                + "the end was seen, medians:");
        for (Variant v : Variant.values()) {
            cpu.append(String.format(Locale.ROOT, " %s staging %.3f s, materialize %.3f s;", v.label,
                    Statistics.median(stageCpu.get(v)), Statistics.median(loadCpu.get(v))));
        }
        System.out.println(cpu);
        System.out.printf(Locale.ROOT, "task time outside the work (request to created_at, plus the work's end to "
                + "completed_at), median of %d: %.0f ms%n", fixedMs.size(), Statistics.median(fixedMs));
        if (monitored()) {
            System.out.printf(Locale.ROOT, "completed_at to the monitor's completed event, medians of %d: staging %.0f ms, "
                    + "materialize %.0f ms%n", stageLag.size(), Statistics.median(stageLag), Statistics.median(loadLag));
        }
        return lastTask;
    }

    /**
     * What one {@code GET /tasks/{id}/status} costs the machine: {@code reads} reads of an ended
     * task in a row (after as many to warm up), and the CPU time they took in the server process,
     * in the registry's server processes serving the server's connections, and in this process
     * (the client; nothing else runs in it meanwhile). The task rounds read the status every
     * {@code bench.poll} ms while the work runs on the same cores: this is what that reading takes
     * from the work.
     */
    private void readCost(String id, int reads) throws Exception {
        Duration idleBefore = server.cpuTime().plus(registryCpu(registry));
        Thread.sleep(2000);
        System.out.printf(Locale.ROOT, "idle server and registry: %.1f ms of CPU per second%n",
                server.cpuTime().plus(registryCpu(registry)).minus(idleBefore).toNanos() / 1e6 / 2);
        for (String path : List.of("/tasks/" + id + "/status", "/health")) {
            for (int i = 0; i < reads; i++) {
                get(path);
            }
            Duration serverBefore = server.cpuTime();
            Duration registryBefore = registryCpu(registry);
            Duration clientBefore = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
            long start = System.nanoTime();
            for (int i = 0; i < reads; i++) {
                get(path);
            }
            double wallMs = (System.nanoTime() - start) / 1e6;
            double serverMs = server.cpuTime().minus(serverBefore).toNanos() / 1e6 / reads;
            double registryMs = registryCpu(registry).minus(registryBefore).toNanos() / 1e6 / reads;
            double clientMs = ProcessHandle.current().info().totalCpuDuration().orElseThrow().minus(clientBefore)
                    .toNanos() / 1e6 / reads;
            double perRead = serverMs + registryMs + clientMs;
            System.out.printf(Locale.ROOT, "GET %s (%d in a row, load %s): %.2f ms apart; CPU %.2f ms in the server, "
                    + "%.2f ms in the registry, %.2f ms in the client = %.2f ms; every %d ms that is %.0f%% of one core%n",
                    path.startsWith("/tasks") ? "/tasks/{id}/status" : path, reads, loadAverage(), wallMs / reads,
                    serverMs, registryMs, clientMs, perRead, BUSY_POLL_MS, 100 * perRead / BUSY_POLL_MS);
        }
    }

    private void get(String path) throws Exception {
        check(http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()), 200);
    }

    /** CPU time of the registry's server processes that serve the server's connection pool. */
    private static Duration registryCpu(Connection c) throws java.sql.SQLException {
        Duration total = Duration.ZERO;
        try (Statement s = c.createStatement();
             java.sql.ResultSet pids = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = "
                     + "'graph-staging'")) {
            while (pids.next()) {
                total = total.plus(ProcessHandle.of(pids.getLong(1)).flatMap(p -> p.info().totalCpuDuration())
                        .orElse(Duration.ZERO));
            }
        }
        return total;
    }

    private static String graph(Variant v, int round) {
        return switch (v) {
            case SYNC -> "s" + round;
            case TASK -> "t" + round;
            case TASK_BUSY -> "b" + round;
        };
    }

    /**
     * The call, with the CPU time the server and the registry spent from its request until one
     * second after its end was seen: every variant's window then holds its own tail (collection,
     * compilation, engine clean-up after the work), not the one before it.
     */
    private Timed timed(Variant v, String path, Object body) throws Exception {
        Duration before = server.cpuTime().plus(registryCpu(registry));
        Timed timed = v == Variant.SYNC ? sync(path, body) : task(path, body, v.pollMs, v == Variant.TASK && monitored());
        Thread.sleep(1000);
        Duration after = server.cpuTime().plus(registryCpu(registry));
        return timed.withCpu(after.minus(before).toNanos() / 1e9);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void report(String what, Map<Variant, List<Double>> seconds, Map<Variant, List<Double>> ratios,
                               long gap) {
        StringBuilder line = new StringBuilder(what + ", medians of " + seconds.get(Variant.SYNC).size() + ":");
        for (Variant v : Variant.values()) {
            line.append(String.format(Locale.ROOT, " %s %.3f s", v.label, Statistics.median(seconds.get(v))));
            if (v != Variant.SYNC) {
                line.append(String.format(Locale.ROOT, " (%s / sync, median of the rounds' ratios = %.3f)", v.label,
                        Statistics.median(ratios.get(v))));
            }
            line.append(';');
        }
        System.out.println(line + " goal task / sync <= 1.05; largest gap between two monitor events " + gap + " ms");
    }

    private Timed sync(String path, Object body) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = post(path, body, false);
        double seconds = (System.nanoTime() - start) / 1e9;
        check(response, 200);
        return new Timed(null, seconds, 0, 0, 0, 0);
    }

    private Timed task(String path, Object body, long pollMs, boolean monitor) throws Exception {
        Instant requested = Instant.now();
        HttpResponse<String> accepted = post(path, body, true);
        check(accepted, 202);
        String id = JSON.readTree(accepted.body()).get("task_id").asText();
        CompletableFuture<Watched> watched = monitor
                ? CompletableFuture.supplyAsync(() -> watch(id))
                : CompletableFuture.completedFuture(null);
        JsonNode task = status(id);
        while (!List.of("completed", "failed", "cancelled").contains(task.get("status").asText())) {
            Thread.sleep(pollMs);
            task = status(id);
        }
        if (!task.get("status").asText().equals("completed")) {
            throw new IllegalStateException("task did not complete: " + task);
        }
        Instant completed = Instant.parse(task.get("completed_at").asText());
        double seconds = Duration.between(requested, completed).toNanos() / 1e9;
        // The result's execution time runs from the request's arrival to the work's answer: the rest
        // is what the task adds around the same work (recording it, answering 202, recording its end).
        long outside = Math.round(seconds * 1000 - task.get("result").get("execution_time_ms").asDouble());
        Watched seen = watched.get(60, TimeUnit.SECONDS);
        return seen == null ? new Timed(id, seconds, 0, 0, outside, 0)
                : new Timed(id, seconds, seen.largestGapMs(), Duration.between(completed, seen.ended()).toMillis(), outside,
                        0);
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
    private static Map<String, String> environment(S3ProxyServer s3, RegistryConfig registry, Path dir) {
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
