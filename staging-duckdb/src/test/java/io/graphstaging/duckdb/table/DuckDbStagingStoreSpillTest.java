package io.graphstaging.duckdb.table;

import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.config.ByteSize;
import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableName;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node table larger than the engine's memory limit still stages: 3M rows (about 150 MB of
 * decoded values plus a 3M-key aggregate) under a 150MB limit: the dedupe spills to the
 * database's temp directory (seen: about 16 MB), which the sandbox allows, instead of failing.
 * (The earlier window over all rows ran out of memory at 10M rows under 250MB and 500MB.)
 */
class DuckDbStagingStoreSpillTest {
    private static final GraphId GRAPH = GraphId.of("spill");
    private static final TableName TABLE = TableName.of("entities");
    private static final int FILES = 6;
    private static final int ROWS = 500_000;
    private static final int REPEATED = 1_000;

    @TempDir
    Path dir;
    private DuckDbConnectionPool pool;

    @BeforeEach
    void open() {
        DuckDbConfig defaults = DuckDbConfig.defaults(dir);
        pool = new DuckDbConnectionPool(defaults.withThreads(2).withMemoryLimit(ByteSize.ofBytes(150_000_000)),
                new SpoolDirectory(dir.resolve("spool")), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void stagesMoreRowsThanFitInTheMemoryLimit() throws Exception {
        Path spool = Files.createDirectories(pool.paths().spool(GRAPH));
        List<SourceFile> files = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (int f = 0; f < FILES; f++) {
                files.add(write(s, spool, "part-" + f, (long) f * ROWS, ROWS, "first"));
            }
            // A later file re-lists some identifiers: its rows must be the visible ones.
            files.add(write(s, spool, "fix", 0, REPEATED, "second"));
        }
        DuckDbStagingStore store = new DuckDbStagingStore(pool);

        StagedTable staged = store.createTable(GRAPH, TABLE, files, null);

        // DuckDB makes its default temp directory (next to the database) only when it first spills.
        Path temp = pool.paths().database(GRAPH).resolveSibling(pool.paths().database(GRAPH).getFileName() + ".tmp");
        assertThat(temp).as("spill directory").isDirectory();
        assertThat(staged.summary().rowCount()).isEqualTo((long) FILES * ROWS);
        assertThat(staged.rowsPerSourceFile().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo((long) FILES * ROWS + REPEATED);
        try (PooledConnection pooled = pool.acquire(GRAPH); Statement s = pooled.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT identifier),"
                     + " count(*) FILTER (WHERE name LIKE 'second-%'), current_setting('memory_limit') FROM entities")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo((long) FILES * ROWS);
            assertThat(rs.getLong(2)).isEqualTo((long) FILES * ROWS);
            assertThat(rs.getLong(3)).isEqualTo(REPEATED);
            assertThat(rs.getString(4)).isEqualTo("143.0 MiB");
        }
    }

    private static SourceFile write(Statement s, Path spool, String name, long first, int rows, String tag)
            throws Exception {
        Path file = spool.resolve(name + ".parquet");
        s.execute("COPY (SELECT (" + first + " + i)::BIGINT AS identifier, '" + tag + "-' || (" + first
                + " + i) AS name, (i % 97)::INTEGER AS category, (hash(i) % 1000000)::DOUBLE / 7 AS score"
                + " FROM range(" + rows + ") t(i)) TO '" + file + "' (FORMAT parquet)");
        return new SourceFile(new ObjectUri("bench", "entities/" + name + ".parquet"), file, Optional.empty());
    }
}
