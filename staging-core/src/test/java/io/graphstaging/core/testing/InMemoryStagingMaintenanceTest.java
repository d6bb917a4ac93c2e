package io.graphstaging.core.testing;

import io.graphstaging.core.port.StagingMaintenance;
import io.graphstaging.core.port.StagingQueries;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The maintenance contract on the in-memory store. */
class InMemoryStagingMaintenanceTest extends StagingMaintenanceContract {
    @TempDir
    Path dir;
    private InMemoryStagingStore store;

    @BeforeEach
    void open() {
        store = new InMemoryStagingStore(dir.resolve("exports"));
    }

    @Override
    protected StagingMaintenance maintenance() {
        return store;
    }

    @Override
    protected StagingQueries queries() {
        return store;
    }

    @Override
    protected TableStager stager() {
        return new RowsFileStager(store, dir.resolve("spool"));
    }
}
