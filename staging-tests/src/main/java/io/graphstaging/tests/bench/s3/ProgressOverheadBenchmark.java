package io.graphstaging.tests.bench.s3;

import io.graphstaging.core.config.Settings;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.task.ProgressListener;
import io.graphstaging.core.task.TaskProgress;
import io.graphstaging.core.usecase.CreateTable;
import io.graphstaging.core.usecase.StageFilesCommand;
import io.graphstaging.core.usecase.TableLocks;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.s3.ObjectStoreConfig;
import io.graphstaging.s3.aws.S3ClientFactory;
import io.graphstaging.s3.aws.S3ObjectStore;
import io.graphstaging.s3.spool.Spool;
import io.graphstaging.s3.testing.S3ProxyServer;
import io.graphstaging.tests.bench.ScratchDirectory;
import io.graphstaging.tests.bench.Statistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cost of progress reporting (issue 13): a cold 20-object staging from S3Proxy through
 * {@link CreateTable} with progress switched off ({@code ProgressListener.NONE}) against the same
 * staging reporting to a listener that keeps the latest position, as the task runner's does, same
 * run, alternating order, medians; goal at most 1.01. Also the largest gap between two reports
 * reaching the listener (the task runner writes the last position again every second on top of
 * these, so a watcher's gap is at most about a second). Run (after {@code mvn -B -q install
 * -DskipTests}): {@code mvn -B -q -pl staging-tests compile exec:java
 * -Dexec.mainClass=io.graphstaging.tests.bench.s3.ProgressOverheadBenchmark} (system properties
 * {@code bench.files} 20, {@code bench.rows} 200000, {@code bench.rounds} 5).
 */
public final class ProgressOverheadBenchmark {
    private static final String BUCKET = "bench";
    private static final String PREFIX = "progress/";

    private ProgressOverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int files = Integer.getInteger("bench.files", 20);
        int rows = Integer.getInteger("bench.rows", 200_000);
        int rounds = Integer.getInteger("bench.rounds", 5);
        try (ScratchDirectory scratch = ScratchDirectory.create("progress-bench");
             S3ProxyServer server = S3ProxyServer.start()) {
            publish(server, scratch.path().resolve("source"), files, rows);
            List<Double> off = new ArrayList<>();
            List<Double> on = new ArrayList<>();
            long largestGapMs = 0;
            for (int round = 0; round <= rounds; round++) {
                boolean offFirst = round % 2 == 0;
                double a = offFirst ? stage(server, round, "off", null) : 0;
                Gaps gaps = new Gaps();
                double b = stage(server, round, "on", gaps);
                if (!offFirst) {
                    a = stage(server, round, "off", null);
                }
                System.out.printf(Locale.ROOT, "round %d%s: progress off %.3f s, on %.3f s, %d reports, largest gap %d ms%n",
                        round, round == 0 ? " (warm-up)" : "", a, b, gaps.count.get(), gaps.largestMs());
                if (round > 0) {
                    off.add(a);
                    on.add(b);
                    largestGapMs = Math.max(largestGapMs, gaps.largestMs());
                }
            }
            double offMedian = Statistics.median(off);
            double onMedian = Statistics.median(on);
            System.out.printf(Locale.ROOT, "%d objects of %d rows, median of %d rounds: off %.3f s, on %.3f s%n", files,
                    rows, rounds, offMedian, onMedian);
            System.out.printf(Locale.ROOT, "ratio on / off = %.3f (goal <= 1.01); largest gap between reports %d ms%n",
                    onMedian / offMedian, largestGapMs);
        }
    }

    /** Keeps the latest report, as the task runner does, and the largest gap between two. */
    private static final class Gaps implements ProgressListener {
        final AtomicReference<TaskProgress> latest = new AtomicReference<>();
        final AtomicLong count = new AtomicLong();
        final AtomicLong last = new AtomicLong(System.nanoTime());
        final AtomicLong largest = new AtomicLong();

        @Override
        public void report(TaskProgress progress) {
            latest.set(progress);
            count.incrementAndGet();
            long now = System.nanoTime();
            largest.accumulateAndGet(now - last.getAndSet(now), Math::max);
        }

        long largestMs() {
            return Duration.ofNanos(largest.get()).toMillis();
        }
    }

    private static void publish(S3ProxyServer server, Path source, int files, int rows) throws Exception {
        server.createBucket(BUCKET);
        Files.createDirectories(source);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (int f = 0; f < files; f++) {
                Path file = source.resolve(String.format("part-%03d.parquet", f));
                long first = (long) f * rows;
                s.execute("COPY (SELECT (" + first + " + i)::BIGINT AS identifier, 'entity-' || (" + first
                        + " + i) AS name, (hash(i) % 1000000)::DOUBLE / 7 AS score FROM range(" + rows
                        + ") t(i)) TO '" + file + "' (FORMAT parquet)");
                server.putObject(BUCKET, PREFIX + file.getFileName(), file);
            }
        }
    }

    /** Seconds of one cold staging in fresh directories; {@code progress} null: switched off. */
    private static double stage(S3ProxyServer server, int round, String side, ProgressListener progress)
            throws Exception {
        try (ScratchDirectory dir = ScratchDirectory.create("progress-" + side + "-" + round + "-");
             DuckDbConnectionPool pool = new DuckDbConnectionPool(DuckDbConfig.defaults(dir.path()),
                     new SpoolDirectory(dir.path().resolve("spool")), Clock.systemUTC())) {
            ObjectStoreConfig config = Settings.read(server.environment(), ObjectStoreConfig::from);
            try (S3ObjectStore store = new S3ObjectStore(S3ClientFactory.create(config),
                    new Spool(new SpoolDirectory(dir.path().resolve("spool")), config.spoolMaxBytes()),
                    config.maxConcurrency());
                 TableLocks locks = new TableLocks(Duration.ofMinutes(1))) {
                CreateTable create = new CreateTable(store, new DuckDbStagingStore(pool), locks);
                StageFilesCommand command = new StageFilesCommand(GraphId.of("bench"), TableName.of("entities"),
                        ObjectPattern.parse("s3://" + BUCKET + "/" + PREFIX + "*.parquet"), Map.of());
                long start = System.nanoTime();
                StagedTable staged = progress == null ? create.execute(command)
                        : create.execute(command, new Cancellation(), progress);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (staged.summary().rowCount() == 0) {
                    throw new IllegalStateException("nothing staged");
                }
                return seconds;
            }
        }
    }
}
