package io.graphstaging.ladybug;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.config.Settings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of the LadybugDB graph sink.
 *
 * @param databaseDir     one {@code <graph_id>.lbug} file per graph lives here ({@code LBUG_DATABASE_DIR})
 * @param bufferPoolBytes each graph database's buffer pool; 0 lets the engine choose (80% of RAM)
 *                        ({@code LBUG_BUFFER_POOL_SIZE}, a size such as {@code 1GiB})
 * @param maxThreads      threads per query; 0 lets the engine choose (all cores) ({@code LBUG_MAX_THREADS})
 */
public record LadybugConfig(Path databaseDir, long bufferPoolBytes, int maxThreads) {
    public static final String DATABASE_DIR = "LBUG_DATABASE_DIR";
    public static final String BUFFER_POOL_SIZE = "LBUG_BUFFER_POOL_SIZE";
    public static final String MAX_THREADS = "LBUG_MAX_THREADS";
    static final ByteSize DEFAULT_BUFFER_POOL = ByteSize.ofGibibytes(1);

    public LadybugConfig {
        databaseDir = Objects.requireNonNull(databaseDir, "databaseDir").toAbsolutePath().normalize();
        if (bufferPoolBytes < 0 || maxThreads < 0) {
            throw new IllegalArgumentException("LadybugDB buffer pool size and thread count must not be negative");
        }
    }

    /** Defaults under a directory: a 1 GiB buffer pool, threads chosen by the engine. */
    public static LadybugConfig defaults(Path databaseDir) {
        return new LadybugConfig(databaseDir, DEFAULT_BUFFER_POOL.bytes(), 0);
    }

    /** Reads the settings; problems are collected in {@code settings}. */
    public static LadybugConfig from(Settings settings) {
        return new LadybugConfig(
                settings.path(DATABASE_DIR, Path.of("data", "lbug-dbs")),
                settings.size(BUFFER_POOL_SIZE, DEFAULT_BUFFER_POOL, ByteSize.ofBytes(0), ByteSize.ofBytes(Long.MAX_VALUE)).bytes(),
                settings.integer(MAX_THREADS, 0, 0, 1024));
    }

    public LadybugConfig withBufferPoolBytes(long value) {
        return new LadybugConfig(databaseDir, value, maxThreads);
    }

    public LadybugConfig withMaxThreads(int value) {
        return new LadybugConfig(databaseDir, bufferPoolBytes, value);
    }
}
