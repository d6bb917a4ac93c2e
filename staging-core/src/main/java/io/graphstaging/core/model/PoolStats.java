package io.graphstaging.core.model;

import java.util.Map;

/**
 * The staging store's connection pool: the graphs whose databases are open, lifetime counters
 * and the pool's settings.
 *
 * @param totalConnections      connections open in all graphs (in use and idle)
 * @param totalDatabasesOnDisk  staging databases that exist, open or not
 * @param databasePools         the open graphs, by graph id
 */
public record PoolStats(int totalConnections, int totalDatabasesOnDisk, Map<String, DatabasePool> databasePools,
                        Counters stats, Configuration configuration) {
    public PoolStats {
        databasePools = Map.copyOf(databasePools);
    }

    /**
     * One open graph.
     *
     * @param databasePath the database file, relative to the staging directory
     */
    public record DatabasePool(int connectionCount, int inUse, int idle, String databasePath) {}

    /** Lifetime counters. */
    public record Counters(long connectionsCreated, long connectionsReused, long connectionsClosed,
                           long healthChecks, long healthFailures, long databasesCleaned) {}

    /**
     * The pool's settings.
     *
     * @param threads     threads each graph's engine may use
     * @param memoryLimit memory each graph's engine may use, reserved from the server's budget while it is open
     */
    public record Configuration(int maxConnectionsPerDb, long connectionTtlMinutes, String baseDirectory,
                                int threads, String memoryLimit) {}
}
