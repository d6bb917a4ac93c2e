package io.graphstaging.duckdb.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.testing.DelayedCancel;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A create or append stopped by its caller's cancellation while the engine works: the engine is
 * interrupted, the table is as before, and the graph's connections keep working.
 */
class DuckDbStagingStoreCancelTest {
    private static final String REASON = "Task task_1 was cancelled";
    private static final GraphId GRAPH = GraphId.of("cancel");
    private static final TableName TABLE = TableName.of("entities");
    private static final int FILES = 4;
    private static final int ROWS = 300_000;

    @TempDir
    Path dir;
    private DuckDbConnectionPool pool;
    private DuckDbStagingStore store;
    private final List<SourceFile> big = new ArrayList<>();
    private SourceFile small;

    @BeforeEach
    void open() throws Exception {
        pool = new DuckDbConnectionPool(DuckDbConfig.defaults(dir).withThreads(2), new SpoolDirectory(dir.resolve("spool")),
                Clock.systemUTC());
        store = new DuckDbStagingStore(pool);
        Path spool = Files.createDirectories(pool.paths().spool(GRAPH));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (int f = 0; f < FILES; f++) {
                big.add(write(s, spool, "part-" + f, (long) f * ROWS, ROWS));
            }
            small = write(s, spool, "small", 0, 10);
        }
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private static SourceFile write(Statement s, Path spool, String name, long first, int rows) throws Exception {
        Path file = spool.resolve(name + ".parquet");
        s.execute("COPY (SELECT (" + first + " + i)::BIGINT AS identifier, 'n-' || (" + first + " + i) AS name,"
                + " (hash(i) % 1000000)::DOUBLE / 7 AS score FROM range(" + rows + ") t(i)) TO '" + file
                + "' (FORMAT parquet)");
        return new SourceFile(new ObjectUri("bench", "entities/" + name + ".parquet"), file, Optional.empty());
    }

    @Test
    void aCreateCancelledWhileTheEngineWorksStopsAndLeavesTheOldTable() {
        store.createTable(GRAPH, TABLE, List.of(small), "old");
        long started = System.nanoTime();

        Throwable thrown = catchThrowable(() -> store.createTable(GRAPH, TABLE, big, "new", DelayedCancel.after(300, REASON)));

        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(thrown).isInstanceOf(StagingException.class).hasMessage(REASON);
        assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(store.listTables(GRAPH)).singleElement().satisfies(t -> {
            assertThat(t.rowCount()).isEqualTo(10);
            assertThat(t.location()).contains("old");
        });
        // The uncancelled create of the same files takes far longer than the cancel did.
        long whole = System.nanoTime();
        store.createTable(GRAPH, TABLE, big, "new");
        long wholeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - whole);
        assertThat(tookMs).as("stopped well before the whole create (%d ms)", wholeMs).isLessThan(wholeMs);
        assertThat(store.listTables(GRAPH)).singleElement().satisfies(t -> assertThat(t.rowCount())
                .isEqualTo((long) FILES * ROWS));
    }

    @Test
    void anAppendCancelledWhileTheEngineWorksLeavesTheTableAsItWas() {
        store.createTable(GRAPH, TABLE, List.of(small), "old");

        Throwable thrown = catchThrowable(() -> store.appendFiles(GRAPH, TABLE, big, DelayedCancel.after(300, REASON)));

        assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(store.listTables(GRAPH)).singleElement().satisfies(t -> {
            assertThat(t.rowCount()).isEqualTo(10);
            assertThat(t.fileCount()).isEqualTo(1);
        });
        assertThat(store.appendFiles(GRAPH, TABLE, List.of(big.get(0))).summary().rowCount()).isEqualTo(ROWS);
    }

    @Test
    void aCancelGivenBeforeTheWriteChangesNothing() {
        Cancellation cancelled = new Cancellation();
        cancelled.cancel(ErrorCode.CANCELLED, "Task task_2 was cancelled");

        Throwable thrown = catchThrowable(() -> store.createTable(GRAPH, TABLE, List.of(small), "x", cancelled));

        assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(store.listTables(GRAPH)).isEmpty();
    }
}
