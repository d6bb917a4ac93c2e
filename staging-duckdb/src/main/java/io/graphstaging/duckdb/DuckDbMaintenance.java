package io.graphstaging.duckdb;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.PoolStats;
import io.graphstaging.core.port.StagingMaintenance;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import jakarta.inject.Inject;

/** {@link StagingMaintenance} on the DuckDB connection pool. */
public final class DuckDbMaintenance implements StagingMaintenance {
    private final DuckDbConnectionPool pool;

    @Inject
    public DuckDbMaintenance(DuckDbConnectionPool pool) {
        this.pool = pool;
    }

    @Override
    public PoolStats stats() {
        return pool.stats();
    }

    @Override
    public boolean hasActiveConnections(GraphId graph) {
        return pool.hasActiveConnections(graph);
    }

    @Override
    public void closeDatabaseConnections(GraphId graph) {
        pool.closeDatabaseConnections(graph);
    }

    @Override
    public boolean forceDatabaseCleanup(GraphId graph) {
        return pool.forceDatabaseCleanup(graph);
    }

    @Override
    public void checkHealth() {
        pool.checkHealth();
    }

    @Override
    public String engineVersion() {
        return pool.engineVersion();
    }
}
