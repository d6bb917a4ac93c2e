package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphRemoval;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.GraphSchema;
import io.graphstaging.core.port.StagingMaintenance;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/**
 * Removes a graph: its staging database, its spooled source files and its graph database; its
 * registrations stay, with every file's staging and graph status back to {@code pending}. Holds
 * the whole graph while it runs. An unknown graph is removed without creating anything.
 */
public final class DeleteGraph {
    private final StagingMaintenance maintenance;
    private final GraphSchema graphs;
    private final FileRegistry registry;
    private final SpoolDirectory spool;
    private final TableLocks locks;

    @Inject
    public DeleteGraph(StagingMaintenance maintenance, GraphSchema graphs, FileRegistry registry, SpoolDirectory spool,
                       TableLocks locks) {
        this.maintenance = maintenance;
        this.graphs = graphs;
        this.registry = registry;
        this.spool = spool;
        this.locks = locks;
    }

    /** Waits for the graph's turn. */
    public GraphRemoval execute(GraphId graph) {
        return TableLocks.join(submit(graph));
    }

    /** Queues the removal on the whole graph: it runs after the work queued before it. */
    public CompletableFuture<GraphRemoval> submit(GraphId graph) {
        return locks.onGraph(graph, () -> {
            boolean staging = maintenance.forceDatabaseCleanup(graph);
            boolean spooled = spool.delete(graph);
            boolean graphDatabase = graphs.dropGraph(graph);
            // Last: should removing fail, the registry still says what is there, and a retry finishes.
            return new GraphRemoval(staging, graphDatabase, spooled, registry.resetGraph(graph, true));
        });
    }
}
