package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphRemoval;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.StagingMaintenance;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/**
 * Removes a graph's staging side: closes its connections, removes its staging database and its
 * spooled source files, and sends its registered files' staging status back to {@code pending}
 * (the graph database stays).
 */
public final class CleanupGraph {
    private final StagingMaintenance maintenance;
    private final FileRegistry registry;
    private final SpoolDirectory spool;
    private final TableLocks locks;

    @Inject
    public CleanupGraph(StagingMaintenance maintenance, FileRegistry registry, SpoolDirectory spool, TableLocks locks) {
        this.maintenance = maintenance;
        this.registry = registry;
        this.spool = spool;
        this.locks = locks;
    }

    /** Waits for the graph's turn. */
    public GraphRemoval execute(GraphId graph) {
        return TableLocks.join(submit(graph));
    }

    /** Queues the cleanup on the whole graph ({@link TableLocks}): it runs after the work queued before it. */
    public CompletableFuture<GraphRemoval> submit(GraphId graph) {
        return locks.onGraph(graph, () -> {
            boolean database = maintenance.forceDatabaseCleanup(graph);
            boolean spooled = spool.delete(graph);
            return new GraphRemoval(database, false, spooled, registry.resetGraph(graph, false));
        });
    }
}
