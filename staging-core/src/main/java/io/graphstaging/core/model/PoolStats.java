package io.graphstaging.core.model;

import java.util.Map;

/**
 * Connection pool statistics, shaped as the original server reported them.
 *
 * @param databasePools per graph id
 */
public record PoolStats(int totalConnections, int totalDatabasesOnDisk, Map<String, DatabasePool> databasePools,
                        Counters stats, Configuration configuration) {
    public PoolStats {
        databasePools = Map.copyOf(databasePools);
    }

    /** One graph's pool. */
    public record DatabasePool(int connectionCount, int inUse, int idle, String databasePath) {}

    /** Lifetime counters. */
    public record Counters(long connectionsCreated, long connectionsReused, long connectionsClosed,
                           long healthChecks, long healthFailures, long databasesCleaned) {}

    /** The pool's settings. */
    public record Configuration(int maxConnectionsPerDb, long connectionTtlMinutes, String baseDirectory,
                                int threads, String memoryLimit) {}
}
