package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphRemoval;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.GraphSchema;
import io.graphstaging.core.snapshot.GraphSnapshots;
import io.graphstaging.core.port.StagingMaintenance;
import io.graphstaging.core.task.TaskRunner;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/**
 * Removes a graph: first cancels its queued and running tasks (a running one is stopped and
 * waited for, so that it neither holds the graph ahead of the removal nor writes after it), then
 * its staging database, its spooled source files and its graph database; its registrations stay,
 * with every file's staging and graph status back to {@code pending}. Holds the whole graph while
 * it runs. An unknown graph is removed without creating anything.
 */
public final class DeleteGraph {
    private final StagingMaintenance maintenance;
    private final GraphSchema graphs;
    private final FileRegistry registry;
    private final SpoolDirectory spool;
    private final TableLocks locks;
    private final TaskRunner tasks;
    private final GraphSnapshots snapshots;

    /** Without snapshots to remove. */
    public DeleteGraph(StagingMaintenance maintenance, GraphSchema graphs, FileRegistry registry, SpoolDirectory spool,
                       TableLocks locks, TaskRunner tasks) {
        this(maintenance, graphs, registry, spool, locks, tasks, GraphSnapshots.off());
    }

    /** @param snapshots the graph's snapshots in the object store are removed with it */
    @Inject
    public DeleteGraph(StagingMaintenance maintenance, GraphSchema graphs, FileRegistry registry, SpoolDirectory spool,
                       TableLocks locks, TaskRunner tasks, GraphSnapshots snapshots) {
        this.snapshots = snapshots;
        this.maintenance = maintenance;
        this.graphs = graphs;
        this.registry = registry;
        this.spool = spool;
        this.locks = locks;
        this.tasks = tasks;
    }

    /** Waits for the graph's turn. */
    public GraphRemoval execute(GraphId graph) {
        return TableLocks.join(submit(graph));
    }

    /**
     * Cancels the graph's tasks, then queues the removal on the whole graph: it runs after the
     * synchronous work queued before it.
     */
    public CompletableFuture<GraphRemoval> submit(GraphId graph) {
        // Before taking the graph: a running task holds it until it has stopped.
        tasks.cancelGraph(graph);
        return locks.onGraph(graph, () -> {
            boolean staging = maintenance.forceDatabaseCleanup(graph);
            boolean spooled = spool.delete(graph);
            boolean graphDatabase = graphs.dropGraph(graph);
            // Before the registry: a node taking the graph over must not restore a deleted graph.
            snapshots.delete(graph);
            // Last: should removing fail, the registry still says what is there, and a retry finishes.
            return new GraphRemoval(staging, graphDatabase, spooled, registry.resetGraph(graph, true));
        });
    }
}
