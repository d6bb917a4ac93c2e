package io.graphstaging.duckdb.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.TableName;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.testing.ParquetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaces that are refused do not grow the database file. DuckDB writes a large insert to the
 * file before COMMIT and, once rolled back, reuses those blocks but never gives them back to the
 * file system: a refused replace of a 1M-row table used to leave the file at 2.5 times its size
 * (35 to 89 MB), for good.
 */
class DuckDbStagingStoreSpaceTest {
    private static final GraphId GRAPH = GraphId.of("space");
    private static final TableName TABLE = TableName.of("people");
    private static final int ROWS = 1_000_000;
    private static final int ATTEMPTS = 3;

    @TempDir
    Path dir;
    private DuckDbConnectionPool pool;
    private DuckDbStagingStore store;
    private Path spool;

    @BeforeEach
    void open() throws Exception {
        pool = new DuckDbConnectionPool(DuckDbConfig.defaults(dir.resolve("staging")).withThreads(2)
                .withMemoryLimit(ByteSize.ofMebibytes(512)), new SpoolDirectory(dir.resolve("spool")), Clock.systemUTC());
        store = new DuckDbStagingStore(pool);
        spool = Files.createDirectories(pool.paths().spool(GRAPH));
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void refusedReplacesLeaveTheFileItsSize() throws Exception {
        SourceFile good = write("good.parquet", "i");
        // One NULL identifier, in the very last row of the second file.
        SourceFile bad = write("bad.parquet", "CASE WHEN i = " + (ROWS - 1) + " THEN NULL ELSE i END");
        store.createTable(GRAPH, TABLE, List.of(good), "v1");
        pool.close();
        open();
        long before = Files.size(pool.paths().database(GRAPH));

        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Throwable thrown = catchThrowable(() -> store.createTable(GRAPH, TABLE, List.of(good, bad), "v2"));
            assertThat(thrown).isInstanceOf(StagingException.class).hasMessageContaining(bad.uri().toString())
                    .hasMessageContaining("1 of its " + ROWS + " rows have a NULL identifier");
            assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
        }
        long after = Files.size(pool.paths().database(GRAPH));

        assertThat(store.listTables(GRAPH)).singleElement().satisfies(t -> assertThat(t.rowCount()).isEqualTo(ROWS));
        // Room for the catalog's own small changes, not for another copy of the table.
        assertThat(after).as("database file after %d refused replaces (before: %d bytes)", ATTEMPTS, before)
                .isLessThan(before + (4L << 20));
    }

    private SourceFile write(String name, String identifier) {
        Path file = ParquetFiles.write(spool.resolve(name), "SELECT (" + identifier + ")::BIGINT AS identifier,"
                + " md5(i::VARCHAR) || md5((i * 7)::VARCHAR) AS name FROM range(" + ROWS + ") t(i)");
        return new SourceFile(new ObjectUri("bucket", "people/" + name), file, Optional.empty());
    }
}
