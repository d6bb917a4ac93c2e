package io.graphstaging.duckdb.query;

import io.graphstaging.core.port.StagingQueries;
import io.graphstaging.core.testing.StagingQueriesContract;
import io.graphstaging.core.testing.TableStager;
import io.graphstaging.duckdb.testing.QueryFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The queries contract on real DuckDB files, staged from real Parquet. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbStagingQueriesContractTest extends StagingQueriesContract {
    @TempDir
    static Path dir;
    private QueryFixture duckdb;

    @BeforeAll
    void open() {
        duckdb = new QueryFixture(dir, 2);
    }

    @AfterAll
    void close() {
        duckdb.close();
    }

    @Override
    protected StagingQueries queries() {
        return duckdb.queries();
    }

    @Override
    protected TableStager stager() {
        return duckdb.stager();
    }
}
