package io.graphstaging.tests.bench.s3;

import io.graphstaging.tests.bench.Statistics;
import io.graphstaging.tests.bench.ScratchDirectory;
import io.graphstaging.core.config.Settings;
import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableName;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.DownloadFileRequest;
import software.amazon.awssdk.transfer.s3.model.FileDownload;

/**
 * Issue 3's figures, against S3Proxy on 127.0.0.1 (signature checks on), same run:
 *
 * <ol>
 *   <li>cold: list + fetch + stage through {@link S3ObjectStore} and {@link CreateTable}, against
 *       the baseline (the same objects downloaded by the SDK's transfer manager alone) + (staging
 *       those local files directly with {@link DuckDbStagingStore}); goal at most 1.15;</li>
 *   <li>warm: the same staging again with the objects unchanged (the spool is reused), against
 *       the cold one; goal at most 0.6.</li>
 * </ol>
 *
 * A warm-up round is not counted; each round uses fresh directories; the order of ours and the baseline alternates between
 * rounds; medians are reported. Run (after {@code mvn -B -q install -DskipTests} of the modules):
 * {@code mvn -B -q -pl staging-tests compile exec:java
 * -Dexec.mainClass=io.graphstaging.tests.bench.s3.S3StagingBenchmark} (system properties
 * {@code bench.files} 20, {@code bench.rows} 500000, {@code bench.rounds} 3, {@code bench.memory} DuckDB's memory limit, default the store's 2GB).
 */
public final class S3StagingBenchmark {
    private static final String BUCKET = "bench";
    private static final String PREFIX = "graph1/entities/";
    private static final TableName TABLE = TableName.of("entities");

    private final int files;
    private final int rows;
    private final Path work;
    private final S3ProxyServer server;

    private S3StagingBenchmark(int files, int rows, Path work, S3ProxyServer server) {
        this.files = files;
        this.rows = rows;
        this.work = work;
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        int files = Integer.getInteger("bench.files", 20);
        int rows = Integer.getInteger("bench.rows", 500_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        try (ScratchDirectory scratch = ScratchDirectory.create("s3-staging-bench");
             S3ProxyServer server = S3ProxyServer.start()) {
            S3StagingBenchmark bench = new S3StagingBenchmark(files, rows, scratch.path(), server);
            long bytes = bench.publish();
            System.out.printf(Locale.ROOT, "%d objects of %d rows, %.1f MB in total, S3Proxy at %s%n",
                    files, rows, bytes / 1e6, server.endpoint());
            List<Ours> ours = new ArrayList<>();
            List<Baseline> baselines = new ArrayList<>();
            // Round 0 warms up the JIT and both code paths; it is not counted.
            for (int round = 0; round <= rounds; round++) {
                Ours o;
                Baseline b;
                if (round % 2 == 1) {
                    o = bench.ours(round);
                    b = bench.baseline(round);
                } else {
                    b = bench.baseline(round);
                    o = bench.ours(round);
                }
                System.out.printf(Locale.ROOT, "round %d%s: ours cold %.3f s (list+fetch %.3f), ours warm %.3f s "
                        + "(list+fetch %.3f), baseline %.3f s (transfer manager %.3f + staging %.3f)%n",
                        round, round == 0 ? " (warm-up)" : "", o.cold(), o.coldObjects(), o.warm(), o.warmObjects(),
                        b.total(), b.download(), b.staging());
                if (round > 0) {
                    ours.add(o);
                    baselines.add(b);
                }
            }
            double cold = Statistics.median(ours.stream().map(Ours::cold).toList());
            double warm = Statistics.median(ours.stream().map(Ours::warm).toList());
            double coldObjects = Statistics.median(ours.stream().map(Ours::coldObjects).toList());
            double warmObjects = Statistics.median(ours.stream().map(Ours::warmObjects).toList());
            double base = Statistics.median(baselines.stream().map(Baseline::total).toList());
            double download = Statistics.median(baselines.stream().map(Baseline::download).toList());
            System.out.printf(Locale.ROOT, "median of %d rounds: ours cold %.3f s, ours warm %.3f s, "
                    + "baseline (transfer manager + local staging) %.3f s%n", rounds, cold, warm, base);
            System.out.printf(Locale.ROOT, "ratio cold / baseline = %.3f (goal <= 1.15)%n", cold / base);
            System.out.printf(Locale.ROOT, "ratio warm / cold     = %.3f (goal <= 0.6)%n", warm / cold);
            System.out.printf(Locale.ROOT, "object store part: list+fetch cold %.3f s vs transfer manager %.3f s "
                    + "(ratio %.3f); warm list+spool %.3f s (ratio to cold %.3f)%n",
                    coldObjects, download, coldObjects / download, warmObjects, warmObjects / coldObjects);
        }
    }

    /** Writes the Parquet files with DuckDB and uploads them; returns their total size. */
    private long publish() throws IOException, SQLException {
        server.createBucket(BUCKET);
        Path source = Files.createDirectories(work.resolve("source"));
        long total = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (int f = 0; f < files; f++) {
                Path file = source.resolve(String.format("part-%03d.parquet", f));
                long first = (long) f * rows;
                s.execute("COPY (SELECT (" + first + " + i)::BIGINT AS identifier, 'entity-' || (" + first
                        + " + i) AS name, (i % 97)::INTEGER AS category, (hash(i) % 1000000)::DOUBLE / 7 AS score "
                        + "FROM range(" + rows + ") t(i)) TO '" + file + "' (FORMAT parquet)");
                server.putObject(BUCKET, PREFIX + file.getFileName(), file);
                total += Files.size(file);
            }
        }
        return total;
    }

    private DuckDbConnectionPool pool(Path stagingDir) {
        DuckDbConfig defaults = DuckDbConfig.defaults(stagingDir);
        // The store's default limit unless told otherwise; both sides get the same.
        String memory = System.getProperty("bench.memory", defaults.memoryLimit().toString());
        return new DuckDbConnectionPool(defaults.withMemoryLimit(ByteSize.parse(memory).orElseThrow()),
                new SpoolDirectory(defaults.stagingDir().resolve("spool")), Clock.systemUTC());
    }

    /** Seconds of a cold and a warm staging, and of their list+fetch parts. */
    private record Ours(double cold, double coldObjects, double warm, double warmObjects) {}

    /** Seconds of the transfer manager's downloads and of staging the downloaded files. */
    private record Baseline(double download, double staging) {
        double total() {
            return download + staging;
        }
    }

    private Ours ours(int round) throws IOException {
        try (ScratchDirectory roundDir = ScratchDirectory.create("s3-bench-ours-" + round + "-");
             DuckDbConnectionPool pool = pool(roundDir.path())) {
            Path stagingDir = roundDir.path();
            Map<String, String> env = new HashMap<>(server.environment());
            ObjectStoreConfig config = Settings.read(env, ObjectStoreConfig::from);
            try (S3ObjectStore store = new S3ObjectStore(S3ClientFactory.create(config),
                    new Spool(new SpoolDirectory(stagingDir.resolve("spool")), config.spoolMaxBytes()), config.maxConcurrency())) {
                TimedObjectStore timed = new TimedObjectStore(store);
                CreateTable create = new CreateTable(timed, new DuckDbStagingStore(pool), new TableLocks(Duration.ofMinutes(1)));
                StageFilesCommand command = new StageFilesCommand(GraphId.of("ours"), TABLE,
                        ObjectPattern.parse("s3://" + BUCKET + "/" + PREFIX + "*.parquet"), Map.of());
                long start = System.nanoTime();
                StagedTable cold = create.execute(command);
                double coldSeconds = (System.nanoTime() - start) / 1e9;
                double coldObjects = timed.takeSeconds();
                start = System.nanoTime();
                StagedTable warm = create.execute(command);
                double warmSeconds = (System.nanoTime() - start) / 1e9;
                requireAllRows(cold);
                requireAllRows(warm);
                return new Ours(coldSeconds, coldObjects, warmSeconds, timed.takeSeconds());
            }
        }
    }

    /** The transfer manager downloads into the graph's spool, then the store stages those files. */
    private Baseline baseline(int round) throws IOException {
        GraphId graph = GraphId.of("baseline");
        try (ScratchDirectory roundDir = ScratchDirectory.create("s3-bench-baseline-" + round + "-");
                DuckDbConnectionPool pool = pool(roundDir.path());
                S3AsyncClient async = S3AsyncClient.builder()
                        .region(Region.of(S3ProxyServer.REGION))
                        .endpointOverride(server.endpoint())
                        .forcePathStyle(true)
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                        .build();
                S3TransferManager transfers = S3TransferManager.builder().s3Client(async).build()) {
            Path target = Files.createDirectories(pool.paths().spool(graph).resolve("tm"));
            DuckDbStagingStore staging = new DuckDbStagingStore(pool);
            long start = System.nanoTime();
            List<FileDownload> downloads = new ArrayList<>();
            List<SourceFile> sources = new ArrayList<>();
            for (int f = 0; f < files; f++) {
                String key = PREFIX + String.format("part-%03d.parquet", f);
                Path local = target.resolve(String.format("part-%03d.parquet", f));
                downloads.add(transfers.downloadFile(DownloadFileRequest.builder()
                        .getObjectRequest(b -> b.bucket(BUCKET).key(key))
                        .destination(local)
                        .build()));
                sources.add(new SourceFile(new ObjectUri(BUCKET, key), local, Optional.empty()));
            }
            downloads.forEach(d -> d.completionFuture().join());
            double download = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            StagedTable table = staging.createTable(graph, TABLE, sources, "s3://" + BUCKET + "/" + PREFIX + "*.parquet");
            double stagingSeconds = (System.nanoTime() - start) / 1e9;
            requireAllRows(table);
            return new Baseline(download, stagingSeconds);
        }
    }

    private void requireAllRows(StagedTable table) {
        long expected = (long) files * rows;
        if (table.summary().rowCount() != expected) {
            throw new IllegalStateException("Staged " + table.summary().rowCount() + " rows, expected " + expected);
        }
    }



    /** S3Proxy's Jetty and the SDK log every request at DEBUG without a configuration. */
    private static void quietLogging() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
