package io.graphstaging.core.port;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.PoolStats;

/** Operating the staging databases: pool statistics, health, per-graph cleanup. */
public interface StagingMaintenance {

    /** The pool's state: open graphs, lifetime counters, settings. Opens nothing. */
    PoolStats stats();

    /** Whether any connection of the graph is checked out right now. */
    boolean hasActiveConnections(GraphId graph);

    /**
     * Waits until no caller holds a connection of the graph, then closes its connections and
     * database instance; the data stays and the next use opens it again.
     */
    void closeDatabaseConnections(GraphId graph);

    /**
     * Stops the graph's running queries, closes its connections and removes its staging
     * database. Returns whether there was anything to remove; afterwards queries on the graph
     * are {@code GRAPH_NOT_FOUND}.
     */
    boolean forceDatabaseCleanup(GraphId graph);

    /**
     * Checks what would make staging fail, without opening any database: that the engine
     * answers, that the disks it writes to are not full, that no graph's connections have all
     * been held longer than a caller waits for one, and that no graph's database was broken by a
     * failure. Messages name graphs and settings, never paths.
     *
     * @throws io.graphstaging.core.error.StagingException {@code STORAGE_FULL} when only a disk is
     *         full, {@code STAGING_FAILED} listing every problem otherwise
     */
    void checkHealth();

    /**
     * The staging engine's own version, as the engine reports it (e.g. {@code v1.4.1}).
     *
     * @throws io.graphstaging.core.error.StagingException {@code STAGING_FAILED} when the engine
     *         does not answer
     */
    String engineVersion();
}
