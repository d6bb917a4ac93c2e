package io.graphstaging.tests.bench.graph;

import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.port.SyncPlanner;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.usecase.Materialize;
import io.graphstaging.core.usecase.TableLocks;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.duckdb.table.DuckDbSyncPlanner;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.DatabaseConfig;
import io.graphstaging.ladybug.sink.LadybugGraphSink;
import io.graphstaging.tests.bench.ScratchDirectory;
import io.graphstaging.tests.bench.Statistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Materialize modes against each other and against the engine's own bulk copy, in one run:
 * a node table of 1M rows and a relationship table of 3M rows (INT64 properties), each staged
 * from 20 files, through the real use case, staging planner and LadybugDB sink. Per round:
 * <ul>
 *   <li>baseline: LadybugDB's {@code COPY FROM} of Parquet files holding exactly the staged rows
 *       (written by DuckDB beforehand, not timed) into a fresh database;</li>
 *   <li>rebuild: {@code mode: rebuild} of both tables (relationships after nodes);</li>
 *   <li>sync with nothing changed;</li>
 *   <li>sync after restating 1% (one appended file replacing 10k nodes' and 30k relationships'
 *       property values, new values every round);</li>
 *   <li>verify of both tables.</li>
 * </ul>
 * Reports the medians of the per-round ratios. Goals (issue 11): sync 1% / rebuild at most 0.15,
 * sync unchanged / rebuild at most 0.05, rebuild / baseline at most 1.2.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.graph.SyncBenchmark \
 *     [-Dexec.args="nodes rels rounds"]
 * </pre>
 */
public final class SyncBenchmark {
    private static final GraphId GRAPH = GraphId.of("bench");
    private static final TableName NODES = TableName.of("Entity");
    private static final TableName RELS = TableName.of("links");
    private static final int FILES = 20;

    private SyncBenchmark() {}

    public static void main(String[] args) throws Exception {
        long nodes = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long rels = args.length > 1 ? Long.parseLong(args[1]) : 3_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (ScratchDirectory scratch = ScratchDirectory.create("sync-bench")) {
            run(scratch.path(), nodes, rels, rounds);
        }
    }

    private static void run(Path dir, long nodes, long rels, int rounds) throws Exception {
        DuckDbConfig defaults = DuckDbConfig.defaults(dir.resolve("staging"));
        try (DuckDbConnectionPool pool = new DuckDbConnectionPool(defaults.withThreads(2),
                new SpoolDirectory(defaults.stagingDir().resolve("spool")), Clock.systemUTC());
             LadybugGraphSink sink = new LadybugGraphSink(LadybugConfig.defaults(dir.resolve("graph")), MemoryBudget.unlimited())) {
            DuckDbStagingStore store = new DuckDbStagingStore(pool);
            Path spool = pool.paths().spool(GRAPH);
            Files.createDirectories(spool);
            store.createTable(GRAPH, NODES, write(spool, "nodes", FILES, "SELECT i::BIGINT AS identifier, i % 97 AS category,"
                    + " i * 3 AS amount FROM range(0, " + nodes + ") t(i)"), "s3://bench/nodes/*");
            // Distinct (from, to) pairs, so the staged relation has every row.
            store.createTable(GRAPH, RELS, write(spool, "rels", FILES, "SELECT (i % " + nodes + ")::BIGINT AS \"from\", ((i * 7 + i // "
                    + nodes + " + 1) % " + nodes + ")::BIGINT AS \"to\", (i % 1000)::BIGINT AS weight FROM range(0, " + rels
                    + ") t(i)"), "s3://bench/rels/*");
            StepTimes steps = new StepTimes();
            Materialize materialize = new Materialize(store, steps.timed(SyncPlanner.class, new DuckDbSyncPlanner(pool),
                    "staging"), steps.timed(GraphSink.class, sink, "graph"), new NoRegistry(), new TableLocks(Duration.ofHours(1)));
            System.out.printf("inputs: %,d nodes, %,d relationships, %d files each, %d rounds, %d cores%n", nodes, rels,
                    FILES, rounds, Runtime.getRuntime().availableProcessors());
            materializeBoth(materialize, SyncMode.SYNC, false);
            steps.drain();

            List<Double> syncChanged = new ArrayList<>();
            List<Double> syncNothing = new ArrayList<>();
            List<Double> rebuildVsCopy = new ArrayList<>();
            List<Double> verifyVsSync = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                // The staging sandbox writes only in its own directories: the exports directory.
                Path exact = pool.paths().exports(GRAPH).resolve("exact-" + round);
                Files.createDirectories(exact);
                Path nodeCopy = exportStaged(pool, exact, "nodes", "SELECT identifier, category, amount FROM main.\"Entity\"");
                Path relCopy = exportStaged(pool, exact, "rels", "SELECT src, dst, weight FROM main.\"links\"");
                double baseline = baseline(dir.resolve("copy-" + round), nodeCopy, relCopy);
                double rebuild = seconds(() -> materializeBoth(materialize, SyncMode.REBUILD, false));
                String rebuildSteps = steps.drain();
                double nothing = seconds(() -> materializeBoth(materialize, SyncMode.SYNC, false));
                String nothingSteps = steps.drain();
                long delta = round + 1;
                store.appendFiles(GRAPH, NODES, write(spool, "restate-nodes-" + round, 1, "SELECT i::BIGINT AS identifier,"
                        + " i % 97 AS category, i * 3 + " + delta + " AS amount FROM range(0, " + nodes / 100 + ") t(i)"));
                store.appendFiles(GRAPH, RELS, write(spool, "restate-rels-" + round, 1, "SELECT (i % " + nodes
                        + ")::BIGINT AS \"from\", ((i * 7 + i // " + nodes + " + 1) % " + nodes + ")::BIGINT AS \"to\","
                        + " (i % 1000 + " + delta + ")::BIGINT AS weight FROM range(0, " + rels / 100 + ") t(i)"));
                List<MaterializeResult> changed = new ArrayList<>();
                steps.drain();
                double sync = seconds(() -> changed.addAll(materializeBoth(materialize, SyncMode.SYNC, false)));
                String syncSteps = steps.drain();
                check(changed.get(0).rowsUpdated(), nodes / 100, "nodes updated");
                check(changed.get(1).rowsUpdated(), rels / 100, "relationships updated");
                List<MaterializeResult> verified = new ArrayList<>();
                double verify = seconds(() -> verified.addAll(materializeBoth(materialize, SyncMode.SYNC, true)));
                String verifySteps = steps.drain();
                for (MaterializeResult v : verified) {
                    if (!v.drift().orElseThrow().equals(new io.graphstaging.core.sync.Drift(0, 0, 0))) {
                        throw new IllegalStateException("the graph drifted from staging: " + v.drift());
                    }
                }
                System.out.printf("round %d: copy %.2fs, rebuild %.2fs, sync unchanged %.2fs, sync 1%% %.2fs, verify %.2fs%n",
                        round + 1, baseline, rebuild, nothing, sync, verify);
                System.out.printf("  steps of rebuild: %s%n  steps of sync unchanged: %s%n  steps of sync 1%%: %s%n"
                        + "  steps of verify: %s%n", rebuildSteps, nothingSteps, syncSteps, verifySteps);
                syncChanged.add(sync / rebuild);
                syncNothing.add(nothing / rebuild);
                rebuildVsCopy.add(rebuild / baseline);
                verifyVsSync.add(verify / sync);
            }
            System.out.printf("median ratios over %d rounds: sync 1%% / rebuild %.3f (goal <= 0.15), sync unchanged / rebuild"
                    + " %.3f (goal <= 0.05), rebuild / engine copy %.3f (goal <= 1.2), verify / sync 1%% %.3f%n", rounds,
                    Statistics.median(syncChanged), Statistics.median(syncNothing), Statistics.median(rebuildVsCopy),
                    Statistics.median(verifyVsSync));
        }
    }

    private static List<MaterializeResult> materializeBoth(Materialize materialize, SyncMode mode, boolean verify) {
        MaterializeOptions nodes = new MaterializeOptions(mode, false, Set.of(), Optional.empty(), Optional.empty(), true,
                false, verify);
        MaterializeOptions rels = new MaterializeOptions(mode, false, Set.of(), Optional.of(NODES), Optional.of(NODES), false,
                false, verify);
        return List.of(materialize.execute(GRAPH, NODES, nodes), materialize.execute(GRAPH, RELS, rels));
    }

    /** Writes {@code select} as {@code files} Parquet files in the spool (rows split by position). */
    private static List<SourceFile> write(Path spool, String name, int files, String select) throws SQLException {
        List<SourceFile> written = new ArrayList<>();
        try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("CREATE TABLE rows AS SELECT *, row_number() OVER () AS __n FROM (" + select + ")");
            for (int f = 0; f < files; f++) {
                Path file = spool.resolve(name + "-" + f + ".parquet");
                st.execute("COPY (SELECT * EXCLUDE (__n) FROM rows WHERE __n % " + files + " = " + f + ") TO '" + file
                        + "' (FORMAT parquet)");
                written.add(new SourceFile(ObjectUri.parse("s3://bench/" + name + "/" + f + ".parquet"), file, Optional.empty()));
            }
        }
        return written;
    }

    /** The staged rows, exactly, as the engine's copy baseline reads them. */
    private static Path exportStaged(DuckDbConnectionPool pool, Path dir, String name, String select) throws Exception {
        Path file = dir.resolve(name + ".parquet");
        try (var pooled = pool.acquire(GRAPH); Statement st = pooled.connection().createStatement()) {
            st.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
        }
        return file;
    }

    private static double baseline(Path dir, Path nodeFile, Path relFile) throws java.io.IOException {
        Files.createDirectories(dir);
        LadybugConfig config = LadybugConfig.defaults(dir);
        try (Database db = Database.open(dir.resolve("copy.lbug"), new DatabaseConfig(config.bufferPoolBytes(), 0, false));
             Connection c = db.connect()) {
            c.execute("CREATE NODE TABLE Entity(identifier INT64, category INT32, amount INT64, PRIMARY KEY(identifier))");
            c.execute("CREATE REL TABLE links(FROM Entity TO Entity, weight INT64)");
            return seconds(() -> {
                c.execute("COPY Entity FROM '" + nodeFile + "'");
                c.execute("COPY links FROM '" + relFile + "'");
                return null;
            });
        }
    }

    private static double seconds(Supplier<?> work) {
        long t0 = System.nanoTime();
        work.get();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void check(long actual, long expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": " + actual + ", expected " + expected);
        }
    }
}
