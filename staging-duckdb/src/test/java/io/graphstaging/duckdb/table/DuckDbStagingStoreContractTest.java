package io.graphstaging.duckdb.table;

import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ParquetExport;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.testing.StagingStoreContract;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.testing.ParquetFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The staging store contract on real DuckDB files and real Parquet. */
class DuckDbStagingStoreContractTest extends StagingStoreContract {
    @TempDir
    Path dir;
    private DuckDbConnectionPool pool;
    private DuckDbStagingStore store;

    @BeforeEach
    void open() {
        DuckDbConfig defaults = DuckDbConfig.defaults(dir);
        pool = new DuckDbConnectionPool(defaults.withThreads(2).withMemoryLimit(ByteSize.ofBytes(512_000_000)),
                new SpoolDirectory(dir.resolve("spool")), Clock.systemUTC());
        store = new DuckDbStagingStore(pool);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Override
    protected StagingStore store() {
        return store;
    }

    @Override
    protected Path sourceDirectory(GraphId graph) {
        return pool.paths().spool(graph);
    }

    @Override
    protected void writeSource(Path file, List<Column> columns, List<List<Object>> rows) {
        ParquetFiles.write(file, columns, rows);
    }

    @Override
    protected List<List<Object>> readExport(ParquetExport export) {
        return ParquetFiles.read(export.path());
    }
}
