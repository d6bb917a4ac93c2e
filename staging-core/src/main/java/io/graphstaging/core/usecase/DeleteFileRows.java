package io.graphstaging.core.usecase;

import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.StagingStore;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/** Deletes one file's rows from a staging table. */
public final class DeleteFileRows {
    private final StagingStore store;
    private final TableLocks locks;

    @Inject
    public DeleteFileRows(StagingStore store, TableLocks locks) {
        this.store = store;
        this.locks = locks;
    }

    /** Returns the number of that file's staged rows removed; waits for its turn on the table. */
    public long execute(GraphId graph, TableName table, FileId file) {
        return TableLocks.join(submit(graph, table, file));
    }

    /** Queues the delete on the table ({@link TableLocks}). */
    public CompletableFuture<Long> submit(GraphId graph, TableName table, FileId file) {
        return locks.onTable(graph, table, () -> store.deleteFileRows(graph, table, file));
    }
}
