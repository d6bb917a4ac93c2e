package io.graphstaging.tests.bench.ladybug;

import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.DatabaseConfig;
import io.graphstaging.tests.bench.ScratchDirectory;
import io.graphstaging.tests.bench.Statistics;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rebuild that keeps the old table costs the engine, on LadybugDB alone (no staging, no
 * sink): a node table and a relationship table between its nodes, rebuilt both ways in a
 * database that stays open and holds them, against the same two {@code COPY FROM}s into a fresh
 * database, interleaved per round:
 * <ul>
 *   <li>build then swap, as the sink does: copy into {@code $r_<table>}, then in one transaction
 *       drop the old table (and the relationship table pointing at the node table), rename the
 *       new one, create the relationship table again;</li>
 *   <li>drop first, as the sink did before: drop and create the tables, then copy;</li>
 *   <li>the fresh copy from uncompressed Parquet files instead of DuckDB's default (snappy),
 *       with DuckDB's time to write each kind printed once.</li>
 * </ul>
 * Reports the medians of the per-round ratios to the fresh copy.
 *
 * <pre>
 * mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.ladybug.RebuildSwapBenchmark \
 *     [-Dexec.args="nodes rels rounds"]
 * </pre>
 */
public final class RebuildSwapBenchmark {
    private static final long POOL = 1L << 30;
    private static final String NODE_DDL = " (identifier INT64, category INT64, amount INT64, PRIMARY KEY(identifier))";
    private static final String REL_DDL = " (FROM Entity TO Entity, weight INT64)";

    private RebuildSwapBenchmark() {}

    /** The Parquet files of one kind. */
    private record Files(Path nodes, Path rels) {}

    public static void main(String[] args) throws Exception {
        long nodes = args.length > 0 ? Long.parseLong(args[0]) : 300_000;
        long rels = args.length > 1 ? Long.parseLong(args[1]) : 900_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (ScratchDirectory scratch = ScratchDirectory.create("rebuild-swap")) {
            run(scratch.path(), nodes, rels, rounds);
        }
    }

    private static void run(Path dir, long nodes, long rels, int rounds) throws Exception {
        Files snappy = new Files(dir.resolve("nodes.parquet"), dir.resolve("rels.parquet"));
        Files plain = new Files(dir.resolve("nodes-plain.parquet"), dir.resolve("rels-plain.parquet"));
        try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("SET threads=2");
            st.execute("CREATE TABLE n AS SELECT i::BIGINT AS identifier, i % 97 AS category, i * 3 AS amount FROM range(0, "
                    + nodes + ") t(i)");
            st.execute("CREATE TABLE r AS SELECT (i % " + nodes + ")::BIGINT AS src, ((i * 7 + i // " + nodes + " + 1) % "
                    + nodes + ")::BIGINT AS dst, (i % 1000)::BIGINT AS weight FROM range(0, " + rels + ") t(i)");
            double compressed = seconds(() -> {
                st.execute("COPY n TO '" + snappy.nodes() + "' (FORMAT parquet)");
                st.execute("COPY r TO '" + snappy.rels() + "' (FORMAT parquet)");
            });
            double uncompressed = seconds(() -> {
                st.execute("COPY n TO '" + plain.nodes() + "' (FORMAT parquet, COMPRESSION uncompressed)");
                st.execute("COPY r TO '" + plain.rels() + "' (FORMAT parquet, COMPRESSION uncompressed)");
            });
            System.out.printf("inputs: %,d nodes, %,d relationships, %d rounds; DuckDB writes them in %.3fs (snappy),"
                    + " %.3fs (uncompressed)%n", nodes, rels, rounds, compressed, uncompressed);
        }
        List<Double> swapRatios = new ArrayList<>();
        List<Double> dropRatios = new ArrayList<>();
        List<Double> plainRatios = new ArrayList<>();
        try (Database db = Database.open(dir.resolve("kept.lbug"), new DatabaseConfig(POOL, 0, false));
             Connection kept = db.connect()) {
            kept.execute("CREATE NODE TABLE Entity" + NODE_DDL);
            kept.execute("CREATE REL TABLE links" + REL_DDL);
            copy(kept, snappy);
            for (int round = 0; round < rounds; round++) {
                double fresh = fresh(dir.resolve("fresh-" + round + ".lbug"), snappy);
                double swap = seconds(() -> buildThenSwap(kept, snappy));
                double drop = seconds(() -> dropFirst(kept, snappy));
                double fromPlain = fresh(dir.resolve("plain-" + round + ".lbug"), plain);
                System.out.printf("round %d: fresh copy %.3fs, build then swap %.3fs, drop first %.3fs,"
                        + " fresh copy of uncompressed files %.3fs%n", round + 1, fresh, swap, drop, fromPlain);
                swapRatios.add(swap / fresh);
                dropRatios.add(drop / fresh);
                plainRatios.add(fromPlain / fresh);
            }
        }
        System.out.printf("median ratios to the fresh copy over %d rounds: build then swap %.3f, drop first %.3f,"
                + " uncompressed files %.3f%n", rounds, Statistics.median(swapRatios), Statistics.median(dropRatios),
                Statistics.median(plainRatios));
    }

    private static double fresh(Path file, Files files) throws Exception {
        try (Database db = Database.open(file, new DatabaseConfig(POOL, 0, false)); Connection c = db.connect()) {
            c.execute("CREATE NODE TABLE Entity" + NODE_DDL);
            c.execute("CREATE REL TABLE links" + REL_DDL);
            return seconds(() -> copy(c, files));
        }
    }

    private static void copy(Connection c, Files files) {
        c.execute("COPY Entity FROM '" + files.nodes() + "'");
        c.execute("COPY links FROM '" + files.rels() + "'");
    }

    private static void buildThenSwap(Connection c, Files files) {
        c.execute("CREATE NODE TABLE `$r_Entity`" + NODE_DDL);
        c.execute("COPY `$r_Entity` FROM '" + files.nodes() + "'");
        c.execute("BEGIN TRANSACTION");
        c.execute("DROP TABLE links");
        c.execute("DROP TABLE Entity");
        c.execute("ALTER TABLE `$r_Entity` RENAME TO Entity");
        c.execute("CREATE REL TABLE links" + REL_DDL);
        c.execute("COMMIT");
        c.execute("CREATE REL TABLE `$r_links`" + REL_DDL);
        c.execute("COPY `$r_links` FROM '" + files.rels() + "'");
        c.execute("BEGIN TRANSACTION");
        c.execute("DROP TABLE links");
        c.execute("ALTER TABLE `$r_links` RENAME TO links");
        c.execute("COMMIT");
    }

    private static void dropFirst(Connection c, Files files) {
        c.execute("DROP TABLE links");
        c.execute("DROP TABLE Entity");
        c.execute("CREATE NODE TABLE Entity" + NODE_DDL);
        c.execute("CREATE REL TABLE links" + REL_DDL);
        c.execute("COPY Entity FROM '" + files.nodes() + "'");
        c.execute("DROP TABLE links");
        c.execute("CREATE REL TABLE links" + REL_DDL);
        c.execute("COPY links FROM '" + files.rels() + "'");
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static double seconds(Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
