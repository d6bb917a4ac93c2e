package io.graphstaging.tests.bench.duckdb;

import io.graphstaging.tests.bench.Statistics;
import io.graphstaging.tests.bench.ScratchDirectory;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableName;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The DuckDB staging store against plain DuckDB JDBC, in one run on the same files:
 *
 * <ol>
 *   <li>create a node table from 20 Parquet files of 500k rows through the store, versus the
 *       same {@code CREATE TABLE ... AS} the store runs (per-file rows with their file and row
 *       ordinals, the visible row of each key flagged by an aggregate over repeated keys joined
 *       back) run directly on DuckDB JDBC; and, for reference, the earlier window-flagged CTAS,
 *       a one-call deduplicating CTAS (QUALIFY over {@code read_parquet} of the list) and a
 *       plain CTAS without dedupe; each store create starts from a dropped table (a re-create
 *       of unchanged files keeps the table, measured apart against the create);</li>
 *   <li>append one new file to a table of 1 file versus to a table of 20 files (3 successive
 *       appends per round, alternating between the two tables).</li>
 * </ol>
 *
 * <p>Each figure is the median of {@code rounds} runs (argument 1, default 3). Identifiers of
 * file i are {@code [i*450k, i*450k+500k)}: each file overlaps its predecessor by 50k keys, so
 * dedupe has real work. Run:
 * {@code mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.duckdb.StagingStoreBenchmark}
 */
public final class StagingStoreBenchmark {
    private static final int FILES = 20;
    private static final long ROWS = 500_000;
    private static final long STRIDE = 450_000;
    /** New files appended, one at a time, to each table per round. */
    private static final int APPENDS = 3;

    /** The direct CTAS variants. */
    private enum Raw { SAME_AS_STORE, WINDOW, DEDUPE_QUALIFY, PLAIN }

    private StagingStoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int threads = Runtime.getRuntime().availableProcessors();
        try (ScratchDirectory scratch = ScratchDirectory.create("staging-bench")) {
            Path base = scratch.path();
            DuckDbConfig config = DuckDbConfig.defaults(base.resolve("store")).withThreads(threads)
                    .withMemoryLimit(ByteSize.ofBytes(4_000_000_000L)).withPoolWait(java.time.Duration.ofSeconds(60));
            GraphId graph = GraphId.of("bench");
            Path spool = Files.createDirectories(base.resolve("store/spool/bench"));
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < FILES + APPENDS; i++) {
                files.add(generate(spool.resolve(String.format(Locale.ROOT, "part-%02d.parquet", i)), i));
            }
            List<Path> twenty = files.subList(0, FILES);
            List<Path> extra = files.subList(FILES, FILES + APPENDS);
            System.out.printf(Locale.ROOT, "data: %d files x %d rows (+%d to append), threads=%d, rounds=%d%n",
                    FILES, ROWS, APPENDS, threads, rounds);

            List<Double> store = new ArrayList<>();
            List<Double> rawSame = new ArrayList<>();
            List<Double> rawWindow = new ArrayList<>();
            List<Double> recreate = new ArrayList<>();
            List<Double> rawDedupe = new ArrayList<>();
            List<Double> rawPlain = new ArrayList<>();
            List<Double> append1 = new ArrayList<>();
            List<Double> append20 = new ArrayList<>();
            long storeRows = 0;
            long rawRows = 0;
            try (DuckDbConnectionPool pool = new DuckDbConnectionPool(config, new SpoolDirectory(base.resolve("store/spool")), Clock.systemUTC())) {
                DuckDbStagingStore staging = new DuckDbStagingStore(pool);
                for (int r = 0; r < rounds; r++) {
                    // Alternate the order so neither side always runs on a warmer cache.
                    if (r % 2 == 0) {
                        storeRows = timeCreate(staging, graph, twenty, store);
                        rawRows = timeRaw(base, twenty, threads, Raw.SAME_AS_STORE, rawSame);
                    } else {
                        rawRows = timeRaw(base, twenty, threads, Raw.SAME_AS_STORE, rawSame);
                        storeRows = timeCreate(staging, graph, twenty, store);
                    }
                    recreate.add(seconds(() -> staging.createTable(graph, TableName.of("nodes"), sources(twenty), "bench")));
                    timeRaw(base, twenty, threads, Raw.WINDOW, rawWindow);
                    timeRaw(base, twenty, threads, Raw.DEDUPE_QUALIFY, rawDedupe);
                    timeRaw(base, twenty, threads, Raw.PLAIN, rawPlain);

                    // Appends alternate between the small and the large table, each a new file.
                    staging.createTable(graph, TableName.of("one"), sources(twenty.subList(FILES - 1, FILES)), "one");
                    staging.createTable(graph, TableName.of("many"), sources(twenty), "many");
                    for (int a = 0; a < extra.size(); a++) {
                        List<SourceFile> next = sources(List.of(extra.get(a)));
                        // Alternate which table reads the new file first (the second finds it in the page cache).
                        if ((r * APPENDS + a) % 2 == 0) {
                            append1.add(seconds(() -> staging.appendFiles(graph, TableName.of("one"), next)));
                            append20.add(seconds(() -> staging.appendFiles(graph, TableName.of("many"), next)));
                        } else {
                            append20.add(seconds(() -> staging.appendFiles(graph, TableName.of("many"), next)));
                            append1.add(seconds(() -> staging.appendFiles(graph, TableName.of("one"), next)));
                        }
                    }
                }
            }
            if (storeRows != rawRows) {
                throw new IllegalStateException("store and raw CTAS disagree: " + storeRows + " vs " + rawRows + " rows");
            }
            System.out.printf(Locale.ROOT, "create 20 files: store %.2f s, same CTAS direct %.2f s, window-flag CTAS %.2f s,"
                    + " QUALIFY dedupe CTAS %.2f s, plain CTAS %.2f s (%d rows after dedupe)%n",
                    Statistics.median(store), Statistics.median(rawSame), Statistics.median(rawWindow), Statistics.median(rawDedupe), Statistics.median(rawPlain), storeRows);
            System.out.printf(Locale.ROOT, "re-create of the unchanged 20 files %.3f s; ratio re-create/create = %.3f%n",
                    Statistics.median(recreate), Statistics.median(recreate) / Statistics.median(store));
            System.out.printf(Locale.ROOT, "ratio store/raw (same CTAS) = %.2f (goal <= 1.15); store/QUALIFY CTAS = %.2f;"
                    + " store/plain CTAS = %.2f%n", Statistics.median(store) / Statistics.median(rawSame), Statistics.median(store) / Statistics.median(rawDedupe),
                    Statistics.median(store) / Statistics.median(rawPlain));
            System.out.printf(Locale.ROOT, "append 1 file: to a 1-file table %.3f s, to a 20-file table %.3f s (medians of %d)%n",
                    Statistics.median(append1), Statistics.median(append20), append1.size());
            System.out.printf(Locale.ROOT, "ratio append-to-20 / append-to-1 = %.2f (goal <= 1.3)%n",
                    Statistics.median(append20) / Statistics.median(append1));
            System.out.println("samples store=" + store + " rawSame=" + rawSame + " rawDedupe=" + rawDedupe + " rawPlain=" + rawPlain
                    + " rawWindow=" + rawWindow + " recreate=" + recreate + " append1=" + append1 + " append20=" + append20);
        }
    }

    private static long timeCreate(DuckDbStagingStore staging, GraphId graph, List<Path> files, List<Double> into) {
        long[] rows = {0};
        // A create of unchanged files would keep the table: drop it so this one builds.
        staging.dropTable(graph, TableName.of("nodes"));
        into.add(seconds(() -> {
            StagedTable t = staging.createTable(graph, TableName.of("nodes"), sources(files), "bench");
            rows[0] = t.summary().rowCount();
        }));
        return rows[0];
    }

    /** The same relation built directly: one CTAS over the same files, in a database of its own. */
    private static long timeRaw(Path base, List<Path> files, int threads, Raw variant, List<Double> into)
            throws SQLException {
        Path db = base.resolve("raw.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement()) {
            s.execute("SET threads = " + threads);
            s.execute("SET memory_limit = '4GB'");
            s.execute("DROP TABLE IF EXISTS nodes");
            String list = files.stream().map(p -> "'" + p.toString().replace("'", "''") + "'")
                    .collect(Collectors.joining(", ", "[", "]"));
            String union = java.util.stream.IntStream.range(0, files.size()).mapToObj(i -> "SELECT identifier, name,"
                    + " score, category, CAST(" + i + " AS BIGINT) AS seq, file_row_number AS ord FROM read_parquet('"
                    + files.get(i).toString().replace("'", "''") + "', file_row_number = true)")
                    .collect(Collectors.joining(" UNION ALL "));
            String sql = switch (variant) {
                case SAME_AS_STORE -> "CREATE TABLE nodes AS SELECT s.*, b.best IS NULL OR s.seq * 1099511627776 + s.ord"
                        + " = b.best AS live FROM (" + union + ") AS s LEFT JOIN (SELECT identifier, max(seq *"
                        + " 1099511627776 + ord) AS best FROM (" + union + ") GROUP BY identifier HAVING count(*) > 1)"
                        + " AS b ON s.identifier = b.identifier";
                case WINDOW -> "CREATE TABLE nodes AS SELECT *, row_number() OVER (PARTITION BY identifier"
                        + " ORDER BY seq DESC, ord DESC) = 1 AS live FROM (" + union + ")";
                case DEDUPE_QUALIFY -> "CREATE TABLE nodes AS SELECT identifier, name, score, category FROM read_parquet("
                        + list + ", filename = true, file_row_number = true) QUALIFY row_number() OVER (PARTITION BY"
                        + " identifier ORDER BY list_position(" + list + ", filename) DESC, file_row_number DESC) = 1";
                case PLAIN -> "CREATE TABLE nodes AS SELECT * FROM read_parquet(" + list + ")";
            };
            into.add(seconds(() -> {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
            try (var rs = s.executeQuery(variant == Raw.SAME_AS_STORE || variant == Raw.WINDOW
                    ? "SELECT count(*) FROM nodes WHERE live"
                    : "SELECT count(DISTINCT identifier) FROM nodes")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<SourceFile> sources(List<Path> files) {
        return files.stream().map(p -> new SourceFile(new ObjectUri("bench", "nodes/" + p.getFileName()), p,
                Optional.empty())).toList();
    }

    private static Path generate(Path file, int index) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            long start = index * STRIDE;
            s.execute("COPY (SELECT i AS identifier, 'name-' || i AS name, (i % 1000) / 10.0 AS score,"
                    + " 'cat-' || (i % 17) AS category FROM range(" + start + ", " + (start + ROWS) + ") t(i)) TO '"
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
