package io.graphstaging.ladybug.binding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * COPY into an empty graph of 1M nodes with five DOUBLE properties and 1M relationships with three,
 * against the same shapes with INT64 properties (random full-precision values: rounded ones hide
 * the cost), through the binding, in one run. Goal: DOUBLE/INT64 at most 1.5.
 *
 * <pre>
 * mvn -B -q -o -pl staging-ladybug test-compile
 * mvn -B -q -o -pl staging-ladybug exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.graphstaging.ladybug.binding.FloatCopyBenchmark -Dexec.args="3 without-fix"
 * </pre>
 *
 * Arguments: rounds (default 3; medians are reported), {@code without-fix} to also copy the
 * DOUBLE shapes once with the glue's float segment estimate switched off (the engine's own; minutes),
 * and {@code uncompressed} to run every copy with the database's compression off (what is left of
 * the DOUBLE/INT64 ratio without the engine's float and integer compression).
 */
public final class FloatCopyBenchmark {
    private static final int ROWS = 1_000_000;
    private static final DatabaseConfig COMPRESSED = new DatabaseConfig(2L << 30, 2, false);
    private static final DatabaseConfig UNCOMPRESSED = new DatabaseConfig(2L << 30, 2, false, false);

    private FloatCopyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        boolean withoutFix = Arrays.asList(args).contains("without-fix");
        DatabaseConfig config = Arrays.asList(args).contains("uncompressed") ? UNCOMPRESSED : COMPRESSED;
        Path dir = Files.createTempDirectory("float-copy-bench");
        try {
            Path intNodes = parquet(dir, "int-nodes", nodes("(random() * 9.2e18)::BIGINT"));
            Path doubleNodes = parquet(dir, "double-nodes", nodes("(random() - 0.5) * 1e6"));
            Path intRels = parquet(dir, "int-rels", rels("(random() * 9.2e18)::BIGINT"));
            Path doubleRels = parquet(dir, "double-rels", rels("(random() - 0.5) * 1e6"));
            List<double[]> ints = new ArrayList<>();
            List<double[]> doubles = new ArrayList<>();
            copy(config, dir, "warm-up", "INT64", intNodes, intRels);
            for (int round = 0; round < rounds; round++) {
                // Alternate the order so that neither shape always runs on a warmer machine.
                if (round % 2 == 0) {
                    ints.add(copy(config, dir, "int-" + round, "INT64", intNodes, intRels));
                    doubles.add(copy(config, dir, "double-" + round, "DOUBLE", doubleNodes, doubleRels));
                } else {
                    doubles.add(copy(config, dir, "double-" + round, "DOUBLE", doubleNodes, doubleRels));
                    ints.add(copy(config, dir, "int-" + round, "INT64", intNodes, intRels));
                }
            }
            double[] intMedian = {median(ints, 0), median(ints, 1)};
            double[] doubleMedian = {median(doubles, 0), median(doubles, 1)};
            System.out.printf("%d rounds, compression %s, medians (s)      nodes (5 props)  rels (3 props)%n", rounds,
                    config.compression() ? "on" : "off");
            System.out.printf("INT64                        %8.2f        %8.2f%n", intMedian[0], intMedian[1]);
            System.out.printf("DOUBLE                       %8.2f        %8.2f%n", doubleMedian[0], doubleMedian[1]);
            System.out.printf("DOUBLE / INT64               %8.2f        %8.2f   (goal <= 1.5)%n",
                    doubleMedian[0] / intMedian[0], doubleMedian[1] / intMedian[1]);
            if (withoutFix) {
                LbugNative.setFloatSegmentEstimateEnabled(false);
                double[] engine = copy(config, dir, "double-engine", "DOUBLE", doubleNodes, doubleRels);
                LbugNative.setFloatSegmentEstimateEnabled(true);
                System.out.printf("DOUBLE, engine's estimate    %8.2f        %8.2f   (one round)%n", engine[0], engine[1]);
                System.out.printf("  / INT64                    %8.2f        %8.2f%n",
                        engine[0] / intMedian[0], engine[1] / intMedian[1]);
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** Seconds of the node COPY and of the relationship COPY into a new database. */
    private static double[] copy(DatabaseConfig config, Path dir, String name, String type, Path nodes, Path rels) {
        Path db = dir.resolve(name).resolve("graph.lbug");
        try {
            Files.createDirectories(db.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Database database = Database.open(db, config); Connection c = database.connect()) {
            c.execute("CREATE NODE TABLE N(id INT64, a " + type + ", b " + type + ", c " + type + ", d " + type
                    + ", e " + type + ", PRIMARY KEY(id))");
            c.execute("CREATE REL TABLE R(FROM N TO N, x " + type + ", y " + type + ", z " + type + ")");
            long start = System.nanoTime();
            c.execute("COPY N FROM '" + nodes + "'");
            long nodesDone = System.nanoTime();
            c.execute("COPY R FROM '" + rels + "'");
            long relsDone = System.nanoTime();
            return new double[] {(nodesDone - start) / 1e9, (relsDone - nodesDone) / 1e9};
        } finally {
            deleteTree(db.getParent());
        }
    }

    private static String nodes(String value) {
        return "SELECT i::BIGINT AS id, " + value + " AS a, " + value + " AS b, " + value + " AS c, " + value + " AS d, "
                + value + " AS e FROM range(" + ROWS + ") t(i)";
    }

    private static String rels(String value) {
        return "SELECT i::BIGINT AS src, ((i * 7919) % " + ROWS + ")::BIGINT AS dst, " + value + " AS x, " + value
                + " AS y, " + value + " AS z FROM range(" + ROWS + ") t(i)";
    }

    private static Path parquet(Path dir, String name, String select) throws SQLException {
        Path file = dir.resolve(name + ".parquet");
        try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
        }
        return file;
    }

    private static double median(List<double[]> runs, int index) {
        double[] values = runs.stream().mapToDouble(r -> r[index]).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
