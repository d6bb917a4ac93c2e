package io.graphstaging.ladybug.binding;

/**
 * How to open a database.
 *
 * @param bufferPoolBytes the engine's buffer pool size; 0 lets the engine choose (80% of RAM)
 * @param maxThreads      query threads; 0 lets the engine choose (all cores)
 * @param compression     compress data on disk (the engine's default); see {@link #withoutCompression}
 * @param readOnly        open read-only (several read-only databases may share a file)
 * @param maxDbSizeBytes  the largest the database may grow; the engine reserves this much address
 *                        space when it opens (8 TiB by default, which bounds how many databases one
 *                        process can open); 0 lets the engine choose
 */
public record DatabaseConfig(long bufferPoolBytes, int maxThreads, boolean compression, boolean readOnly,
                             long maxDbSizeBytes) {
    public DatabaseConfig {
        if (maxDbSizeBytes < 0) {
            throw new IllegalArgumentException("maxDbSizeBytes must be >= 0, got " + maxDbSizeBytes);
        }
        if (bufferPoolBytes < 0) {
            throw new IllegalArgumentException("bufferPoolBytes must be >= 0, got " + bufferPoolBytes);
        }
        if (maxThreads < 0) {
            throw new IllegalArgumentException("maxThreads must be >= 0, got " + maxThreads);
        }
    }

    public DatabaseConfig(long bufferPoolBytes, int maxThreads, boolean compression, boolean readOnly) {
        this(bufferPoolBytes, maxThreads, compression, readOnly, 0);
    }

    public DatabaseConfig(long bufferPoolBytes, int maxThreads, boolean readOnly) {
        this(bufferPoolBytes, maxThreads, true, readOnly, 0);
    }

    public static DatabaseConfig defaults() {
        return new DatabaseConfig(0, 0, true, false, 0);
    }
}
