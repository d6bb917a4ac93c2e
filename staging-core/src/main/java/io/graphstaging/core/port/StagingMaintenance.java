package io.graphstaging.core.port;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.PoolStats;

/** Operating the staging databases: pool statistics, health, per-graph cleanup. */
public interface StagingMaintenance {

    PoolStats stats();

    /** Whether any connection of the graph is checked out right now. */
    boolean hasActiveConnections(GraphId graph);

    /** Closes the graph's idle connections and its database instance; the file stays. */
    void closeDatabaseConnections(GraphId graph);

    /**
     * Closes the graph's connections and removes its staging database file and WAL. Returns
     * whether there was anything to remove.
     */
    boolean forceDatabaseCleanup(GraphId graph);

    /** Throws {@code STAGING_FAILED} when the staging engine does not answer a test query. */
    void checkHealth();

    /**
     * The staging engine's own version, as the engine reports it (e.g. {@code v1.4.1}).
     *
     * @throws io.graphstaging.core.error.StagingException {@code STAGING_FAILED} when the engine
     *         does not answer
     */
    String engineVersion();
}
