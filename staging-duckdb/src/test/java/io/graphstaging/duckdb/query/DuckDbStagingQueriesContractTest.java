package io.graphstaging.duckdb.query;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.limit.QueryThreads;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.port.StagingQueries;
import io.graphstaging.core.testing.StagingQueriesContract;
import io.graphstaging.core.testing.TableStager;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.duckdb.testing.ParquetStager;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The queries contract on real DuckDB files, staged from real Parquet. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbStagingQueriesContractTest extends StagingQueriesContract {
    @TempDir
    static Path dir;
    private DuckDbConnectionPool pool;
    private DuckDbStagingQueries queries;
    private ParquetStager stager;

    @BeforeAll
    void open() {
        pool = new DuckDbConnectionPool(DuckDbConfig.defaults(dir).withThreads(2).withMemoryLimit(ByteSize.ofMebibytes(256)),
                new SpoolDirectory(dir.resolve("spool")), Clock.systemUTC());
        queries = new DuckDbStagingQueries(pool, new QueryThreads(2));
        stager = new ParquetStager(new DuckDbStagingStore(pool), pool.paths());
    }

    @AfterAll
    void close() {
        pool.close();
    }

    @Override
    protected StagingQueries queries() {
        return queries;
    }

    @Override
    protected TableStager stager() {
        return stager;
    }
}
