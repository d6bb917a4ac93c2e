package io.graphstaging.core.limit;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The query time limit ({@code STAGING_QUERY_TIMEOUT_SECONDS}): {@link #start} cancels the
 * query's {@link Cancellation} with {@code QUERY_TIMEOUT} once the limit has passed, and the
 * adapter running the query interrupts its engine. One daemon thread for the whole server.
 */
public final class QueryTimer implements AutoCloseable {
    private final Duration limit;
    private final ScheduledThreadPoolExecutor scheduler;

    public QueryTimer(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("A query time limit must be positive, was " + limit);
        }
        this.limit = limit;
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "query-time-limit");
            t.setDaemon(true);
            return t;
        });
        // A query that ends in time takes its timer with it, instead of leaving it queued for the whole limit.
        scheduler.setRemoveOnCancelPolicy(true);
    }

    public Duration limit() {
        return limit;
    }

    /**
     * Starts the clock of one query; close the registration when the query is over.
     *
     * @param what names the query in the error, e.g. {@code "The query on graph g1"}
     */
    public Cancellation.Registration start(Cancellation cancellation, String what) {
        String reason = what + " ran longer than its time limit of " + limit.toSeconds()
                + " s (STAGING_QUERY_TIMEOUT_SECONDS) and was stopped";
        ScheduledFuture<?> timeout;
        try {
            timeout = scheduler.schedule(() -> cancellation.cancel(ErrorCode.QUERY_TIMEOUT, reason), limit.toNanos(),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            throw new StagingException(ErrorCode.SHUTTING_DOWN, "The server is shutting down", e);
        }
        return () -> timeout.cancel(false);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
