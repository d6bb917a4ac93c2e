package io.graphstaging.tests.bench.registry;

import io.graphstaging.tests.bench.Statistics;
import io.graphstaging.tests.bench.ScratchDirectory;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.usecase.CreateTable;
import io.graphstaging.core.usecase.RefreshTable;
import io.graphstaging.core.usecase.StageFilesCommand;
import io.graphstaging.core.usecase.TableLocks;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.registry.migration.MigrationScripts;
import io.graphstaging.registry.migration.SchemaMigrator;
import io.graphstaging.registry.postgres.PostgresFileRegistry;
import io.graphstaging.registry.postgres.RegistryDatabase;
import io.graphstaging.registry.postgres.SortableIds;
import io.graphstaging.s3.local.LocalDirectoryObjectStore;
import io.graphstaging.s3.spool.Spool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the file registry adds to staging, in one run on the same files: refreshing a table from
 * the registry (read files, check each, rebuild, record every outcome) versus creating the same
 * table from the same objects with the same file ids directly ({@code CreateTable}), over the
 * embedded durable PostgreSQL the default run uses. Also the registry's own latency for listing
 * and recording a table of {@code FILES} files.
 *
 * <p>Each figure is the median of {@code rounds} runs (argument 1, default 5). Run:
 * {@code mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.registry.RefreshBenchmark}
 */
public final class RefreshBenchmark {
    private static final int FILES = 20;
    private static final long ROWS = 50_000;
    private static final long STRIDE = 45_000;
    private static final GraphId GRAPH = GraphId.of("bench");
    private static final TableName TABLE = TableName.of("entities");

    private RefreshBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (ScratchDirectory scratch = ScratchDirectory.create("refresh-bench")) {
            run(rounds, scratch.path());
        }
    }

    private static void run(int rounds, Path base) throws Exception {
        DuckDbConfig defaults = DuckDbConfig.defaults(base.resolve("duckdb"));
        try (DuckDbConnectionPool pool = new DuckDbConnectionPool(defaults, new SpoolDirectory(defaults.stagingDir().resolve("spool")), Clock.systemUTC());
             RegistryDatabase database = RegistryDatabase.open(RegistryConfig.embedded(base.resolve("registry")))) {
            new SchemaMigrator(database.jdbi(), MigrationScripts.bundled()).migrate();
            PostgresFileRegistry registry = new PostgresFileRegistry(database, new SortableIds());
            DuckDbStagingStore store = new DuckDbStagingStore(pool);
            LocalDirectoryObjectStore objects = new LocalDirectoryObjectStore(base.resolve("objects"),
                    new Spool(new SpoolDirectory(defaults.stagingDir().resolve("spool")), 1L << 32));
            try (objects) {
                run(rounds, base, registry, store, objects);
            }
        }
    }

    private static void run(int rounds, Path base, PostgresFileRegistry registry, DuckDbStagingStore store,
                            LocalDirectoryObjectStore objects) throws Exception {
        TableLocks locks = new TableLocks(Duration.ofMinutes(5));

        registry.registerTable(GRAPH, TABLE, TableKind.NODE);
        Map<ObjectUri, FileId> ids = new LinkedHashMap<>();
        for (int i = 0; i < FILES; i++) {
            ObjectUri uri = new ObjectUri("bench", "entities/part-" + i + ".parquet");
            Path file = base.resolve("objects").resolve(uri.bucket()).resolve(uri.key());
            writeParquet(file, i * STRIDE);
            RegistryFile registered = registry.registerFile(new NewRegistryFile(GRAPH, TABLE, uri,
                    "part-" + i + ".parquet", Files.size(file), UploadStatus.COMPLETED));
            ids.put(uri, registered.id());
        }
        CreateTable create = new CreateTable(objects, store, locks);
        RefreshTable refresh = new RefreshTable(registry, objects, store, locks);
        StageFilesCommand direct = new StageFilesCommand(GRAPH, TABLE,
                ObjectPattern.ofUris(ids.keySet().stream().map(ObjectUri::toString).toList()), ids);

        // Warm-up: spool filled, DuckDB and the registry connections open.
        create.execute(direct);
        refresh.execute(GRAPH, TABLE);

        List<Long> createNanos = new ArrayList<>();
        List<Long> refreshNanos = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            createNanos.add(time(() -> create.execute(direct)));
            refreshNanos.add(time(() -> refresh.execute(GRAPH, TABLE)));
        }
        List<Long> listNanos = new ArrayList<>();
        List<Long> recordNanos = new ArrayList<>();
        Map<FileId, Long> staged = new LinkedHashMap<>();
        ids.values().forEach(id -> staged.put(id, ROWS));
        for (int r = 0; r < 200; r++) {
            listNanos.add(time(() -> registry.listFiles(GRAPH, TABLE)));
            recordNanos.add(time(() -> registry.recordStaging(GRAPH, TABLE, staged, List.of(), FILES * STRIDE)));
        }

        double createMs = Statistics.median(createNanos) / 1e6;
        double refreshMs = Statistics.median(refreshNanos) / 1e6;
        System.out.printf(Locale.ROOT, "files=%d rows/file=%d rounds=%d cores=%d%n", FILES, ROWS, rounds,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "create (baseline) median %.1f ms%n", createMs);
        System.out.printf(Locale.ROOT, "refresh           median %.1f ms%n", refreshMs);
        System.out.printf(Locale.ROOT, "refresh/create ratio %.3f%n", refreshMs / createMs);
        System.out.printf(Locale.ROOT, "registry listFiles(%d files) median %.2f ms, recordStaging median %.2f ms%n",
                FILES, Statistics.median(listNanos) / 1e6, Statistics.median(recordNanos) / 1e6);
    }

    private static void writeParquet(Path file, long first) throws Exception {
        Files.createDirectories(file.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT i AS identifier, 'name-' || i AS name, i % 97 AS score FROM range(" + first + ", "
                    + (first + ROWS) + ") t(i)) TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet)");
        }
    }

    private static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }


}
