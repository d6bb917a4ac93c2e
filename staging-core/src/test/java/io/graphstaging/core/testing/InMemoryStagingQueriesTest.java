package io.graphstaging.core.testing;

import io.graphstaging.core.port.StagingQueries;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The queries contract on the in-memory store, so core tests rely on the same promises. */
class InMemoryStagingQueriesTest extends StagingQueriesContract {
    @TempDir
    Path dir;
    private InMemoryStagingStore store;

    /** Made on first use: the contract stages its table before a subclass's own set-up would run. */
    private InMemoryStagingStore store() {
        if (store == null) {
            store = new InMemoryStagingStore(dir.resolve("exports"));
        }
        return store;
    }

    @Override
    protected StagingQueries queries() {
        return store();
    }

    @Override
    protected TableStager stager() {
        return new RowsFileStager(store(), dir.resolve("spool"));
    }
}
