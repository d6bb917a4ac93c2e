package io.graphstaging.http.testing;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.PoolStats;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.port.StagingMaintenance;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link StagingMaintenance} with no databases, for edge tests: its health check counts its
 * calls and fails with {@link #healthFailure} when one is set; a cleanup records when it ran.
 */
public final class IdleMaintenance implements StagingMaintenance {
    public final AtomicInteger healthChecks = new AtomicInteger();
    public final AtomicReference<StagingException> healthFailure = new AtomicReference<>();
    /** When the last cleanup ran ({@link System#nanoTime()}), 0 before any. */
    public final AtomicLong cleanedAtNanos = new AtomicLong();

    @Override
    public PoolStats stats() {
        return new PoolStats(0, 0, Map.of(), new PoolStats.Counters(0, 0, 0, 0, 0, 0),
                new PoolStats.Configuration(3, 30, "/nowhere", 1, "1GB"));
    }

    @Override
    public boolean hasActiveConnections(GraphId graph) {
        return false;
    }

    @Override
    public void closeDatabaseConnections(GraphId graph) {
        throw new UnsupportedOperationException("not used by edge tests");
    }

    @Override
    public boolean forceDatabaseCleanup(GraphId graph) {
        cleanedAtNanos.set(System.nanoTime());
        return false;
    }

    @Override
    public void checkHealth() {
        healthChecks.incrementAndGet();
        StagingException failure = healthFailure.get();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String engineVersion() {
        return "idle";
    }
}
