package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Serialises mutations of one table (create, append, delete, refresh, materialize), and
 * whole-graph operations against all of them. A caller that cannot get the lock within the
 * wait gets {@code TABLE_BUSY} instead of queueing forever.
 */
public final class TableLocks {
    private final Duration wait;
    private final ConcurrentHashMap<GraphId, ReentrantReadWriteLock> graphs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ReentrantLock> tables = new ConcurrentHashMap<>();

    public TableLocks(Duration wait) {
        this.wait = wait;
    }

    /** Runs {@code work} holding the table's lock (and the graph's shared lock). */
    public <T> T onTable(GraphId graph, TableName table, Supplier<T> work) {
        Lock graphLock = graphLock(graph).readLock();
        acquire(graphLock, "Graph " + graph + " is being cleaned up; try again later");
        try {
            Lock tableLock = tables.computeIfAbsent(graph + "/" + table, k -> new ReentrantLock());
            acquire(tableLock, "Another operation on table " + table + " of graph " + graph + " is running; try again later");
            try {
                return work.get();
            } finally {
                tableLock.unlock();
            }
        } finally {
            graphLock.unlock();
        }
    }

    /** Runs {@code work} holding the graph's exclusive lock: no table operation runs meanwhile. */
    public <T> T onGraph(GraphId graph, Supplier<T> work) {
        Lock lock = graphLock(graph).writeLock();
        acquire(lock, "Operations on graph " + graph + " are running; try again later");
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private ReentrantReadWriteLock graphLock(GraphId graph) {
        return graphs.computeIfAbsent(graph, g -> new ReentrantReadWriteLock());
    }

    private void acquire(Lock lock, String busyMessage) {
        try {
            if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StagingException(ErrorCode.TABLE_BUSY, busyMessage);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StagingException(ErrorCode.SHUTTING_DOWN, "Interrupted while waiting: " + busyMessage, e);
        }
    }
}
