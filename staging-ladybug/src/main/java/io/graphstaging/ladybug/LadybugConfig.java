package io.graphstaging.ladybug;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of the LadybugDB graph sink.
 *
 * @param databaseDir     one {@code <graph_id>.lbug} file per graph lives here
 * @param bufferPoolBytes each graph database's buffer pool; 0 lets the engine choose (80% of RAM)
 * @param maxThreads      threads per query; 0 lets the engine choose (all cores)
 */
public record LadybugConfig(Path databaseDir, long bufferPoolBytes, int maxThreads) {
    public static final String DATABASE_DIR = "LBUG_DATABASE_DIR";
    public static final String BUFFER_POOL_SIZE = "LBUG_BUFFER_POOL_SIZE";
    public static final String MAX_THREADS = "LBUG_MAX_THREADS";
    static final long DEFAULT_BUFFER_POOL_BYTES = 1L << 30;

    public LadybugConfig {
        Objects.requireNonNull(databaseDir, "databaseDir");
        databaseDir = databaseDir.toAbsolutePath().normalize();
        if (bufferPoolBytes < 0 || maxThreads < 0) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER,
                    "LadybugDB buffer pool size and thread count must not be negative");
        }
    }

    /**
     * Reads {@code LBUG_DATABASE_DIR} (default {@code ./data/lbug-dbs}),
     * {@code LBUG_BUFFER_POOL_SIZE} (bytes, or with a KB/MB/GB suffix; default 1GB) and
     * {@code LBUG_MAX_THREADS} (default 0: all cores).
     *
     * @throws StagingException {@code INVALID_PARAMETER} listing every invalid variable
     */
    public static LadybugConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Path dir = Path.of("data", "lbug-dbs");
        String dirValue = env.get(DATABASE_DIR);
        if (dirValue != null) {
            try {
                if (dirValue.isBlank()) {
                    problems.add(DATABASE_DIR + " is empty");
                } else {
                    dir = Path.of(dirValue);
                }
            } catch (InvalidPathException e) {
                problems.add(DATABASE_DIR + " is not a valid path: " + e.getReason());
            }
        }
        long pool = DEFAULT_BUFFER_POOL_BYTES;
        String poolValue = env.get(BUFFER_POOL_SIZE);
        if (poolValue != null) {
            try {
                pool = parseBytes(poolValue);
            } catch (NumberFormatException e) {
                problems.add(BUFFER_POOL_SIZE + " must be a non-negative size like 536870912, 512MB or 2GB, got '"
                        + poolValue + "'");
            }
        }
        int threads = 0;
        String threadsValue = env.get(MAX_THREADS);
        if (threadsValue != null) {
            try {
                threads = Integer.parseInt(threadsValue.trim());
                if (threads < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problems.add(MAX_THREADS + " must be a non-negative integer, got '" + threadsValue + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER,
                    "Invalid LadybugDB configuration: " + String.join("; ", problems));
        }
        return new LadybugConfig(dir, pool, threads);
    }

    private static long parseBytes(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        for (Map.Entry<String, Long> suffix : List.of(Map.entry("GB", 1L << 30), Map.entry("MB", 1L << 20),
                Map.entry("KB", 1L << 10), Map.entry("B", 1L))) {
            if (v.endsWith(suffix.getKey())) {
                unit = suffix.getValue();
                v = v.substring(0, v.length() - suffix.getKey().length()).trim();
                break;
            }
        }
        long n = Long.parseLong(v);
        if (n < 0 || n > Long.MAX_VALUE / unit) {
            throw new NumberFormatException(value);
        }
        return n * unit;
    }
}
