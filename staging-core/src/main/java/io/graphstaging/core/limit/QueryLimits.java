package io.graphstaging.core.limit;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on user queries, for SQL on staging and Cypher on the graph alike.
 *
 * @param timeout             {@code STAGING_QUERY_TIMEOUT_SECONDS} (300): then the query is
 *                            interrupted ({@code QUERY_TIMEOUT})
 * @param maxUnstreamedRows   rows an unstreamed answer may hold (100,000)
 * @param maxResultBytes      {@code STAGING_MAX_RESULT_BYTES} (64 MiB): bytes one unstreamed answer may hold
 * @param maxResultBytesInFlight {@code STAGING_MAX_RESULT_BYTES_IN_FLIGHT} (a quarter of the heap):
 *                            bytes all unstreamed answers being built at once may hold
 * @param threads             {@code STAGING_QUERY_THREADS} (the cores): query threads for the whole server
 */
public record QueryLimits(Duration timeout, int maxUnstreamedRows, ByteSize maxResultBytes,
                          ByteSize maxResultBytesInFlight, int threads) {
    public static final int MAX_UNSTREAMED_ROWS = 100_000;

    public QueryLimits {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(maxResultBytes, "maxResultBytes");
        Objects.requireNonNull(maxResultBytesInFlight, "maxResultBytesInFlight");
        if (timeout.isNegative() || timeout.isZero() || maxUnstreamedRows < 1 || threads < 1) {
            throw new IllegalArgumentException("Query limits must be positive");
        }
    }

    /** The defaults for a JVM with this heap and this many cores. */
    public static QueryLimits defaults(long maxHeapBytes, int cores) {
        return new QueryLimits(Duration.ofMinutes(5), MAX_UNSTREAMED_ROWS, ByteSize.ofMebibytes(64),
                ByteSize.ofBytes(Math.max(1, maxHeapBytes / 4)), Math.max(1, cores));
    }

    /** Reads the settings; problems are collected in {@code settings}. */
    public static QueryLimits from(Settings settings, long maxHeapBytes, int cores) {
        QueryLimits d = defaults(maxHeapBytes, cores);
        return new QueryLimits(
                settings.duration("STAGING_QUERY_TIMEOUT_SECONDS", d.timeout(), Duration.ofSeconds(1), Duration.ofDays(1)),
                d.maxUnstreamedRows(),
                settings.size("STAGING_MAX_RESULT_BYTES", d.maxResultBytes(), ByteSize.ofBytes(1024), ByteSize.ofBytes(Long.MAX_VALUE)),
                settings.size("STAGING_MAX_RESULT_BYTES_IN_FLIGHT", d.maxResultBytesInFlight(), ByteSize.ofBytes(1024),
                        ByteSize.ofBytes(Long.MAX_VALUE)),
                settings.integer("STAGING_QUERY_THREADS", d.threads(), 1, 4096));
    }

    public QueryLimits withTimeout(Duration value) {
        return new QueryLimits(value, maxUnstreamedRows, maxResultBytes, maxResultBytesInFlight, threads);
    }

    public QueryLimits withMaxResultBytes(ByteSize value, ByteSize inFlight) {
        return new QueryLimits(timeout, maxUnstreamedRows, value, inFlight, threads);
    }

    public QueryLimits withThreads(int value) {
        return new QueryLimits(timeout, maxUnstreamedRows, maxResultBytes, maxResultBytesInFlight, value);
    }
}
