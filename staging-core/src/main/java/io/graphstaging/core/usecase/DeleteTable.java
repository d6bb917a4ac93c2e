package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.StagingStore;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/**
 * Drops a staging table; idempotent. When registering is on (snapshots), the registry then
 * forgets what the table held ({@link StagedFileRegistration}), so a node taking the graph over
 * does not rebuild it.
 */
public final class DeleteTable {
    private final StagingStore store;
    private final TableLocks locks;
    private final StagedFileRegistration registration;

    /** Without updating the registry (tests, a single node). */
    public DeleteTable(StagingStore store, TableLocks locks) {
        this(store, locks, StagedFileRegistration.off());
    }

    @Inject
    public DeleteTable(StagingStore store, TableLocks locks, StagedFileRegistration registration) {
        this.store = store;
        this.locks = locks;
        this.registration = registration;
    }

    /** Returns whether the table existed; waits for its turn on the table. */
    public boolean execute(GraphId graph, TableName table) {
        return TableLocks.join(submit(graph, table));
    }

    /** Queues the drop on the table ({@link TableLocks}). */
    public CompletableFuture<Boolean> submit(GraphId graph, TableName table) {
        return locks.onTable(graph, table, () -> {
            // Checked first so that a registry that is down leaves the table in place.
            registration.checkBeforeStaging();
            boolean existed = store.dropTable(graph, table);
            registration.dropped(graph, table);
            return existed;
        });
    }
}
