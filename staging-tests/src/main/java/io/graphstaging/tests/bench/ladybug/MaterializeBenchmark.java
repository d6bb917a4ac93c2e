package io.graphstaging.tests.bench.ladybug;

import io.graphstaging.tests.bench.Statistics;
import io.graphstaging.tests.bench.ScratchDirectory;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.MaterializeOptions;
import io.graphstaging.core.model.MaterializeResult;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.TableName;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.DatabaseConfig;
import io.graphstaging.ladybug.sink.LadybugGraphSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Materialize (DuckDB export of the staged relation + one LadybugDB COPY) against the baseline
 * of LadybugDB's own {@code COPY FROM} of the original Parquet files, in the same run: 1M nodes
 * (identifier, name, category) and 3M relationships (from, to, weight). Each round uses fresh
 * graph databases; the median of the rounds is reported, with the ratio materialize/baseline.
 * The weight is an integer: with 0.14.3, a relationship DOUBLE property makes any COPY of
 * millions of rows (baseline and materialize alike) take many minutes, spent in the engine's
 * float compression ({@code alp::AlpEncode<double>::find_top_k_combinations} under
 * {@code InMemChunkedCSRNodeGroup::flush}).
 *
 * <pre>
 * mvn -B -q install -DskipTests -pl staging-core,staging-duckdb,staging-ladybug,staging-tests
 * mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.ladybug.MaterializeBenchmark \
 *     [-Dexec.args="nodes rels rounds"]
 * </pre>
 */
public final class MaterializeBenchmark {
    private static final GraphId GRAPH = GraphId.of("bench");
    private static final TableName NODES = TableName.of("Entity");
    private static final TableName RELS = TableName.of("links");

    private MaterializeBenchmark() {}

    public static void main(String[] args) throws Exception {
        long nodes = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long rels = args.length > 1 ? Long.parseLong(args[1]) : 3_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (ScratchDirectory scratch = ScratchDirectory.create("lbug-bench")) {
            run(scratch.path(), nodes, rels, rounds);
        }
    }

    private static void run(Path dir, long nodes, long rels, int rounds) throws Exception {
        DuckDbConfig defaults = DuckDbConfig.defaults(dir.resolve("staging"));
        try (DuckDbConnectionPool pool = new DuckDbConnectionPool(defaults.withThreads(2),
                new SpoolDirectory(defaults.stagingDir().resolve("spool")), Clock.systemUTC())) {
            DuckDbStagingStore store = new DuckDbStagingStore(pool);
            Path spool = pool.paths().spool(GRAPH);
            Files.createDirectories(spool);
            Path nodeFile = spool.resolve("nodes.parquet");
            Path relFile = spool.resolve("rels.parquet");
            writeInputs(nodeFile, relFile, nodes, rels);
            store.createTable(GRAPH, NODES, List.of(new SourceFile(ObjectUri.parse("s3://bench/nodes.parquet"), nodeFile,
                    Optional.empty())), "s3://bench/nodes.parquet");
            store.createTable(GRAPH, RELS, List.of(new SourceFile(ObjectUri.parse("s3://bench/rels.parquet"), relFile,
                    Optional.empty())), "s3://bench/rels.parquet");
            System.out.printf("inputs: %,d nodes, %,d relationships, %d rounds, %d cores%n", nodes, rels, rounds,
                    Runtime.getRuntime().availableProcessors());

            List<Timing[]> base = new ArrayList<>();
            List<Timing[]> mat = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                // Alternate which goes first, so neither always gets the warmer caches.
                if (round % 2 == 0) {
                    base.add(baseline(dir.resolve("base-" + round), nodeFile, relFile, nodes, rels));
                    mat.add(materialize(dir.resolve("mat-" + round), store, nodes, rels));
                } else {
                    mat.add(materialize(dir.resolve("mat-" + round), store, nodes, rels));
                    base.add(baseline(dir.resolve("base-" + round), nodeFile, relFile, nodes, rels));
                }
                Timing[] b = base.get(round);
                Timing[] m = mat.get(round);
                System.out.printf("round %d: baseline nodes %.2fs (cpu %.2fs) rels %.2fs (cpu %.2fs) | "
                        + "materialize nodes %.2fs (cpu %.2fs) rels %.2fs (cpu %.2fs)%n", round + 1,
                        b[0].wall(), b[0].cpu(), b[1].wall(), b[1].cpu(), m[0].wall(), m[0].cpu(), m[1].wall(), m[1].cpu());
            }
            // Where materialize spends its time: the staging export alone, same inputs.
            System.out.printf("staging export alone: nodes %.2fs, relationships %.2fs%n",
                    exportSeconds(store, NODES, List.of("identifier", "name", "category")),
                    exportSeconds(store, RELS, List.of("src", "dst", "weight")));
            report("1M nodes", base, mat, 0);
            report("3M relationships", base, mat, 1);
        }
    }

    private static void writeInputs(Path nodeFile, Path relFile, long nodes, long rels) throws SQLException {
        try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = duck.createStatement()) {
            st.execute("COPY (SELECT i::BIGINT AS identifier, 'entity-' || i AS name, (i % 97)::INTEGER AS category "
                    + "FROM range(0, " + nodes + ") t(i)) TO '" + nodeFile + "' (FORMAT parquet)");
            // Distinct (from, to) pairs, so the staged (deduplicated) relation has every row.
            st.execute("COPY (SELECT (i % " + nodes + ")::BIGINT AS \"from\", ((i * 7 + i // " + nodes + " + 1) % " + nodes
                    + ")::BIGINT AS \"to\", (i % 1000)::BIGINT AS weight FROM range(0, " + rels
                    + ") t(i)) TO '" + relFile + "' (FORMAT parquet)");
            try (var rs = st.executeQuery("SELECT count(*), count(DISTINCT (\"from\", \"to\")) FROM '" + relFile + "'")) {
                rs.next();
                if (rs.getLong(1) != rs.getLong(2)) {
                    throw new IllegalStateException("benchmark relationships are not distinct: " + rs.getLong(2));
                }
            }
        }
    }

    /** LadybugDB's own COPY FROM of the original files, into fresh tables of the same shape. */
    private static Timing[] baseline(Path dir, Path nodeFile, Path relFile, long nodes, long rels) throws IOException {
        Files.createDirectories(dir);
        LadybugConfig config = LadybugConfig.defaults(dir);
        try (Database db = Database.open(dir.resolve("bench.lbug"), new DatabaseConfig(config.bufferPoolBytes(), 0, false));
             Connection c = db.connect()) {
            c.execute("CREATE NODE TABLE Entity(identifier INT64, name STRING, category INT32, PRIMARY KEY(identifier))");
            c.execute("CREATE REL TABLE links(FROM Entity TO Entity, weight INT64)");
            long t0 = System.nanoTime();
            long c0 = Timing.cpuNanos();
            c.execute("COPY Entity FROM '" + nodeFile + "'");
            long t1 = System.nanoTime();
            long c1 = Timing.cpuNanos();
            c.execute("COPY links FROM '" + relFile + "'");
            long t2 = System.nanoTime();
            long c2 = Timing.cpuNanos();
            check(c.queryLong("MATCH (n:Entity) RETURN count(n)"), nodes, "baseline nodes");
            check(c.queryLong("MATCH ()-[r:links]->() RETURN count(r)"), rels, "baseline relationships");
            return new Timing[] {new Timing((t1 - t0) / 1e9, (c1 - c0) / 1e9), new Timing((t2 - t1) / 1e9, (c2 - c1) / 1e9)};
        }
    }

    private static Timing[] materialize(Path dir, DuckDbStagingStore store, long nodes, long rels) throws IOException {
        Files.createDirectories(dir);
        try (LadybugGraphSink sink = new LadybugGraphSink(LadybugConfig.defaults(dir), MemoryBudget.unlimited())) {
            // Open the graph database first, as a running server has it open already.
            sink.tables(GRAPH);
            MaterializeOptions options = new MaterializeOptions(false, Set.of(), Optional.of(NODES), Optional.of(NODES));
            long t0 = System.nanoTime();
            long c0 = Timing.cpuNanos();
            MaterializeResult n = sink.materialize(GRAPH, store.describeTable(GRAPH, NODES).orElseThrow(), store, options);
            long t1 = System.nanoTime();
            long c1 = Timing.cpuNanos();
            MaterializeResult r = sink.materialize(GRAPH, store.describeTable(GRAPH, RELS).orElseThrow(), store, options);
            long t2 = System.nanoTime();
            long c2 = Timing.cpuNanos();
            check(n.rowsIngested(), nodes, "materialized nodes");
            check(r.rowsIngested(), rels, "materialized relationships");
            return new Timing[] {new Timing((t1 - t0) / 1e9, (c1 - c0) / 1e9), new Timing((t2 - t1) / 1e9, (c2 - c1) / 1e9)};
        }
    }

    private static double exportSeconds(DuckDbStagingStore store, TableName table, List<String> columns) {
        long t0 = System.nanoTime();
        try (var export = store.exportParquet(GRAPH, table, columns, Set.of())) {
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /** Wall seconds and process CPU seconds (all threads, the engines' native ones included). */
    private record Timing(double wall, double cpu) {
        static long cpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }

    private static void check(long actual, long expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": " + actual + " rows, expected " + expected);
        }
    }

    /** Medians of wall and CPU seconds, and the median of the per-round ratios (robust to load drift). */
    private static void report(String what, List<Timing[]> base, List<Timing[]> mat, int index) {
        List<Double> bw = new ArrayList<>();
        List<Double> mw = new ArrayList<>();
        List<Double> bc = new ArrayList<>();
        List<Double> mc = new ArrayList<>();
        List<Double> ratioWall = new ArrayList<>();
        List<Double> ratioCpu = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            Timing b = base.get(i)[index];
            Timing m = mat.get(i)[index];
            bw.add(b.wall());
            mw.add(m.wall());
            bc.add(b.cpu());
            mc.add(m.cpu());
            ratioWall.add(m.wall() / b.wall());
            ratioCpu.add(m.cpu() / b.cpu());
        }
        System.out.printf("%-17s wall: baseline %.2fs materialize %.2fs, median ratio %.2f | cpu: baseline %.2fs "
                + "materialize %.2fs, median ratio %.2f%n", what, Statistics.median(bw), Statistics.median(mw), Statistics.median(ratioWall),
                Statistics.median(bc), Statistics.median(mc), Statistics.median(ratioCpu));
    }


}
