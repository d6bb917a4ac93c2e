package io.graphstaging.ladybug.binding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the glue's integer-minimum check (integer_minimum.cpp) costs: the same work with the check
 * on and switched off (the engine alone, which cuts minimums), in one run, through the binding.
 * Four shapes of 1M rows, each COPY into an empty graph: INT64 values 0..999 (bit-packed, no
 * minimum: the per-chunk check only); the same with INT64's minimum every 65,536th row (each chunk
 * holds one: stored uncompressed with the check, bit-packed and cut without); random UUIDs (INT128:
 * each chunk scanned once more); and {@code SET} of 200,000 values in place into the first shape
 * (the replaced {@code canUpdateInPlace} scans what it writes). Reports medians and the on/off ratio,
 * and how many planted minimums read back either way.
 *
 * <pre>
 * mvn -B -q -o -pl staging-ladybug test-compile
 * mvn -B -q -o -pl staging-ladybug exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.graphstaging.ladybug.binding.IntegerMinimumCheckBenchmark -Dexec.args="5"
 * </pre>
 *
 * Argument: rounds (default 5).
 */
public final class IntegerMinimumCheckBenchmark {
    private static final int ROWS = 1_000_000;
    private static final int EVERY = 65_536;
    private static final int UPDATED = 200_000;
    private static final DatabaseConfig CONFIG = new DatabaseConfig(1L << 30, 2, false);

    private IntegerMinimumCheckBenchmark() {}

    /** Seconds of one shape's work, and the planted minimums read back after it (-1: none planted). */
    private record Run(double seconds, long minimumsRead) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("int-minimum-bench");
        try {
            Path small = parquet(dir, "small", "SELECT i::BIGINT AS id, (random() * 999)::BIGINT AS v FROM range(" + ROWS + ") t(i)");
            Path minimum = parquet(dir, "minimum", "SELECT i::BIGINT AS id, CASE WHEN i % " + EVERY
                    + " = 0 THEN (-9223372036854775808)::BIGINT ELSE (random() * 999)::BIGINT END AS v FROM range(" + ROWS + ") t(i)");
            Path uuids = parquet(dir, "uuids", "SELECT i::BIGINT AS id, gen_random_uuid() AS v FROM range(" + ROWS + ") t(i)");
            long planted = (ROWS + EVERY - 1) / EVERY;
            List<String> shapes = List.of("INT64 0..999", "INT64 with minimums", "UUID random", "SET in place");
            List<List<List<Run>>> runs = new ArrayList<>(); // [shape][on=0/off=1][round]
            for (int s = 0; s < shapes.size(); s++) {
                runs.add(List.of(new ArrayList<>(), new ArrayList<>()));
            }
            copy(dir, "warm-up", "INT64", small); // first use of the engine and the page cache
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < 2; k++) {
                    // Alternate which goes first so that neither always runs on a warmer machine.
                    boolean on = (round + k) % 2 == 0;
                    LbugNative.setIntegerMinimumCheckEnabled(on);
                    try {
                        int side = on ? 0 : 1;
                        String name = round + (on ? "-on" : "-off");
                        runs.get(0).get(side).add(copy(dir, name + "-small", "INT64", small));
                        runs.get(1).get(side).add(copy(dir, name + "-minimum", "INT64", minimum));
                        runs.get(2).get(side).add(copy(dir, name + "-uuid", "UUID", uuids));
                        runs.get(3).get(side).add(update(dir, name + "-set", small));
                    } finally {
                        LbugNative.setIntegerMinimumCheckEnabled(true);
                    }
                }
            }
            System.out.printf("%,d rows, %d rounds, medians (s); %d minimums planted in the second shape%n", ROWS, rounds, planted);
            System.out.printf("%-22s %10s %10s %8s%n", "", "check on", "check off", "on/off");
            for (int s = 0; s < shapes.size(); s++) {
                double on = median(runs.get(s).get(0));
                double off = median(runs.get(s).get(1));
                System.out.printf("%-22s %10.3f %10.3f %8.2f%n", shapes.get(s), on, off, on / off);
            }
            System.out.printf("minimums read back: check on %d, check off %d (of %d)%n",
                    runs.get(1).get(0).get(0).minimumsRead(), runs.get(1).get(1).get(0).minimumsRead(), planted);
        } finally {
            deleteTree(dir);
        }
    }

    /** COPY of {@code file} into a new node table N(id, v type). */
    private static Run copy(Path dir, String name, String type, Path file) {
        Path db = database(dir, name);
        try (Database database = Database.open(db, CONFIG); Connection c = database.connect()) {
            c.execute("CREATE NODE TABLE N(id INT64, v " + type + ", PRIMARY KEY(id))");
            long start = System.nanoTime();
            c.execute("COPY N FROM '" + file + "'");
            double seconds = (System.nanoTime() - start) / 1e9;
            check(c.queryLong("MATCH (n:N) RETURN count(n)"), ROWS, name);
            long minimums = type.equals("INT64")
                    ? c.queryLong("MATCH (n:N) WHERE n.v = -9223372036854775807 - 1 RETURN count(n)") : -1;
            return new Run(seconds, minimums);
        } finally {
            deleteTree(db.getParent());
        }
    }

    /** {@code SET} of {@link #UPDATED} values into the bit-packed chunks a COPY of {@code file} wrote, then a checkpoint. */
    private static Run update(Path dir, String name, Path file) {
        Path db = database(dir, name);
        try (Database database = Database.open(db, CONFIG); Connection c = database.connect()) {
            c.execute("CREATE NODE TABLE N(id INT64, v INT64, PRIMARY KEY(id))");
            c.execute("COPY N FROM '" + file + "'");
            c.execute("CHECKPOINT");
            long start = System.nanoTime();
            c.execute("MATCH (n:N) WHERE n.id < " + UPDATED + " SET n.v = 999 - n.v");
            c.execute("CHECKPOINT");
            double seconds = (System.nanoTime() - start) / 1e9;
            check(c.queryLong("MATCH (n:N) WHERE n.v >= 0 AND n.v <= 999 RETURN count(n)"), ROWS, name);
            return new Run(seconds, -1);
        } finally {
            deleteTree(db.getParent());
        }
    }

    private static Path database(Path dir, String name) {
        Path db = dir.resolve(name).resolve("graph.lbug");
        try {
            Files.createDirectories(db.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return db;
    }

    private static void check(long actual, long expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": " + actual + " rows, expected " + expected);
        }
    }

    private static Path parquet(Path dir, String name, String select) throws SQLException {
        Path file = dir.resolve(name + ".parquet");
        try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("SELECT setseed(0.5)");
            st.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
        }
        return file;
    }

    private static double median(List<Run> runs) {
        double[] values = runs.stream().mapToDouble(Run::seconds).sorted().toArray();
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
