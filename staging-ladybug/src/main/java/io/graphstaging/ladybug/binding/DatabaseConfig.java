package io.graphstaging.ladybug.binding;

/**
 * How to open a database.
 *
 * @param bufferPoolBytes the engine's buffer pool size; 0 lets the engine choose (80% of RAM)
 * @param maxThreads      query threads; 0 lets the engine choose (all cores)
 * @param compression     compress data on disk (the engine's default); see {@link #withoutCompression}
 * @param readOnly        open read-only (several read-only databases may share a file)
 */
public record DatabaseConfig(long bufferPoolBytes, int maxThreads, boolean compression, boolean readOnly) {
    public DatabaseConfig {
        if (bufferPoolBytes < 0) {
            throw new IllegalArgumentException("bufferPoolBytes must be >= 0, got " + bufferPoolBytes);
        }
        if (maxThreads < 0) {
            throw new IllegalArgumentException("maxThreads must be >= 0, got " + maxThreads);
        }
    }

    public DatabaseConfig(long bufferPoolBytes, int maxThreads, boolean readOnly) {
        this(bufferPoolBytes, maxThreads, true, readOnly);
    }

    public static DatabaseConfig defaults() {
        return new DatabaseConfig(0, 0, true, false);
    }
}
