package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.StagingStore;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/** Drops a staging table; idempotent. */
public final class DeleteTable {
    private final StagingStore store;
    private final TableLocks locks;

    @Inject
    public DeleteTable(StagingStore store, TableLocks locks) {
        this.store = store;
        this.locks = locks;
    }

    /** Returns whether the table existed; waits for its turn on the table. */
    public boolean execute(GraphId graph, TableName table) {
        return TableLocks.join(submit(graph, table));
    }

    /** Queues the drop on the table ({@link TableLocks}). */
    public CompletableFuture<Boolean> submit(GraphId graph, TableName table) {
        return locks.onTable(graph, table, () -> store.dropTable(graph, table));
    }
}
