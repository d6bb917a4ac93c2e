package io.graphstaging.tests.bench.duckdb;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.QueryLimits;
import io.graphstaging.core.limit.QueryThreads;
import io.graphstaging.core.limit.QueryTimer;
import io.graphstaging.core.limit.UnstreamedAnswers;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.usecase.RunQuery;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.query.DuckDbStagingQueries;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.tests.bench.Percentiles;
import io.graphstaging.tests.bench.ScratchDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Bounded queries under load, on the DuckDB adapter behind {@link RunQuery} (no HTTP):
 *
 * <ol>
 *   <li>16 clients run a grouped aggregate over a 100k-row table on three graphs for
 *       {@code seconds} (argument 1, default 20), alone (the baseline), then while three runaway
 *       queries (a scan of ten trillion rows, time limit 60 s) run on a fourth graph, twice in
 *       alternation; the
 *       figure is the clients' p99 latency with the runaway queries against the baseline's,
 *       measured in the same run (goal: at most 2x);</li>
 *   <li>the time from a cancel to the query's end, for a query busy executing and for one whose
 *       row fetch stalls, over {@code rounds} runs each (argument 2, default 10): median and
 *       worst (contract: within a second).</li>
 * </ol>
 *
 * Run: {@code mvn -B -q -pl staging-tests exec:java
 * -Dexec.mainClass=io.graphstaging.tests.bench.duckdb.RunawayQueryBenchmark}
 */
public final class RunawayQueryBenchmark {
    private static final int CLIENTS = 16;
    /** Baseline and runaway phases, alternating. */
    private static final int PAIRS = 2;
    private static final long ROWS = 100_000;
    private static final SqlQuery AGGREGATE = new SqlQuery(
            "SELECT bucket, count(*), sum(v), max(identifier) FROM entities GROUP BY bucket ORDER BY bucket", List.of());
    private static final SqlQuery RUNAWAY = new SqlQuery("SELECT count(*) FROM range(10000000000000) t(i) WHERE i % 7 = 3",
            List.of());
    private static final SqlQuery STALLING = new SqlQuery("SELECT i FROM range(3000000) t(i) UNION ALL"
            + " SELECT i FROM range(10000000000000) t(i) WHERE i % 1000000000000 = 7", List.of());

    private RunawayQueryBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (ScratchDirectory scratch = ScratchDirectory.create("runaway-bench")) {
            run(scratch.path(), seconds, rounds);
        }
    }

    private static void run(Path base, int seconds, int rounds) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        DuckDbConfig config = DuckDbConfig.defaults(base.resolve("staging")).withMemoryLimit(ByteSize.ofMebibytes(512));
        QueryThreads threads = new QueryThreads(cores);
        try (DuckDbConnectionPool pool = new DuckDbConnectionPool(config, new SpoolDirectory(base.resolve("spool")),
                Clock.systemUTC()); QueryTimer timer = new QueryTimer(Duration.ofSeconds(60))) {
            DuckDbStagingQueries queries = new DuckDbStagingQueries(pool, threads);
            RunQuery run = new RunQuery(queries, timer, new UnstreamedAnswers(QueryLimits.defaults(
                    Runtime.getRuntime().maxMemory(), cores)));
            GraphId runaway = GraphId.of("runaway");
            List<GraphId> busy = List.of(GraphId.of("busy-1"), GraphId.of("busy-2"), GraphId.of("busy-3"));
            Path rows = generate(base.resolve("rows.parquet"));
            DuckDbStagingStore store = new DuckDbStagingStore(pool);
            for (GraphId graph : concat(busy, runaway)) {
                Path spooled = Files.copy(rows, Files.createDirectories(pool.paths().spool(graph)).resolve("rows.parquet"));
                store.createTable(graph, TableName.of("entities"), List.of(new SourceFile(new ObjectUri("bench", "rows"),
                        spooled, Optional.empty())), "s3://bench/rows");
            }
            System.out.printf(Locale.ROOT, "cores=%d, query threads=%d (%d per graph), DuckDB threads per graph=%d,"
                    + " %d clients, %d s per phase%n", cores, cores, threads.perGraph(), config.threads(), CLIENTS, seconds);

            load(run, busy, 3); // warm-up
            List<Long> baseline = new ArrayList<>();
            List<Long> withRunaways = new ArrayList<>();
            // Alternating phases, so a change in the machine's load hits both alike.
            for (int pair = 0; pair < PAIRS; pair++) {
                baseline.addAll(load(run, busy, seconds));
                List<Cancellation> stops = new ArrayList<>();
                List<CompletableFuture<Void>> runaways = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Cancellation stop = new Cancellation();
                    stops.add(stop);
                    runaways.add(CompletableFuture.runAsync(() -> expectStopped(() -> run.all(runaway, RUNAWAY, stop))));
                }
                withRunaways.addAll(load(run, busy, seconds));
                stops.forEach(s -> s.cancel(ErrorCode.CANCELLED, "benchmark phase over"));
                CompletableFuture.allOf(runaways.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            }

            report("alone", baseline, PAIRS * seconds);
            report("with 3 runaway queries", withRunaways, PAIRS * seconds);
            System.out.printf(Locale.ROOT, "p99 ratio (runaway / alone): %.2fx; p50 ratio: %.2fx%n",
                    Percentiles.of(withRunaways, 99) / (double) Percentiles.of(baseline, 99),
                    Percentiles.of(withRunaways, 50) / (double) Percentiles.of(baseline, 50));

            for (SqlQuery stuck : List.of(RUNAWAY, STALLING)) {
                List<Long> latencies = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    latencies.add(cancelLatencyMicros(queries, runaway, stuck));
                }
                System.out.printf(Locale.ROOT, "cancel -> stopped, %s: median %.1f ms, worst %.1f ms (%d runs)%n",
                        stuck == RUNAWAY ? "while executing" : "while fetching", Percentiles.of(latencies, 50) / 1000.0,
                        Collections.max(latencies) / 1000.0, rounds);
            }
        }
    }

    /** Runs the aggregate from every client for {@code seconds}; the latencies in microseconds. */
    private static List<Long> load(RunQuery run, List<GraphId> graphs, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<CompletableFuture<List<Long>>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            done.add(CompletableFuture.supplyAsync(() -> {
                List<Long> latencies = new ArrayList<>();
                while (System.nanoTime() < end) {
                    GraphId graph = graphs.get(ThreadLocalRandom.current().nextInt(graphs.size()));
                    long start = System.nanoTime();
                    run.all(graph, AGGREGATE, new Cancellation());
                    latencies.add((System.nanoTime() - start) / 1000);
                }
                return latencies;
            }, clients));
        }
        List<Long> all = new ArrayList<>();
        for (CompletableFuture<List<Long>> client : done) {
            all.addAll(client.get());
        }
        clients.shutdown();
        return all;
    }

    private static long cancelLatencyMicros(DuckDbStagingQueries queries, GraphId graph, SqlQuery stuck) throws Exception {
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Long> stopped = CompletableFuture.supplyAsync(() -> {
            expectStopped(() -> queries.stream(graph, stuck, 10_000, cancellation, chunk -> { }));
            return System.nanoTime();
        });
        Thread.sleep(500);
        long cancelled = System.nanoTime();
        cancellation.cancel(ErrorCode.CANCELLED, "benchmark");
        return (stopped.get(60, TimeUnit.SECONDS) - cancelled) / 1000;
    }

    /** Runs a query that only its time limit or a cancel ends; anything else is a failure of the benchmark. */
    private static void expectStopped(Runnable query) {
        try {
            query.run();
        } catch (StagingException e) {
            if (e.code() == ErrorCode.QUERY_TIMEOUT || e.code() == ErrorCode.CANCELLED) {
                return;
            }
            throw e;
        }
        throw new IllegalStateException("A runaway query ended by itself");
    }

    private static void report(String phase, List<Long> latencies, int seconds) {
        System.out.printf(Locale.ROOT, "%-24s %6d queries (%.0f/s), p50 %.1f ms, p99 %.1f ms%n", phase, latencies.size(),
                latencies.size() / (double) seconds, Percentiles.of(latencies, 50) / 1000.0,
                Percentiles.of(latencies, 99) / 1000.0);
    }

    private static Path generate(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT i AS identifier, i % 100 AS bucket, random() AS v FROM range(" + ROWS + ") t(i)) TO '"
                    + file.toString().replace("'", "''") + "' (FORMAT parquet)");
        }
        return file;
    }

    private static List<GraphId> concat(List<GraphId> graphs, GraphId more) {
        List<GraphId> all = new ArrayList<>(graphs);
        all.add(more);
        return all;
    }
}
