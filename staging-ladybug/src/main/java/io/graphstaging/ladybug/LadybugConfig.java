package io.graphstaging.ladybug;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the LadybugDB graph sink.
 *
 * @param databaseDir     one {@code <graph_id>.lbug} file per graph lives here ({@code LBUG_DATABASE_DIR})
 * @param bufferPoolBytes each open graph database's buffer pool, reserved from the server's memory
 *                        budget while the database is open ({@code LBUG_BUFFER_POOL_SIZE}, a size
 *                        such as {@code 1GiB}; at least {@link #MIN_BUFFER_POOL})
 * @param maxThreads      threads per query; 0 lets the engine choose (all cores) ({@code LBUG_MAX_THREADS})
 * @param maxDbSizeBytes  the largest a graph database may grow ({@code LBUG_MAX_DB_SIZE}): the
 *                        engine reserves this much address space for each open database, so it
 *                        also bounds how many can be open at once; a power of two, at least
 *                        {@link #MIN_MAX_DB_SIZE} (the engine's rules)
 * @param idleTimeout     an open graph database unused this long is closed; not a variable of its
 *                        own: the composition passes {@code DUCKDB_CONNECTION_TTL_MINUTES} on, so
 *                        both engines of a graph close after the same idle time
 */
public record LadybugConfig(Path databaseDir, long bufferPoolBytes, int maxThreads, long maxDbSizeBytes,
                            Duration idleTimeout) {
    public static final String DATABASE_DIR = "LBUG_DATABASE_DIR";
    public static final String BUFFER_POOL_SIZE = "LBUG_BUFFER_POOL_SIZE";
    public static final String MAX_THREADS = "LBUG_MAX_THREADS";
    public static final String MAX_DB_SIZE = "LBUG_MAX_DB_SIZE";
    /** Below this a buffer pool cannot hold one node group of a few columns. */
    public static final ByteSize MIN_BUFFER_POOL = ByteSize.ofMebibytes(16);
    /** The engine's minimum: two page groups (1024 pages of 4 KiB each), data file and shadow file. */
    public static final ByteSize MIN_MAX_DB_SIZE = ByteSize.ofMebibytes(8);
    static final ByteSize DEFAULT_BUFFER_POOL = ByteSize.ofGibibytes(1);
    /**
     * 1 TiB: graphs up to several hundred GB, and about 60 open at once within the address space
     * the sink allows itself (the engine's own default, 8 TiB, let a process open only 15).
     */
    static final ByteSize DEFAULT_MAX_DB_SIZE = ByteSize.ofGibibytes(1024);
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

    public LadybugConfig {
        databaseDir = Objects.requireNonNull(databaseDir, "databaseDir").toAbsolutePath().normalize();
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (bufferPoolBytes < MIN_BUFFER_POOL.bytes() || maxThreads < 0) {
            throw new IllegalArgumentException("The LadybugDB buffer pool must be at least " + MIN_BUFFER_POOL
                    + " and the thread count must not be negative, got " + bufferPoolBytes + " bytes and " + maxThreads);
        }
        if (maxDbSizeProblem(maxDbSizeBytes) != null) {
            throw new IllegalArgumentException(maxDbSizeProblem(maxDbSizeBytes));
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("The idle timeout must be positive, got " + idleTimeout);
        }
    }

    /** Defaults under a directory: a 1 GiB buffer pool, threads chosen by the engine, 1 TiB at most per graph. */
    public static LadybugConfig defaults(Path databaseDir) {
        return new LadybugConfig(databaseDir, DEFAULT_BUFFER_POOL.bytes(), 0, DEFAULT_MAX_DB_SIZE.bytes(),
                DEFAULT_IDLE_TIMEOUT);
    }

    /** Reads the settings; problems are collected in {@code settings}. */
    public static LadybugConfig from(Settings settings) {
        LadybugConfig defaults = defaults(settings.path(DATABASE_DIR, Path.of("data", "lbug-dbs")));
        long pool = settings.size(BUFFER_POOL_SIZE, DEFAULT_BUFFER_POOL, MIN_BUFFER_POOL, ByteSize.ofBytes(Long.MAX_VALUE)).bytes();
        int threads = settings.integer(MAX_THREADS, 0, 0, 1024);
        long maxDbSize = settings.size(MAX_DB_SIZE, DEFAULT_MAX_DB_SIZE, MIN_MAX_DB_SIZE, ByteSize.ofBytes(1L << 62)).bytes();
        String problem = maxDbSizeProblem(maxDbSize);
        if (problem != null) {
            settings.problem(MAX_DB_SIZE + ": " + problem);
            maxDbSize = DEFAULT_MAX_DB_SIZE.bytes();
        }
        return defaults.withBufferPoolBytes(pool).withMaxThreads(threads).withMaxDbSizeBytes(maxDbSize);
    }

    private static String maxDbSizeProblem(long bytes) {
        if (bytes < MIN_MAX_DB_SIZE.bytes() || Long.bitCount(bytes) != 1) {
            return "the largest graph database size must be a power of two of at least " + MIN_MAX_DB_SIZE
                    + " (such as 256GiB or 1TiB), was " + bytes + " bytes";
        }
        return null;
    }

    public LadybugConfig withBufferPoolBytes(long value) {
        return new LadybugConfig(databaseDir, value, maxThreads, maxDbSizeBytes, idleTimeout);
    }

    public LadybugConfig withMaxThreads(int value) {
        return new LadybugConfig(databaseDir, bufferPoolBytes, value, maxDbSizeBytes, idleTimeout);
    }

    public LadybugConfig withMaxDbSizeBytes(long value) {
        return new LadybugConfig(databaseDir, bufferPoolBytes, maxThreads, value, idleTimeout);
    }

    public LadybugConfig withIdleTimeout(Duration value) {
        return new LadybugConfig(databaseDir, bufferPoolBytes, maxThreads, maxDbSizeBytes, value);
    }
}
