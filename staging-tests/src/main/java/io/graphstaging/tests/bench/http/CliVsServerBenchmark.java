package io.graphstaging.tests.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphstaging.s3.testing.S3ProxyServer;
import io.graphstaging.tests.bench.ScratchDirectory;
import io.graphstaging.tests.bench.Statistics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Issue 14's figure, against S3Proxy on 127.0.0.1, same run: {@code graph-staging load} of one
 * node table from {@code bench.files} (20) objects of {@code bench.rows} (500k) rows, staged and
 * materialized, against the same two calls (stage, materialize) through a running server jar.
 * Both are timed without their start-up, from the first request to the last answer: for the
 * command line, the work its {@code loaded} outcome reports ({@code duration_ms}, from before the
 * first staging to after the materialize); for the server, from sending the staging request to
 * receiving the materialize answer. Goal: command line / server at most 1.05. Also reported: the
 * command line's start-up (process start to its first progress line: JVM, adapters, embedded
 * registry) and its whole wall time.
 *
 * <p>Both run on the defaults a newcomer gets (local directories, the embedded registry), each
 * round in fresh directories, the order alternating; round 0 is a warm-up; medians are reported.
 * Run after {@code mvn -B -q install -DskipTests}: {@code mvn -B -q -pl staging-tests exec:java
 * -Dexec.mainClass=io.graphstaging.tests.bench.http.CliVsServerBenchmark} (system properties
 * {@code bench.files}, {@code bench.rows}, {@code bench.rounds} 2, {@code bench.heap} 2g).
 */
public final class CliVsServerBenchmark {
    private static final String BUCKET = "bench";
    private static final String PATTERN = "s3://" + BUCKET + "/entities/*.parquet";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3ProxyServer s3;
    private final String heap;
    private final long expectedRows;

    private CliVsServerBenchmark(S3ProxyServer s3, String heap, long expectedRows) {
        this.s3 = s3;
        this.heap = heap;
        this.expectedRows = expectedRows;
    }

    /**
     * One command line run: its work, its time to the first progress line, its wall time, and the
     * durations its {@code staged} and {@code materialized} outcomes report, in seconds.
     */
    private record CliRun(double work, double firstProgress, double wall, double staging, double materialize) {}

    /** One server run: first request to last answer, and the execution times its two answers report, in seconds. */
    private record ServerRun(double work, double staging, double materialize) {}

    public static void main(String[] args) throws Exception {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        int files = Integer.getInteger("bench.files", 20);
        int rows = Integer.getInteger("bench.rows", 500_000);
        int rounds = Integer.getInteger("bench.rounds", 2);
        String heap = System.getProperty("bench.heap", "2g");
        try (ScratchDirectory scratch = ScratchDirectory.create("cli-vs-server-bench");
             S3ProxyServer s3 = S3ProxyServer.start()) {
            long bytes = publish(s3, scratch.path(), files, rows);
            System.out.printf(Locale.ROOT, "%d objects of %d rows, %.1f MB in total, S3Proxy at %s%n", files, rows,
                    bytes / 1e6, s3.endpoint());
            CliVsServerBenchmark bench = new CliVsServerBenchmark(s3, heap, (long) files * rows);
            List<CliRun> cli = new ArrayList<>();
            List<ServerRun> server = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                CliRun c;
                ServerRun s;
                if (round % 2 == 1) {
                    c = bench.cli(scratch.path().resolve("cli-" + round));
                    s = bench.server(scratch.path().resolve("server-" + round));
                } else {
                    s = bench.server(scratch.path().resolve("server-" + round));
                    c = bench.cli(scratch.path().resolve("cli-" + round));
                }
                System.out.printf(Locale.ROOT, "round %d%s (load %s): command line work %.3f s (staging %.3f s, "
                        + "materialize %.3f s; first progress line after %.3f s, wall %.3f s), server work %.3f s "
                        + "(staging %.3f s, materialize %.3f s)%n", round, round == 0 ? " (warm-up)" : "",
                        loadAverage(), c.work(), c.staging(), c.materialize(), c.firstProgress(), c.wall(), s.work(),
                        s.staging(), s.materialize());
                if (round > 0) {
                    cli.add(c);
                    server.add(s);
                }
            }
            double cliWork = Statistics.median(cli.stream().map(CliRun::work).toList());
            double serverWork = Statistics.median(server.stream().map(ServerRun::work).toList());
            double firstProgress = Statistics.median(cli.stream().map(CliRun::firstProgress).toList());
            double wall = Statistics.median(cli.stream().map(CliRun::wall).toList());
            System.out.printf(Locale.ROOT, "median of %d rounds: command line work %.3f s, server work %.3f s%n", rounds,
                    cliWork, serverWork);
            System.out.printf(Locale.ROOT, "ratio command line / server = %.3f (goal <= 1.05)%n", cliWork / serverWork);
            System.out.printf(Locale.ROOT, "staging: command line %.3f s, server %.3f s; materialize: command line %.3f s, "
                    + "server %.3f s (medians, as each side reports its steps)%n",
                    Statistics.median(cli.stream().map(CliRun::staging).toList()),
                    Statistics.median(server.stream().map(ServerRun::staging).toList()),
                    Statistics.median(cli.stream().map(CliRun::materialize).toList()),
                    Statistics.median(server.stream().map(ServerRun::materialize).toList()));
            System.out.printf(Locale.ROOT, "command line start-up to its first progress line %.3f s; wall %.3f s, of which"
                    + " %.3f s not work (start-up, embedded registry, closing)%n", firstProgress, wall, wall - cliWork);
        }
    }

    private static long publish(S3ProxyServer s3, Path work, int files, int rows) throws Exception {
        s3.createBucket(BUCKET);
        Path source = Files.createDirectories(work.resolve("source"));
        long total = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (int f = 0; f < files; f++) {
                Path file = source.resolve(String.format(Locale.ROOT, "part-%03d.parquet", f));
                long first = (long) f * rows;
                s.execute("COPY (SELECT (" + first + " + i)::BIGINT AS identifier, 'entity-' || (" + first
                        + " + i) AS name, (i % 97)::INTEGER AS category, (hash(i) % 1000000)::DOUBLE / 7 AS score "
                        + "FROM range(" + rows + ") t(i)) TO '" + file + "' (FORMAT parquet)");
                s3.putObject(BUCKET, "entities/" + file.getFileName(), file);
                total += Files.size(file);
            }
        }
        return total;
    }

    private Map<String, String> environment() {
        return new HashMap<>(s3.environment());
    }

    private CliRun cli(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path manifest = Files.writeString(dir.resolve("bench.yaml"),
                "graph: bench\ntables:\n  - table: entities\n    pattern: " + PATTERN + "\n");
        ProcessBuilder builder = new ProcessBuilder(launcher().toString(), "load", manifest.toString(), "--json")
                .directory(dir.toFile());
        builder.environment().keySet().removeIf(n -> n.startsWith("AWS_") || n.startsWith("STAGING_")
                || n.startsWith("DUCKDB_") || n.startsWith("LBUG_"));
        builder.environment().putAll(environment());
        builder.environment().put("GRAPH_STAGING_JAVA_OPTS", "-Xmx" + heap);
        long start = System.nanoTime();
        Process process = builder.start();
        AtomicLong firstProgress = new AtomicLong();
        StringBuilder err = new StringBuilder();
        Thread errors = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.contains("\"event\":\"progress\"")) {
                        firstProgress.compareAndSet(0, System.nanoTime());
                    }
                    err.append(line).append('\n');
                }
            } catch (IOException e) {
                err.append("reading standard error failed: ").append(e.getMessage());
            }
        });
        errors.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("graph-staging load ran longer than 30 minutes");
        }
        double wall = (System.nanoTime() - start) / 1e9;
        errors.join();
        if (process.exitValue() != 0) {
            throw new IllegalStateException("graph-staging load exited " + process.exitValue() + ": " + out + err);
        }
        JsonNode loaded = out.lines().filter(l -> l.contains("\"event\":\"loaded\"")).map(CliVsServerBenchmark::json)
                .findFirst().orElseThrow(() -> new IllegalStateException("no loaded outcome in " + out));
        require(loaded.get("rows_staged").asLong(), loaded.get("rows_ingested").asLong(), out);
        return new CliRun(loaded.get("duration_ms").asLong() / 1000.0,
                firstProgress.get() == 0 ? Double.NaN : (firstProgress.get() - start) / 1e9, wall,
                outcome(out, "staged").get("duration_ms").asLong() / 1000.0,
                outcome(out, "materialized").get("duration_ms").asLong() / 1000.0);
    }

    private static JsonNode outcome(String out, String event) {
        return out.lines().filter(l -> l.contains("\"event\":\"" + event + "\"")).map(CliVsServerBenchmark::json)
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + event + " outcome in " + out));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private ServerRun server(Path dir) throws Exception {
        Files.createDirectories(dir);
        HttpClient http = HttpClient.newHttpClient();
        try (JarServer server = JarServer.start(dir, heap, environment())) {
            long start = System.nanoTime();
            JsonNode staged = post(http, server.base + "/databases/bench/tables",
                    "{\"table_name\": \"entities\", \"s3_pattern\": \"" + PATTERN + "\"}");
            JsonNode materialized = post(http, server.base + "/databases/bench/tables/entities/materialize", "{}");
            double seconds = (System.nanoTime() - start) / 1e9;
            require(staged.get("row_count").asLong(), materialized.get("rows_ingested").asLong(), staged + " " + materialized);
            return new ServerRun(seconds, staged.get("execution_time_ms").asDouble() / 1000,
                    materialized.get("execution_time_ms").asDouble() / 1000);
        }
    }

    private void require(long staged, long ingested, String what) {
        if (staged != expectedRows || ingested != expectedRows) {
            throw new IllegalStateException("expected " + expectedRows + " rows staged and loaded: " + what);
        }
    }

    private static JsonNode post(HttpClient http, String url, String body) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return json(answer.body());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path launcher() {
        for (Path candidate : List.of(Path.of("staging-cli/target/graph-staging"),
                Path.of("../staging-cli/target/graph-staging"))) {
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("staging-cli/target/graph-staging not found: run mvn -B -q install -DskipTests first");
    }
}
