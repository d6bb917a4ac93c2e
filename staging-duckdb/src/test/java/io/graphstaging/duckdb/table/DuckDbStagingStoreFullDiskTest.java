package io.graphstaging.duckdb.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.ParquetExport;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.testing.Tmpfs;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.testing.ParquetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on a real file system that fills up: the staging directory is a small tmpfs (the
 * spool is not). Every write that runs out of space answers {@code STORAGE_FULL} naming the
 * directory by its setting and changes nothing; once space returns everything works again, in
 * the same process and after a restart. A failure at COMMIT used to leave the connection in a
 * state where later writes answered errors but were applied (one statement at a time).
 */
class DuckDbStagingStoreFullDiskTest {
    private static final GraphId GRAPH = GraphId.of("full");
    private static final TableName PEOPLE = TableName.of("people");
    private static final TableName LINKS = TableName.of("links");
    private static final int PEOPLE_ROWS = 1_000;
    private static final int CYCLES = 3;

    @TempDir
    Path dir;
    private Tmpfs disk;
    private DuckDbConfig config;
    private SpoolDirectory spoolDirectory;
    private DuckDbConnectionPool pool;
    private DuckDbStagingStore store;
    private Path spool;

    @BeforeEach
    void open() throws Exception {
        disk = Tmpfs.mount(dir.resolve("staging"), 48);
        config = DuckDbConfig.defaults(disk.path()).withThreads(2).withMemoryLimit(ByteSize.ofMebibytes(256));
        spoolDirectory = new SpoolDirectory(dir.resolve("spool"));
        openStore();
        spool = Files.createDirectories(pool.paths().spool(GRAPH));
    }

    private void openStore() {
        pool = new DuckDbConnectionPool(config, spoolDirectory, Clock.systemUTC());
        store = new DuckDbStagingStore(pool);
    }

    @AfterEach
    void close() {
        try {
            if (pool != null) {
                pool.close();
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
        }
    }

    @Test
    void writesOnAFullDiskFailWholeAndEverythingWorksOnceSpaceReturns() throws Exception {
        SourceFile people = people("people.parquet", "v1", false);
        SourceFile bulk = bulk("bulk.parquet", 60_000);
        SourceFile withNulls = people("people-nulls.parquet", "bad", true);
        // The same object as 'people' (so a re-append replaces its rows), now with NULL identifiers.
        SourceFile reappendedWithNulls = new SourceFile(people.uri(), withNulls.localPath(), Optional.empty());
        store.createTable(GRAPH, PEOPLE, List.of(people), "people");
        List<String> expected = rows(PEOPLE);
        assertThat(expected).hasSize(PEOPLE_ROWS);

        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            disk.fillLeaving(512 * 1024);

            TableName other = TableName.of("other_" + cycle);
            List<Throwable> failures = List.of(
                    catchThrowable(() -> store.createTable(GRAPH, other, List.of(bulk), "x")),
                    catchThrowable(() -> store.createTable(GRAPH, PEOPLE, List.of(bulk), "x")),
                    catchThrowable(() -> store.appendFiles(GRAPH, PEOPLE, List.of(bulk))));
            // What was written first, then what was answered: a write that failed must have changed nothing.
            assertThat(store.listTables(GRAPH)).as("cycle %d", cycle).singleElement()
                    .satisfies(t -> assertThat(t.rowCount()).isEqualTo(PEOPLE_ROWS));
            assertThat(rows(PEOPLE)).as("cycle %d", cycle).isEqualTo(expected);
            failures.forEach(this::assertStorageFull);

            disk.free();

            // Still on the full-disk cycle's connections: a refused append changes nothing.
            Throwable nulls = catchThrowable(() -> store.appendFiles(GRAPH, PEOPLE, List.of(reappendedWithNulls)));
            assertThat(nulls).isInstanceOf(StagingException.class);
            assertThat(((StagingException) nulls).code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
            assertThat(rows(PEOPLE)).as("cycle %d: a refused re-append keeps the good rows", cycle).isEqualTo(expected);

            // Space is back: writes work and are applied, then undone for the next cycle.
            store.createTable(GRAPH, LINKS, List.of(bulk), "links");
            assertThat(store.listTables(GRAPH)).extracting(TableSummary::rowCount).containsExactlyInAnyOrder(
                    (long) PEOPLE_ROWS, 60_000L);
            assertThat(store.dropTable(GRAPH, LINKS)).isTrue();
            assertThat(store.listTables(GRAPH)).extracting(t -> t.table().value()).containsExactly("people");
        }

        pool.close();
        openStore();
        assertThat(rows(PEOPLE)).as("after a restart").isEqualTo(expected);
        assertThat(store.listTables(GRAPH)).singleElement().satisfies(t -> assertThat(t.rowCount()).isEqualTo(PEOPLE_ROWS));
    }

    @Test
    void aCheckpointOnAFullDiskFailsItsWriteAndTheDatabaseOpensAgainOnceSpaceReturns() throws Exception {
        List<SourceFile> files = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            files.add(bulk("part-" + f + ".parquet", 60_000, f * 100_000L));
        }
        store.createTable(GRAPH, PEOPLE, files.subList(0, 1), "people");
        disk.fillLeaving(14L << 20);
        // About 5.5 MB of WAL each: these two fit.
        store.appendFiles(GRAPH, PEOPLE, files.subList(1, 2));
        store.appendFiles(GRAPH, PEOPLE, files.subList(2, 3));

        // The WAL passes DuckDB's 16 MiB threshold: this commit checkpoints, which fails and
        // invalidates the database instance (every later statement on it fails).
        Throwable thrown = catchThrowable(() -> store.appendFiles(GRAPH, PEOPLE, files.subList(3, 4)));

        assertStorageFull(thrown);
        assertThat(thrown).as("the engine gave up on the instance").hasStackTraceContaining("checkpoint");
        disk.free();
        assertThat(store.listTables(GRAPH)).singleElement().satisfies(t -> {
            assertThat(t.rowCount()).isEqualTo(180_000);
            assertThat(t.fileCount()).isEqualTo(3);
        });
        assertThat(store.appendFiles(GRAPH, PEOPLE, files.subList(3, 4)).summary().rowCount()).isEqualTo(240_000);
        pool.close();
        openStore();
        assertThat(store.listTables(GRAPH)).singleElement().satisfies(t -> assertThat(t.rowCount()).isEqualTo(240_000));
    }

    @Test
    void smallWritesOnAFullDiskFailWholeOrSucceedWhole() throws Exception {
        SourceFile a = withId(people("a.parquet", "a", false), "fa");
        SourceFile b = withId(bulk("b.parquet", 2_000), "fb");
        store.createTable(GRAPH, PEOPLE, List.of(a, b), "people");
        store.createTable(GRAPH, LINKS, List.of(bulk("links.parquet", 500)), "links");
        List<String> people = rows(PEOPLE);

        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            checkpoint();
            disk.fillLeaving(0);

            assertStorageFull(() -> store.deleteFileRows(GRAPH, PEOPLE, FileId.of("fb")));
            assertThat(rows(PEOPLE)).isEqualTo(people);
            assertStorageFull(() -> store.dropTable(GRAPH, LINKS));
            assertThat(store.describeTable(GRAPH, LINKS)).isPresent();

            disk.free();
        }
        assertThat(store.deleteFileRows(GRAPH, PEOPLE, FileId.of("fb"))).isEqualTo(2_000);
        assertThat(store.dropTable(GRAPH, LINKS)).isTrue();
        assertThat(store.listTables(GRAPH)).singleElement().satisfies(t -> assertThat(t.rowCount()).isEqualTo(PEOPLE_ROWS));
    }

    @Test
    void anExportOnAFullDiskLeavesNoPartialFile() throws Exception {
        store.createTable(GRAPH, PEOPLE, List.of(bulk("bulk.parquet", 200_000)), "people");
        Path exports = pool.paths().exports(GRAPH);

        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            disk.fillLeaving(256 * 1024);
            assertStorageFull(() -> store.exportParquet(GRAPH, PEOPLE, List.of("identifier", "name"), Set.of()).close());
            assertThat(filesIn(exports)).as("cycle %d", cycle).isEmpty();
            disk.free();
        }
        try (ParquetExport export = store.exportParquet(GRAPH, PEOPLE, List.of("identifier", "name"), Set.of())) {
            assertThat(export.rowCount()).isEqualTo(200_000);
        }
        assertThat(filesIn(exports)).isEmpty();
    }

    private void assertStorageFull(Runnable write) {
        assertStorageFull(catchThrowable(write::run));
    }

    private void assertStorageFull(Throwable thrown) {
        assertThat(thrown).as("a write on a full disk").isInstanceOf(StagingException.class);
        StagingException e = (StagingException) thrown;
        assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.STORAGE_FULL);
        assertThat(e.getMessage()).contains("DUCKDB_STAGING_DIR").doesNotContain(disk.path().toString())
                .doesNotContain(dir.toString());
    }

    private SourceFile people(String name, String tag, boolean someNullIds) {
        String id = someNullIds ? "CASE WHEN i % 10 = 0 THEN NULL ELSE i END" : "i";
        return write(name, "SELECT " + id + "::BIGINT AS identifier, '" + tag + "-' || i AS name FROM range(1, "
                + (PEOPLE_ROWS + 1) + ") t(i)");
    }

    /** Rows with incompressible names: about 70 bytes each once staged. */
    private SourceFile bulk(String name, int rows) {
        return bulk(name, rows, 0);
    }

    private SourceFile bulk(String name, int rows, long firstId) {
        return write(name, "SELECT (" + firstId + " + i)::BIGINT AS identifier, md5(i::VARCHAR || '" + name
                + "') || md5((i * 7)::VARCHAR) AS name FROM range(1, " + (rows + 1) + ") t(i)");
    }

    private SourceFile write(String name, String select) {
        return new SourceFile(new ObjectUri("bucket", "data/" + name), ParquetFiles.write(spool.resolve(name), select),
                Optional.empty());
    }

    private static SourceFile withId(SourceFile f, String id) {
        return new SourceFile(f.uri(), f.localPath(), Optional.of(FileId.of(id)));
    }

    private List<String> rows(TableName table) throws SQLException {
        try (PooledConnection pooled = pool.acquire(GRAPH); Statement s = pooled.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT identifier, name FROM " + table.value() + " ORDER BY identifier")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getLong(1) + "=" + rs.getString(2));
            }
            return rows;
        }
    }

    /** Empties the WAL, so that the next write needs new pages of the full disk. */
    private void checkpoint() throws SQLException {
        try (PooledConnection pooled = pool.acquire(GRAPH); Statement s = pooled.connection().createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    private static List<Path> filesIn(Path directory) throws Exception {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
