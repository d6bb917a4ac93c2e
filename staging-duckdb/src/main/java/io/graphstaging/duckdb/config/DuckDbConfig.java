package io.graphstaging.duckdb.config;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the DuckDB staging store.
 *
 * @param stagingDir           one {@code <graph_id>.duckdb} per graph ({@code DUCKDB_STAGING_DIR})
 * @param maxConnectionsPerDb  pool limit per graph ({@code DUCKDB_MAX_CONNECTIONS_PER_DB})
 * @param connectionTtl        connection time to live ({@code DUCKDB_CONNECTION_TTL_MINUTES})
 * @param threads              DuckDB {@code threads} ({@code DUCKDB_MAX_THREADS})
 * @param memoryLimit          DuckDB {@code memory_limit} ({@code DUCKDB_MEMORY_LIMIT})
 * @param poolWait             how long a caller waits for a connection ({@code DUCKDB_POOL_WAIT_SECONDS})
 * @param cleanupInterval      how often expired connections are closed ({@code DUCKDB_CLEANUP_INTERVAL_SECONDS})
 */
public record DuckDbConfig(Path stagingDir, int maxConnectionsPerDb, Duration connectionTtl, int threads,
                           ByteSize memoryLimit, Duration poolWait, Duration cleanupInterval) {

    public DuckDbConfig {
        stagingDir = Objects.requireNonNull(stagingDir, "stagingDir").toAbsolutePath().normalize();
        Objects.requireNonNull(connectionTtl, "connectionTtl");
        Objects.requireNonNull(memoryLimit, "memoryLimit");
        Objects.requireNonNull(poolWait, "poolWait");
        Objects.requireNonNull(cleanupInterval, "cleanupInterval");
        if (maxConnectionsPerDb < 1 || threads < 1 || connectionTtl.isNegative() || connectionTtl.isZero() || poolWait.isNegative()
                || cleanupInterval.isNegative() || cleanupInterval.isZero() || memoryLimit.bytes() < 1) {
            throw new IllegalArgumentException("Invalid DuckDB settings: " + maxConnectionsPerDb + " connections, "
                    + threads + " threads, TTL " + connectionTtl + ", wait " + poolWait + ", cleanup " + cleanupInterval
                    + ", memory " + memoryLimit);
        }
    }

    /** Defaults under a base directory: 3 connections, 30 minutes, all cores, 2GB, 30 s wait, cleanup every minute. */
    public static DuckDbConfig defaults(Path stagingDir) {
        return new DuckDbConfig(stagingDir, 3, Duration.ofMinutes(30), Runtime.getRuntime().availableProcessors(),
                ByteSize.ofBytes(2_000_000_000L), Duration.ofSeconds(30), Duration.ofMinutes(1));
    }

    /** Reads the settings; problems are collected in {@code settings}. */
    public static DuckDbConfig from(Settings settings) {
        DuckDbConfig d = defaults(Path.of("data", "duckdb-staging"));
        return new DuckDbConfig(
                settings.path("DUCKDB_STAGING_DIR", Path.of("data", "duckdb-staging")),
                settings.integer("DUCKDB_MAX_CONNECTIONS_PER_DB", d.maxConnectionsPerDb(), 1, 1024),
                settings.duration("DUCKDB_CONNECTION_TTL_MINUTES", d.connectionTtl(), Duration.ofMinutes(1), Duration.ofDays(7)),
                settings.integer("DUCKDB_MAX_THREADS", d.threads(), 1, 1024),
                settings.size("DUCKDB_MEMORY_LIMIT", d.memoryLimit(), ByteSize.ofMebibytes(16), ByteSize.ofBytes(Long.MAX_VALUE)),
                settings.duration("DUCKDB_POOL_WAIT_SECONDS", d.poolWait(), Duration.ZERO, Duration.ofHours(1)),
                settings.duration("DUCKDB_CLEANUP_INTERVAL_SECONDS", d.cleanupInterval(), Duration.ofSeconds(1), Duration.ofHours(1)));
    }

    public DuckDbConfig withMaxConnectionsPerDb(int value) {
        return new DuckDbConfig(stagingDir, value, connectionTtl, threads, memoryLimit, poolWait, cleanupInterval);
    }

    public DuckDbConfig withConnectionTtl(Duration value) {
        return new DuckDbConfig(stagingDir, maxConnectionsPerDb, value, threads, memoryLimit, poolWait, cleanupInterval);
    }

    public DuckDbConfig withThreads(int value) {
        return new DuckDbConfig(stagingDir, maxConnectionsPerDb, connectionTtl, value, memoryLimit, poolWait, cleanupInterval);
    }

    public DuckDbConfig withMemoryLimit(ByteSize value) {
        return new DuckDbConfig(stagingDir, maxConnectionsPerDb, connectionTtl, threads, value, poolWait, cleanupInterval);
    }

    public DuckDbConfig withPoolWait(Duration value) {
        return new DuckDbConfig(stagingDir, maxConnectionsPerDb, connectionTtl, threads, memoryLimit, value, cleanupInterval);
    }

    public DuckDbConfig withCleanupInterval(Duration value) {
        return new DuckDbConfig(stagingDir, maxConnectionsPerDb, connectionTtl, threads, memoryLimit, poolWait, value);
    }
}
