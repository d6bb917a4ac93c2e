package io.graphstaging.tests.bench.contracts;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.sql.StagingSchema;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.tests.bench.ScratchDirectory;
import io.graphstaging.tests.bench.Statistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an {@code evolve} contract costs an append (issue 15): appending a 500k-row file that adds
 * a column to a table of 20 files x 500k rows, versus appending a 500k-row file that does not, in
 * the same run on two such tables. The added column must not rebuild the table or touch its
 * staged rows (the store starts a new row segment with the new shape), so the goal is a ratio of
 * at most 1.2. Each round appends one file of each kind (a new column name every round), alternating which
 * goes first; figures are medians of {@code rounds} (argument 1, default 5). Keys of appended files
 * overlap the table's by 50k, so dedupe has work.
 *
 * <p>Each append is followed by a timed {@code CHECKPOINT}, so neither append inherits the other's
 * unwritten pages, and the work the engine defers to its next checkpoint (writing the added
 * column for every row group, when a column is added in place) is shown next to the append. Also
 * timed each round: DuckDB's {@code ALTER TABLE ADD COLUMN} alone on the table without the new
 * columns (rolled back), what adding the column in place would cost the append (the store's
 * design before row segments); and, after the rounds, a full scan of each table's visible rows
 * (the evolving one reads its row segments as one). Not a test. Run:
 * {@code mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.contracts.SchemaEvolutionBenchmark}
 */
public final class SchemaEvolutionBenchmark {
    private static final int FILES = 20;
    private static final long ROWS = 500_000;
    private static final long STRIDE = 450_000;
    private static final SchemaContract EVOLVE = new SchemaContract(SchemaContract.Columns.EVOLVE,
            SchemaContract.Rows.REJECT_FILE);

    private SchemaEvolutionBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int threads = Runtime.getRuntime().availableProcessors();
        try (ScratchDirectory scratch = ScratchDirectory.create("contracts-bench")) {
            Path base = scratch.path();
            DuckDbConfig config = DuckDbConfig.defaults(base.resolve("store")).withThreads(threads)
                    .withMemoryLimit(ByteSize.ofBytes(4_000_000_000L)).withPoolWait(java.time.Duration.ofSeconds(60));
            GraphId graph = GraphId.of("bench");
            Path spool = Files.createDirectories(base.resolve("store/spool/bench"));
            List<Path> twenty = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                twenty.add(generate(spool.resolve(String.format(Locale.ROOT, "part-%02d.parquet", i)), i, Optional.empty()));
            }
            List<Path> steady = new ArrayList<>();
            List<Path> widening = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                steady.add(generate(spool.resolve("steady-" + r + ".parquet"), FILES + r, Optional.empty()));
                widening.add(generate(spool.resolve("column-" + r + ".parquet"), FILES + r, Optional.of("extra_" + r)));
            }
            System.out.printf(Locale.ROOT, "data: tables of %d files x %d rows, appends of %d rows, threads=%d, rounds=%d%n",
                    FILES, ROWS, ROWS, threads, rounds);
            List<Double> withColumn = new ArrayList<>();
            List<Double> without = new ArrayList<>();
            List<Double> withColumnCheckpoint = new ArrayList<>();
            List<Double> withoutCheckpoint = new ArrayList<>();
            List<Double> alterAlone = new ArrayList<>();
            List<Double> readEvolving = new ArrayList<>();
            List<Double> readSame = new ArrayList<>();
            try (DuckDbConnectionPool pool = new DuckDbConnectionPool(config, new SpoolDirectory(base.resolve("store/spool")),
                    Clock.systemUTC())) {
                DuckDbStagingStore store = new DuckDbStagingStore(pool);
                TableName evolving = TableName.of("evolving");
                TableName same = TableName.of("same");
                store.createTable(graph, evolving, sources(twenty), "bench", EVOLVE, new Cancellation());
                store.createTable(graph, same, sources(twenty), "bench", EVOLVE, new Cancellation());
                checkpoint(pool, graph);
                for (int r = 0; r < rounds; r++) {
                    List<SourceFile> column = sources(List.of(widening.get(r)));
                    List<SourceFile> plain = sources(List.of(steady.get(r)));
                    Runnable addingColumn = () -> {
                        withColumn.add(seconds(() -> store.appendFiles(graph, evolving, column)));
                        withColumnCheckpoint.add(seconds(() -> checkpoint(pool, graph)));
                    };
                    Runnable sameColumns = () -> {
                        without.add(seconds(() -> store.appendFiles(graph, same, plain)));
                        withoutCheckpoint.add(seconds(() -> checkpoint(pool, graph)));
                    };
                    // Alternate which goes first, so neither always finds a warmer cache.
                    if (r % 2 == 0) {
                        addingColumn.run();
                        sameColumns.run();
                    } else {
                        sameColumns.run();
                        addingColumn.run();
                    }
                    alterAlone.add(seconds(() -> alterRolledBack(pool, graph, same)));
                }
                long columns = store.describeTable(graph, evolving).orElseThrow().columns().size();
                if (columns != 4 + rounds) {
                    throw new IllegalStateException("expected " + (4 + rounds) + " columns, found " + columns);
                }
                List<TableSummary> tables = store.listTables(graph);
                if (tables.stream().map(TableSummary::rowCount).distinct().count() != 1) {
                    throw new IllegalStateException("the two tables should hold as many rows, found " + tables);
                }
                // Reads after the rounds: the same scan of each table's visible rows, alternating.
                for (int r = 0; r < rounds; r++) {
                    readEvolving.add(seconds(() -> scan(pool, graph, evolving)));
                    readSame.add(seconds(() -> scan(pool, graph, same)));
                }
            }
            List<Double> ratios = new ArrayList<>();
            List<Double> ratiosWithCheckpoint = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                ratios.add(withColumn.get(r) / without.get(r));
                ratiosWithCheckpoint.add((withColumn.get(r) + withColumnCheckpoint.get(r))
                        / (without.get(r) + withoutCheckpoint.get(r)));
            }
            System.out.printf(Locale.ROOT, "append 500k rows to 20 x 500k: adding a column %.3f s, same columns %.3f s"
                    + " (medians of %d)%n", Statistics.median(withColumn), Statistics.median(without), rounds);
            System.out.printf(Locale.ROOT, "ratio adding-a-column / same-columns = %.2f (medians), median of per-round"
                    + " ratios %.2f (goal <= 1.2)%n", Statistics.median(withColumn) / Statistics.median(without),
                    Statistics.median(ratios));
            System.out.printf(Locale.ROOT, "checkpoint after the append: adding a column %.3f s, same columns %.3f s;"
                    + " append + checkpoint, median of per-round ratios %.2f%n", Statistics.median(withColumnCheckpoint),
                    Statistics.median(withoutCheckpoint), Statistics.median(ratiosWithCheckpoint));
            System.out.printf(Locale.ROOT, "ALTER TABLE ADD COLUMN alone on a table of the same size (rolled back):"
                    + " %.3f s (median)%n", Statistics.median(alterAlone));
            System.out.printf(Locale.ROOT, "full scan of the visible rows after the rounds: table that gained %d columns"
                    + " %.3f s, same columns %.3f s, ratio %.2f (medians)%n", rounds, Statistics.median(readEvolving),
                    Statistics.median(readSame), Statistics.median(readEvolving) / Statistics.median(readSame));
            System.out.println("samples withColumn=" + withColumn + " without=" + without);
            System.out.println("samples checkpoint withColumn=" + withColumnCheckpoint + " without=" + withoutCheckpoint
                    + " alterAlone=" + alterAlone);
        }
    }

    /** Writes what the engine keeps in memory and its log to the database file. */
    private static void checkpoint(DuckDbConnectionPool pool, GraphId graph) {
        execute(pool, graph, List.of("CHECKPOINT"));
    }

    /** The engine's ADD COLUMN on the table's hidden rows, undone: what adding a column in place costs. */
    private static void alterRolledBack(DuckDbConnectionPool pool, GraphId graph, TableName table) {
        // The store's layout (hidden rows in _staging."rows:<table>"); a benchmark may know it, the code may not.
        execute(pool, graph, List.of("BEGIN TRANSACTION", "ALTER TABLE " + StagingSchema.NAME + ".\"rows:" + table.value()
                + "\" ADD COLUMN bench_probe BIGINT", "ROLLBACK"));
    }

    /** Reads every visible row of the table's original columns. */
    private static void scan(DuckDbConnectionPool pool, GraphId graph, TableName table) {
        execute(pool, graph, List.of("SELECT count(*), sum(score), count(DISTINCT category), max(name), max(identifier)"
                + " FROM main.\"" + table.value() + "\""));
    }

    private static void execute(DuckDbConnectionPool pool, GraphId graph, List<String> statements) {
        try (PooledConnection pooled = pool.acquire(graph); Statement s = pooled.connection().createStatement()) {
            for (String sql : statements) {
                if (s.execute(sql)) {
                    // Results stream: read them out, so the whole query is timed.
                    try (ResultSet rs = s.getResultSet()) {
                        while (rs.next()) {
                            rs.getObject(1);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Benchmark statement failed: " + e.getMessage(), e);
        }
    }

    private static List<SourceFile> sources(List<Path> files) {
        return files.stream().map(p -> new SourceFile(new ObjectUri("bench", "nodes/" + p.getFileName()), p,
                Optional.empty())).toList();
    }

    private static Path generate(Path file, int index, Optional<String> extra) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            long start = index * STRIDE;
            s.execute("COPY (SELECT i AS identifier, 'name-' || i AS name, (i % 1000) / 10.0 AS score,"
                    + " 'cat-' || (i % 17) AS category" + extra.map(e -> ", i % 97 AS " + e).orElse("")
                    + " FROM range(" + start + ", " + (start + ROWS) + ") t(i)) TO '"
                    + file.toString().replace("'", "''") + "' (FORMAT parquet)");
        }
        return file;
    }

    private static double seconds(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
