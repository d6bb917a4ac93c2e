package io.graphstaging.ladybug.sink;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.ladybug.LadybugConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@code COPY} needs of a graph database's buffer pool, and how a load is shaped to fit
 * it. LadybugDB 0.14.3 keeps two things in the pool while it copies, and fails the copy with
 * "buffer pool is full" when they do not fit (the copy is then rolled back):
 *
 * <ul>
 *   <li>per copying thread, one node group (131,072 rows) of every column: its width times the
 *       rows, a null bit per row and about 16 KiB more. 1,000 INT64 columns need 1 GiB per thread;</li>
 *   <li>the primary-key index of the keys the copy touches: about 32 bytes per integer key and
 *       112 per short string key, measured. A copy into a new table touches its own rows; the
 *       anti-join of a re-materialize touches the table's rows as well.</li>
 * </ul>
 *
 * A load gets as many threads as leave half the pool to the keys (at least one, at most the
 * configured ones). A copy into a table this call created is split into batches by key hash
 * when its keys do not fit (each batch commits, and a failure drops the table, so the graph is
 * as it was). Any other load that does not fit is refused before anything is written, with the
 * size it needs. The figures are estimates: a load they pass that still runs out of the pool is
 * reported the same way, after the engine rolled it back.
 */
final class CopyMemory {
    static final long NODE_GROUP_ROWS = 1L << 17;
    /** What the engine holds besides the copy (catalog, headers), and its eviction queue: a 256th of the pool. */
    private static final long BASE_BYTES = 2L << 20;
    private static final long COLUMN_OVERHEAD_BYTES = 16L << 10;
    private static final long INTEGER_KEY_BYTES = 32;
    private static final long STRING_KEY_BYTES = 112;
    /** Bytes per value; strings count their offsets and an assumed short text. */
    private static final Map<String, Long> WIDTHS = Map.ofEntries(
            Map.entry("INT8", 1L), Map.entry("UINT8", 1L), Map.entry("INT16", 2L), Map.entry("UINT16", 2L),
            Map.entry("INT32", 4L), Map.entry("UINT32", 4L), Map.entry("FLOAT", 4L), Map.entry("DATE", 4L),
            Map.entry("INT64", 8L), Map.entry("UINT64", 8L), Map.entry("DOUBLE", 8L), Map.entry("TIMESTAMP", 8L),
            Map.entry("TIMESTAMP_MS", 8L), Map.entry("TIMESTAMP_NS", 8L), Map.entry("TIMESTAMP_SEC", 8L),
            Map.entry("TIMESTAMP_TZ", 8L), Map.entry("INT128", 16L), Map.entry("UUID", 16L), Map.entry("INTERVAL", 16L),
            Map.entry("BOOL", 0L), Map.entry("STRING", 32L), Map.entry("BLOB", 32L));
    private static final long DEFAULT_WIDTH = 32;

    /** How a load runs: with this many threads, in this many batches. */
    record Shape(int threads, int batches) {}

    private final long poolBytes;
    private final int maxThreads;

    /** @param maxThreads the configured threads per query; 0 means all cores, as for the engine */
    CopyMemory(long poolBytes, int maxThreads) {
        this.poolBytes = poolBytes;
        this.maxThreads = maxThreads == 0 ? Runtime.getRuntime().availableProcessors() : maxThreads;
    }

    /** One thread's node group of columns of these LadybugDB types. */
    static long perThreadBytes(List<String> types) {
        long bytes = 0;
        for (String type : types) {
            long width = WIDTHS.getOrDefault(type.toUpperCase(Locale.ROOT), DEFAULT_WIDTH);
            bytes += NODE_GROUP_ROWS * width + NODE_GROUP_ROWS / 8 + COLUMN_OVERHEAD_BYTES;
        }
        return bytes;
    }

    /** Index bytes of {@code keys} keys of this LadybugDB type. */
    static long keyBytes(long keys, String keyType) {
        long perKey = keyType.equalsIgnoreCase("STRING") ? STRING_KEY_BYTES : INTEGER_KEY_BYTES;
        return Math.multiplyExact(keys, perKey);
    }

    /**
     * Shapes a load of columns of these types that touches {@code keyBytes} of index.
     *
     * @param what      names the load in the refusal, e.g. "Loading table Entity into graph g"
     * @param batchable whether the copy may be split (a table this call created)
     * @throws StagingException {@code INVALID_REQUEST} naming the size the load needs when it
     *         does not fit
     */
    Shape shape(String what, List<String> types, long keyBytes, boolean batchable) {
        long perThread = perThreadBytes(types);
        long base = BASE_BYTES + poolBytes / 256;
        long usable = poolBytes - base;
        if (perThread > usable || (!batchable && perThread + keyBytes > usable)) {
            // The pool that leaves room for them: pool - BASE - pool/256 >= what they need.
            throw tooSmall(what, (BASE_BYTES + perThread + (batchable ? 0 : keyBytes)) / 255 * 256);
        }
        int threads = (int) Math.max(1, Math.min(maxThreads, usable / 2 / Math.max(1, perThread)));
        long forKeys = usable - threads * perThread;
        if (keyBytes > forKeys && !batchable) {
            threads = 1; // fits with one thread: checked above
            forKeys = usable - perThread;
        }
        // Half the room: the key figures are measured, not exact, and the pool's use varies
        // from run to run (a copy that runs out of it late is slow to fail).
        long perBatch = Math.max(1, forKeys / 2);
        int batches = batchable ? (int) Math.min(1024, Math.max(1, (keyBytes + perBatch - 1) / perBatch)) : 1;
        return new Shape(threads, batches);
    }

    /** The error for a load that does not fit, before or after the engine tried it. */
    StagingException tooSmall(String what, long neededBytes) {
        return new StagingException(ErrorCode.INVALID_REQUEST, what + " needs about " + roundUp(neededBytes)
                + " of graph buffer pool, more than " + LadybugConfig.BUFFER_POOL_SIZE + " (" + ByteSize.ofBytes(poolBytes)
                + ") gives; nothing was loaded. Raise " + LadybugConfig.BUFFER_POOL_SIZE + ".");
    }

    /** The error for a load the engine found too large for the pool (and rolled back). */
    StagingException ranOut(String what) {
        return new StagingException(ErrorCode.INVALID_REQUEST, what + " needs more graph buffer pool than "
                + LadybugConfig.BUFFER_POOL_SIZE + " (" + ByteSize.ofBytes(poolBytes) + ") gives; nothing was loaded. Raise "
                + LadybugConfig.BUFFER_POOL_SIZE + ".");
    }

    private static ByteSize roundUp(long bytes) {
        long mebibyte = 1L << 20;
        return ByteSize.ofBytes((bytes + mebibyte - 1) / mebibyte * mebibyte);
    }
}
