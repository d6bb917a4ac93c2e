package io.graphstaging.duckdb.config;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the DuckDB staging store, read from the environment.
 *
 * @param stagingDir           one {@code <graph_id>.duckdb} per graph ({@code DUCKDB_STAGING_DIR})
 * @param spoolDir             where the object store puts each graph's fetched files, under
 *                             {@code <spoolDir>/<graph_id>/} ({@code STAGING_SPOOL_DIR})
 * @param maxConnectionsPerDb  pool limit per graph ({@code DUCKDB_MAX_CONNECTIONS_PER_DB})
 * @param connectionTtl        connection time to live ({@code DUCKDB_CONNECTION_TTL_MINUTES})
 * @param threads              DuckDB {@code threads} ({@code DUCKDB_MAX_THREADS})
 * @param memoryLimit          DuckDB {@code memory_limit} ({@code DUCKDB_MEMORY_LIMIT})
 * @param poolWait             how long a caller waits for a connection ({@code DUCKDB_POOL_WAIT_SECONDS})
 * @param cleanupInterval      how often expired connections are closed ({@code DUCKDB_CLEANUP_INTERVAL_SECONDS})
 */
public record DuckDbConfig(Path stagingDir, Path spoolDir, int maxConnectionsPerDb, Duration connectionTtl,
                           int threads, String memoryLimit, Duration poolWait, Duration cleanupInterval) {

    private static final Pattern MEMORY = Pattern.compile("(?i)\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)");

    public DuckDbConfig {
        Objects.requireNonNull(stagingDir, "stagingDir");
        Objects.requireNonNull(spoolDir, "spoolDir");
        Objects.requireNonNull(connectionTtl, "connectionTtl");
        Objects.requireNonNull(poolWait, "poolWait");
        Objects.requireNonNull(cleanupInterval, "cleanupInterval");
        List<String> problems = new ArrayList<>();
        if (maxConnectionsPerDb < 1) {
            problems.add("max connections per database must be at least 1, was " + maxConnectionsPerDb);
        }
        if (connectionTtl.isNegative() || connectionTtl.isZero()) {
            problems.add("connection TTL must be positive");
        }
        if (threads < 1) {
            problems.add("threads must be at least 1, was " + threads);
        }
        if (memoryLimit == null || !MEMORY.matcher(memoryLimit.strip()).matches()) {
            problems.add("memory limit must look like 2GB or 512MiB, was '" + memoryLimit + "'");
        }
        if (poolWait.isNegative()) {
            problems.add("pool wait must not be negative");
        }
        if (cleanupInterval.isNegative() || cleanupInterval.isZero()) {
            problems.add("cleanup interval must be positive");
        }
        if (!problems.isEmpty()) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER, "Invalid DuckDB configuration: " + String.join("; ", problems));
        }
        stagingDir = stagingDir.toAbsolutePath().normalize();
        spoolDir = spoolDir.toAbsolutePath().normalize();
        memoryLimit = memoryLimit.strip();
    }

    /** Defaults for a base directory: the spool under it, 3 connections, 30 minutes, all cores, 2GB. */
    public static DuckDbConfig defaults(Path stagingDir) {
        return new DuckDbConfig(stagingDir, stagingDir.resolve("spool"), 3, Duration.ofMinutes(30),
                Runtime.getRuntime().availableProcessors(), "2GB", Duration.ofSeconds(30), Duration.ofMinutes(1));
    }

    /** Reads the environment, reporting every problem at once. */
    public static DuckDbConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Path dir = Path.of(env.getOrDefault("DUCKDB_STAGING_DIR", "./data/duckdb-staging"));
        String spool = env.get("STAGING_SPOOL_DIR");
        int max = intValue(env, "DUCKDB_MAX_CONNECTIONS_PER_DB", 3, problems);
        int ttl = intValue(env, "DUCKDB_CONNECTION_TTL_MINUTES", 30, problems);
        int threads = intValue(env, "DUCKDB_MAX_THREADS", Runtime.getRuntime().availableProcessors(), problems);
        int wait = intValue(env, "DUCKDB_POOL_WAIT_SECONDS", 30, problems);
        int cleanup = intValue(env, "DUCKDB_CLEANUP_INTERVAL_SECONDS", 60, problems);
        String memory = env.getOrDefault("DUCKDB_MEMORY_LIMIT", "2GB");
        if (max < 1) {
            problems.add("DUCKDB_MAX_CONNECTIONS_PER_DB must be at least 1");
        }
        if (ttl < 1) {
            problems.add("DUCKDB_CONNECTION_TTL_MINUTES must be at least 1");
        }
        if (threads < 1) {
            problems.add("DUCKDB_MAX_THREADS must be at least 1");
        }
        if (wait < 0) {
            problems.add("DUCKDB_POOL_WAIT_SECONDS must not be negative");
        }
        if (cleanup < 1) {
            problems.add("DUCKDB_CLEANUP_INTERVAL_SECONDS must be at least 1");
        }
        if (!MEMORY.matcher(memory.strip()).matches()) {
            problems.add("DUCKDB_MEMORY_LIMIT must look like 2GB or 512MiB, was '" + memory + "'");
        }
        if (!problems.isEmpty()) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER,
                    "Invalid DuckDB configuration: " + String.join("; ", problems));
        }
        return new DuckDbConfig(dir, spool == null || spool.isBlank() ? dir.resolve("spool") : Path.of(spool), max,
                Duration.ofMinutes(ttl), threads, memory, Duration.ofSeconds(wait), Duration.ofSeconds(cleanup));
    }

    private static int intValue(Map<String, String> env, String name, int fallback, List<String> problems) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            problems.add(name + " must be a whole number, was '" + text + "'");
            return fallback;
        }
    }
}
