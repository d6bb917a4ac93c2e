package io.graphstaging.http.testing;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.PoolStats;
import io.graphstaging.core.port.StagingMaintenance;
import java.util.Map;

/** A {@link StagingMaintenance} with no databases, for edge tests. */
public final class IdleMaintenance implements StagingMaintenance {
    @Override
    public PoolStats stats() {
        return new PoolStats(0, 0, Map.of(), new PoolStats.Counters(0, 0, 0, 0, 0, 0),
                new PoolStats.Configuration(3, 30, "/nowhere", 1, "1GB"));
    }

    @Override
    public boolean hasActiveConnections(GraphId graph) {
        return false;
    }

    @Override
    public void closeDatabaseConnections(GraphId graph) {
        throw new UnsupportedOperationException("not used by edge tests");
    }

    @Override
    public boolean forceDatabaseCleanup(GraphId graph) {
        throw new UnsupportedOperationException("not used by edge tests");
    }

    @Override
    public void checkHealth() {
        // Always healthy: there is nothing behind it.
    }

    @Override
    public String engineVersion() {
        return "idle";
    }
}
