package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.port.StagingMaintenance;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/** Closes a graph's connections and removes its staging database. */
public final class CleanupGraph {
    private final StagingMaintenance maintenance;
    private final TableLocks locks;

    @Inject
    public CleanupGraph(StagingMaintenance maintenance, TableLocks locks) {
        this.maintenance = maintenance;
        this.locks = locks;
    }

    /** Returns whether there was a database to remove; waits for the graph's turn. */
    public boolean execute(GraphId graph) {
        return TableLocks.join(submit(graph));
    }

    /** Queues the cleanup on the whole graph ({@link TableLocks}): it runs after the work queued before it. */
    public CompletableFuture<Boolean> submit(GraphId graph) {
        return locks.onGraph(graph, () -> maintenance.forceDatabaseCleanup(graph));
    }
}
