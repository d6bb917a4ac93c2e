package io.graphstaging.tests.bench.ladybug;

import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.usecase.Materialize;
import io.graphstaging.core.usecase.TableLocks;
import io.graphstaging.duckdb.table.DuckDbSyncPlanner;
import io.graphstaging.tests.bench.graph.NoRegistry;
import java.time.Duration;

import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.TableName;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.DatabaseConfig;
import io.graphstaging.ladybug.sink.LadybugGraphSink;
import io.graphstaging.tests.bench.ScratchDirectory;
import io.graphstaging.tests.bench.Statistics;
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
 * Materialize into an empty graph of nodes with five DOUBLE properties and relationships with
 * three (random full-precision values: rounded ones hide the engine's float compression cost),
 * against the same tables with INT64 properties, in the same run; beside it the engine's own
 * {@code COPY FROM} of the same source Parquet files. Staged once by the real DuckDB store;
 * each round materializes (LadybugGraphSink, the sink the use case calls) into fresh graph
 * databases, alternating which type goes first. Medians of the rounds; the goal is
 * DOUBLE/INT64 at most 1.5.
 *
 * <pre>
 * mvn -B -q install -DskipTests -pl staging-core,staging-duckdb,staging-ladybug,staging-tests -am
 * mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.ladybug.DoubleMaterializeBenchmark \
 *     [-Dexec.args="rows rounds"]
 * </pre>
 */
public final class DoubleMaterializeBenchmark {
    private static final GraphId GRAPH = GraphId.of("bench");

    private DoubleMaterializeBenchmark() {}

    /** One property type's staged tables and source files. */
    private record Variant(String type, TableName nodes, TableName rels, Path nodeFile, Path relFile) {}

    /** Seconds for the nodes and for the relationships of one load. */
    private record Load(double nodes, double rels) {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (ScratchDirectory scratch = ScratchDirectory.create("double-bench")) {
            run(scratch.path(), rows, rounds);
        }
    }

    private static void run(Path dir, long rows, int rounds) throws Exception {
        DuckDbConfig defaults = DuckDbConfig.defaults(dir.resolve("staging"));
        try (DuckDbConnectionPool pool = new DuckDbConnectionPool(defaults.withThreads(2),
                new SpoolDirectory(defaults.stagingDir().resolve("spool")), Clock.systemUTC())) {
            DuckDbStagingStore store = new DuckDbStagingStore(pool);
            Path spool = pool.paths().spool(GRAPH);
            Files.createDirectories(spool);
            List<Variant> variants = List.of(
                    stage(store, spool, "DOUBLE", "random()", rows),
                    stage(store, spool, "INT64", "(random() * 9e18)::BIGINT", rows));
            System.out.printf("inputs: %,d nodes with 5 properties, %,d relationships with 3, %d rounds, %d cores%n",
                    rows, rows, rounds, Runtime.getRuntime().availableProcessors());
            List<List<Load>> materialized = List.of(new ArrayList<>(), new ArrayList<>());
            List<List<Load>> copied = List.of(new ArrayList<>(), new ArrayList<>());
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < 2; k++) {
                    int v = (round + k) % 2;
                    Variant variant = variants.get(v);
                    Path graphs = dir.resolve("round-" + round + "-" + variant.type());
                    materialized.get(v).add(materialize(graphs.resolve("materialize"), store, pool, variant, rows));
                    copied.get(v).add(copy(graphs.resolve("copy"), variant, rows));
                }
                System.out.printf("round %d: materialize DOUBLE %s | INT64 %s ; engine COPY DOUBLE %s | INT64 %s%n", round + 1,
                        text(materialized.get(0).get(round)), text(materialized.get(1).get(round)),
                        text(copied.get(0).get(round)), text(copied.get(1).get(round)));
            }
            report("materialize", materialized);
            report("engine COPY", copied);
        }
    }

    private static Variant stage(DuckDbStagingStore store, Path spool, String type, String value, long rows) throws SQLException {
        Path nodeFile = spool.resolve("nodes-" + type + ".parquet");
        Path relFile = spool.resolve("rels-" + type + ".parquet");
        try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("SELECT setseed(0.5)");
            st.execute("COPY (SELECT i::BIGINT AS identifier, " + value + " AS p1, " + value + " AS p2, " + value + " AS p3, "
                    + value + " AS p4, " + value + " AS p5 FROM range(" + rows + ") t(i)) TO '" + nodeFile + "' (FORMAT parquet)");
            // (i, 7i + 1 mod rows): distinct pairs, so every staged relationship is kept.
            st.execute("COPY (SELECT i::BIGINT AS \"from\", ((i * 7 + 1) % " + rows + ")::BIGINT AS \"to\", " + value + " AS w1, "
                    + value + " AS w2, " + value + " AS w3 FROM range(" + rows + ") t(i)) TO '" + relFile + "' (FORMAT parquet)");
        }
        TableName nodes = TableName.of("nodes_" + type.toLowerCase());
        TableName rels = TableName.of("rels_" + type.toLowerCase());
        store.createTable(GRAPH, nodes, List.of(new SourceFile(ObjectUri.parse("s3://bench/" + nodeFile.getFileName()), nodeFile,
                Optional.empty())), "s3://bench/nodes");
        store.createTable(GRAPH, rels, List.of(new SourceFile(ObjectUri.parse("s3://bench/" + relFile.getFileName()), relFile,
                Optional.empty())), "s3://bench/rels");
        return new Variant(type, nodes, rels, nodeFile, relFile);
    }

    private static Load materialize(Path dir, DuckDbStagingStore store, DuckDbConnectionPool pool, Variant variant,
                                    long rows) throws IOException {
        Files.createDirectories(dir);
        try (LadybugGraphSink sink = new LadybugGraphSink(LadybugConfig.defaults(dir), MemoryBudget.unlimited())) {
            // Open the graph database first, as a running server has it open already.
            sink.tables(GRAPH);
            Materialize materialize = new Materialize(store, new DuckDbSyncPlanner(pool), sink, new NoRegistry(),
                    new TableLocks(Duration.ofHours(1)));
            MaterializeOptions nodes = new MaterializeOptions(SyncMode.REBUILD, false, Set.of(), Optional.empty(),
                    Optional.empty(), true, false, false);
            MaterializeOptions rels = new MaterializeOptions(SyncMode.REBUILD, false, Set.of(), Optional.of(variant.nodes()),
                    Optional.of(variant.nodes()), false, false, false);
            long t0 = System.nanoTime();
            MaterializeResult n = materialize.execute(GRAPH, variant.nodes(), nodes);
            long t1 = System.nanoTime();
            MaterializeResult r = materialize.execute(GRAPH, variant.rels(), rels);
            long t2 = System.nanoTime();
            check(n.rowsIngested(), rows, "materialized nodes");
            check(r.rowsIngested(), rows, "materialized relationships");
            return new Load((t1 - t0) / 1e9, (t2 - t1) / 1e9);
        }
    }

    /** The engine's own COPY FROM of the source files into tables of the same shape. */
    private static Load copy(Path dir, Variant variant, long rows) throws IOException {
        Files.createDirectories(dir);
        String t = variant.type();
        try (Database db = Database.open(dir.resolve("bench.lbug"),
                new DatabaseConfig(LadybugConfig.defaults(dir).bufferPoolBytes(), 0, false));
             Connection c = db.connect()) {
            c.execute("CREATE NODE TABLE N(identifier INT64, p1 " + t + ", p2 " + t + ", p3 " + t + ", p4 " + t + ", p5 " + t
                    + ", PRIMARY KEY(identifier))");
            c.execute("CREATE REL TABLE R(FROM N TO N, w1 " + t + ", w2 " + t + ", w3 " + t + ")");
            long t0 = System.nanoTime();
            c.execute("COPY N FROM '" + variant.nodeFile() + "'");
            long t1 = System.nanoTime();
            c.execute("COPY R FROM '" + variant.relFile() + "'");
            long t2 = System.nanoTime();
            check(c.queryLong("MATCH (n:N) RETURN count(n)"), rows, "copied nodes");
            check(c.queryLong("MATCH ()-[r:R]->() RETURN count(r)"), rows, "copied relationships");
            return new Load((t1 - t0) / 1e9, (t2 - t1) / 1e9);
        }
    }

    private static void check(long actual, long expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": " + actual + " rows, expected " + expected);
        }
    }

    private static String text(Load load) {
        return String.format("nodes %.2fs rels %.2fs", load.nodes(), load.rels());
    }

    /** Medians of DOUBLE and INT64 seconds, and the median of the per-round DOUBLE/INT64 ratios. */
    private static void report(String what, List<List<Load>> loads) {
        for (boolean nodes : List.of(true, false)) {
            List<Double> doubles = new ArrayList<>();
            List<Double> ints = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < loads.get(0).size(); i++) {
                double d = nodes ? loads.get(0).get(i).nodes() : loads.get(0).get(i).rels();
                double n = nodes ? loads.get(1).get(i).nodes() : loads.get(1).get(i).rels();
                doubles.add(d);
                ints.add(n);
                ratios.add(d / n);
            }
            System.out.printf("%-11s %-13s DOUBLE %.2fs  INT64 %.2fs  median ratio DOUBLE/INT64 %.2f%n", what,
                    nodes ? "nodes:" : "relationships:", Statistics.median(doubles), Statistics.median(ints),
                    Statistics.median(ratios));
        }
    }
}
