package io.graphstaging.core.limit;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.model.QueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bounds the answers collected whole in memory (unstreamed JSON): each holds at most
 * {@link QueryLimits#maxUnstreamedRows()} rows and {@link QueryLimits#maxResultBytes()}, and all
 * of them being built at once at most
 * {@link QueryLimits#maxResultBytesInFlight()}. Sizes are counted chunk by chunk as rows arrive,
 * as the length of their JSON text, so an answer too large is refused ({@code RESULT_TOO_LARGE})
 * long before it could exhaust the heap.
 *
 * <p>Thread-safe; one instance per server, shared by every kind of query.
 */
public final class UnstreamedAnswers {
    private final QueryLimits limits;
    private long bytesInFlight; // guarded by this

    public UnstreamedAnswers(QueryLimits limits) {
        this.limits = limits;
    }

    /**
     * Starts collecting one answer; close it once the answer is complete.
     *
     * @param what names the answer in errors, e.g. {@code "The answer of the query on graph g1"}
     */
    public Answer start(String what) {
        return new Answer(what);
    }

    /** Bytes held by all answers being collected now. */
    public synchronized long bytesInFlight() {
        return bytesInFlight;
    }

    private synchronized void take(Answer answer, long bytes) {
        long max = limits.maxResultBytesInFlight().bytes();
        if (bytesInFlight + bytes > max) {
            throw new StagingException(ErrorCode.RESULT_TOO_LARGE, answer.what + " does not fit: the unstreamed answers"
                    + " being built at once would hold more than " + limits.maxResultBytesInFlight()
                    + " (STAGING_MAX_RESULT_BYTES_IN_FLIGHT). Ask for a stream instead, or try again later.");
        }
        bytesInFlight += bytes;
    }

    private synchronized void give(long bytes) {
        bytesInFlight -= bytes;
    }

    /** One answer being collected. Not thread-safe: one query fills it. */
    public final class Answer implements AutoCloseable {
        private final String what;
        private final List<Column> columns = new ArrayList<>();
        private final List<List<Object>> rows = new ArrayList<>();
        private long bytes;
        private boolean closed;

        private Answer(String what) {
            this.what = what;
        }

        /** Adds a chunk's rows after checking the limits; nothing is kept from a chunk that breaks one. */
        public void add(QueryChunk chunk) {
            if (closed) {
                throw new IllegalStateException("The answer was already handed on");
            }
            if (columns.isEmpty()) {
                columns.addAll(chunk.columns());
            }
            if ((long) rows.size() + chunk.rows().size() > limits.maxUnstreamedRows()) {
                throw new StagingException(ErrorCode.RESULT_TOO_LARGE, what + " has more than "
                        + limits.maxUnstreamedRows() + " rows, the most an unstreamed answer holds. Ask for a stream"
                        + " instead.");
            }
            long chunkBytes = 0;
            for (List<Object> row : chunk.rows()) {
                chunkBytes += jsonLength(row) + 1;
            }
            if (bytes + chunkBytes > limits.maxResultBytes().bytes()) {
                throw new StagingException(ErrorCode.RESULT_TOO_LARGE, what + " is larger than "
                        + limits.maxResultBytes() + " (STAGING_MAX_RESULT_BYTES), the most an unstreamed answer holds."
                        + " Ask for a stream instead.");
            }
            take(this, chunkBytes);
            bytes += chunkBytes;
            rows.addAll(chunk.rows());
        }

        /** The rows counted so far. */
        public long bytes() {
            return bytes;
        }

        public QueryResult result() {
            return new QueryResult(columns, rows);
        }

        /** Gives the answer's bytes back to the server-wide total. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                give(bytes);
            }
        }
    }

    /** The length of a value written as JSON, close enough to bound memory (escapes are not counted). */
    static long jsonLength(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String s) {
            return s.length() + 2L;
        }
        if (value instanceof Boolean) {
            return 5;
        }
        if (value instanceof Long || value instanceof Integer) {
            return digits(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return 24;
        }
        if (value instanceof byte[] bytes) {
            return (bytes.length + 2L) / 3 * 4 + 2;
        }
        if (value instanceof List<?> list) {
            long length = 2L + Math.max(0, list.size() - 1);
            for (Object item : list) {
                length += jsonLength(item);
            }
            return length;
        }
        if (value instanceof Map<?, ?> map) {
            long length = 2L + Math.max(0, map.size() - 1);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                length += jsonLength(String.valueOf(e.getKey())) + 1 + jsonLength(e.getValue());
            }
            return length;
        }
        // BigDecimal and BigInteger may be written as strings, dates and times always are.
        return value.toString().length() + 2L;
    }

    private static long digits(long n) {
        if (n == Long.MIN_VALUE) {
            return 20;
        }
        long length = n < 0 ? 2 : 1;
        for (long rest = Math.abs(n); rest >= 10; rest /= 10) {
            length++;
        }
        return length;
    }
}
