package io.graphstaging.duckdb;

import io.graphstaging.core.port.StagingMaintenance;
import io.graphstaging.core.port.StagingQueries;
import io.graphstaging.core.testing.StagingMaintenanceContract;
import io.graphstaging.core.testing.TableStager;
import io.graphstaging.duckdb.testing.QueryFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The maintenance contract on real DuckDB files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbMaintenanceContractTest extends StagingMaintenanceContract {
    @TempDir
    static Path dir;
    private QueryFixture duckdb;
    private DuckDbMaintenance maintenance;

    @BeforeAll
    void open() {
        duckdb = new QueryFixture(dir, 2);
        maintenance = new DuckDbMaintenance(duckdb.pool());
    }

    @AfterAll
    void close() {
        duckdb.close();
    }

    @Override
    protected StagingMaintenance maintenance() {
        return maintenance;
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
