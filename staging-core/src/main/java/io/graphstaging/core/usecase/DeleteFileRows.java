package io.graphstaging.core.usecase;

import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.StagingStore;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/** Deletes one file's rows from a staging table (and, when registering is on, its registration). */
public final class DeleteFileRows {
    private final StagingStore store;
    private final TableLocks locks;
    private final StagedFileRegistration registration;

    /** Without updating the registry (tests, a single node). */
    public DeleteFileRows(StagingStore store, TableLocks locks) {
        this(store, locks, StagedFileRegistration.off());
    }

    @Inject
    public DeleteFileRows(StagingStore store, TableLocks locks, StagedFileRegistration registration) {
        this.store = store;
        this.locks = locks;
        this.registration = registration;
    }

    /** Returns the number of that file's staged rows removed; waits for its turn on the table. */
    public long execute(GraphId graph, TableName table, FileId file) {
        return TableLocks.join(submit(graph, table, file));
    }

    /** Queues the delete on the table ({@link TableLocks}). */
    public CompletableFuture<Long> submit(GraphId graph, TableName table, FileId file) {
        return locks.onTable(graph, table, () -> {
            // Checked first so that a registry that is down leaves the rows in place.
            registration.checkBeforeStaging();
            long removed = store.deleteFileRows(graph, table, file);
            registration.deleted(graph, table, file);
            return removed;
        });
    }
}
