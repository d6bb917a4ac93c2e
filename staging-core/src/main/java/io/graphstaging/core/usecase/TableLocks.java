package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the operations that change a table (create, append, delete, refresh, materialize) one at
 * a time, in arrival order: one first-in, first-out queue per table, shared by every caller.
 * Table names are compared case-insensitively, as the staging store compares them. An operation
 * on a whole graph waits for the work queued on that graph before it and holds the graph while
 * it runs; work queued after it waits for it.
 *
 * <p>Waiting takes no thread: a call waiting for its turn is an entry in its graph's queue. The
 * work itself runs on this object's own threads, never on the caller's (a server's request threads
 * only hand work over and answer). A call waits at most {@code wait}, then fails {@code TABLE_BUSY}; when its
 * graph already has {@code maxWaitingCalls} calls waiting, a call that would have to wait fails
 * {@code TOO_MANY_WAITING_CALLS} at once. A graph's queue is dropped as soon as nothing is queued
 * on it, so memory follows the work in progress, not the tables ever seen.
 *
 * <p>Work given with a {@link Cancellation} (a task, a command line) waits for its turn as long as
 * it takes: it neither times out nor counts against {@code maxWaitingCalls} (tasks have their own
 * bound, the task queue), and cancelling it takes it out of the queue, failing it with the
 * cancellation's error.
 *
 * <p>Not reentrant: work must not queue more work on a table or graph it is running on.
 */
public final class TableLocks implements AutoCloseable {
    private final Duration wait;
    private final int maxWaitingCalls;
    private final ExecutorService runner;
    private final Map<GraphId, List<Entry<?>>> queues = new HashMap<>(); // guarded by this; arrival order
    private final Map<GraphId, Integer> waiting = new HashMap<>(); // guarded by this
    private boolean closed; // guarded by this

    /**
     * @param wait            how long a call waits for its turn before {@code TABLE_BUSY}
     * @param maxWaitingCalls how many calls may wait on one graph before the next is refused
     */
    public TableLocks(Duration wait, int maxWaitingCalls) {
        if (wait.isNegative() || maxWaitingCalls < 0) {
            throw new IllegalArgumentException("The wait and the number of waiting calls must not be negative");
        }
        this.wait = wait;
        this.maxWaitingCalls = maxWaitingCalls;
        AtomicInteger threads = new AtomicInteger();
        this.runner = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "table-work-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** No cap on waiting calls: for a library caller that bounds its own concurrency. */
    public TableLocks(Duration wait) {
        this(wait, Integer.MAX_VALUE);
    }

    /**
     * Queues {@code work} on the table; the future completes with its result once it ran.
     * Refusals ({@code TABLE_BUSY}, {@code TOO_MANY_WAITING_CALLS}, {@code SHUTTING_DOWN}) and
     * the work's own failure complete it exceptionally. Cancelling the future before the work
     * started takes it out of the queue.
     */
    public <T> CompletableFuture<T> onTable(GraphId graph, TableName table, Supplier<T> work) {
        return submit(new Entry<>(graph, table.value().toLowerCase(Locale.ROOT),
                "Another operation on table " + table + " of graph " + graph + " is running", work, null));
    }

    /**
     * Queues {@code work} on the table until its turn comes, however long; cancelling
     * {@code cancellation} before then takes it out of the queue.
     */
    public <T> CompletableFuture<T> onTable(GraphId graph, TableName table, Cancellation cancellation, Supplier<T> work) {
        return submit(new Entry<>(graph, table.value().toLowerCase(Locale.ROOT),
                "Another operation on table " + table + " of graph " + graph + " is running", work, cancellation));
    }

    /** Queues {@code work} on the whole graph: it runs alone on the graph, after the work queued before it. */
    public <T> CompletableFuture<T> onGraph(GraphId graph, Supplier<T> work) {
        return submit(new Entry<>(graph, null, "Operations on graph " + graph + " are running", work, null));
    }

    /** {@link #onGraph(GraphId, Supplier)} waiting until its turn, however long, unless cancelled. */
    public <T> CompletableFuture<T> onGraph(GraphId graph, Cancellation cancellation, Supplier<T> work) {
        return submit(new Entry<>(graph, null, "Operations on graph " + graph + " are running", work, cancellation));
    }

    /**
     * Waits for a future of this class and returns its result, throwing the work's own exception
     * (not a wrapper). An interrupted wait cancels the queued work and throws {@code SHUTTING_DOWN}.
     */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new StagingException(ErrorCode.INTERNAL, "The operation failed", e.getCause());
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new StagingException(ErrorCode.SHUTTING_DOWN, "Interrupted while waiting for the operation", e);
        } catch (CancellationException e) {
            throw new StagingException(ErrorCode.CANCELLED, "The operation was cancelled before it ran", e);
        }
    }

    /** Calls waiting for their turn on the graph (not counting running work). */
    public synchronized int waitingCalls(GraphId graph) {
        return waiting.getOrDefault(graph, 0);
    }

    /** Graphs with work queued or running; a graph leaves as soon as its last work ends. */
    public synchronized int activeGraphs() {
        return queues.size();
    }

    /**
     * Refuses new work and fails every call still waiting with {@code SHUTTING_DOWN} (it had not
     * started: nothing of it happened). Running work goes on to its end.
     */
    @Override
    public void close() {
        List<Entry<?>> refused = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (List<Entry<?>> queue : queues.values()) {
                queue.stream().filter(e -> !e.started).forEach(refused::add);
                queue.removeIf(e -> !e.started);
            }
            queues.values().removeIf(List::isEmpty);
            waiting.clear();
        }
        refused.forEach(e -> e.future.completeExceptionally(
                new StagingException(ErrorCode.SHUTTING_DOWN, "The server is shutting down; the operation did not run")));
        runner.shutdown();
    }

    private <T> CompletableFuture<T> submit(Entry<T> entry) {
        boolean runNow;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(
                        new StagingException(ErrorCode.SHUTTING_DOWN, "The server is shutting down"));
            }
            List<Entry<?>> queue = queues.computeIfAbsent(entry.graph, g -> new ArrayList<>());
            runNow = queue.stream().noneMatch(entry::conflictsWith);
            if (!runNow && !entry.patient()) {
                int waitingNow = waiting.getOrDefault(entry.graph, 0);
                StagingException refusal = null;
                if (wait.isZero()) {
                    refusal = new StagingException(ErrorCode.TABLE_BUSY, entry.busy + "; try again later");
                } else if (waitingNow >= maxWaitingCalls) {
                    refusal = new StagingException(ErrorCode.TOO_MANY_WAITING_CALLS, "Graph " + entry.graph + " already has "
                            + waitingNow + " calls waiting for their turn (STAGING_MAX_WAITING_CALLS); try again later");
                }
                if (refusal != null) {
                    if (queue.isEmpty()) {
                        queues.remove(entry.graph);
                    }
                    return CompletableFuture.failedFuture(refusal);
                }
                waiting.put(entry.graph, waitingNow + 1);
            }
            entry.started = runNow;
            queue.add(entry);
        }
        if (runNow) {
            dispatch(entry);
            return entry.future;
        }
        entry.future.whenComplete((result, failure) -> {
            if (entry.future.isCancelled()) {
                withdraw(entry, null);
            }
        });
        if (entry.patient()) {
            Cancellation.Registration registration = entry.cancellation.onCancel(() -> withdraw(entry, null));
            entry.future.whenComplete((result, failure) -> registration.close());
            return entry.future;
        }
        CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS).execute(() -> withdraw(entry,
                new StagingException(ErrorCode.TABLE_BUSY, entry.busy + " (waited " + wait.toMillis() + " ms); try again later")));
        return entry.future;
    }

    /**
     * Takes a waiting entry out of its queue (no-op once it started) and fails it with
     * {@code failure}, or, for a cancelled patient entry, with its cancellation's error.
     */
    private void withdraw(Entry<?> entry, StagingException failure) {
        List<Entry<?>> ready;
        synchronized (this) {
            List<Entry<?>> queue = queues.get(entry.graph);
            if (entry.started || queue == null || !queue.remove(entry)) {
                return;
            }
            if (!entry.patient()) {
                waiting.merge(entry.graph, -1, Integer::sum);
            }
            ready = startReady(entry.graph, queue);
        }
        if (failure == null && entry.patient()) {
            try {
                entry.cancellation.throwIfCancelled();
            } catch (StagingException cancelled) {
                failure = cancelled;
            }
        }
        if (failure != null) {
            entry.future.completeExceptionally(failure);
        }
        ready.forEach(this::dispatch);
    }

    private void finished(Entry<?> entry) {
        List<Entry<?>> ready;
        synchronized (this) {
            List<Entry<?>> queue = queues.get(entry.graph);
            queue.remove(entry);
            ready = startReady(entry.graph, queue);
        }
        ready.forEach(this::dispatch);
    }

    /**
     * Marks as started every waiting entry that no earlier entry blocks (one pass, remembering the
     * tables taken by earlier entries); drops an empty queue.
     */
    private List<Entry<?>> startReady(GraphId graph, List<Entry<?>> queue) {
        List<Entry<?>> ready = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Entry<?> candidate : queue) {
            boolean blocked = candidate.tableKey == null ? !taken.isEmpty() : taken.contains(candidate.tableKey);
            if (!candidate.started && !blocked) {
                candidate.started = true;
                if (!candidate.patient()) {
                    waiting.merge(graph, -1, Integer::sum);
                }
                ready.add(candidate);
            }
            if (candidate.tableKey == null) {
                break; // work on the whole graph: nothing queued after it may start before it ends
            }
            taken.add(candidate.tableKey);
        }
        if (queue.isEmpty()) {
            queues.remove(graph);
        }
        if (waiting.getOrDefault(graph, 0) == 0) {
            waiting.remove(graph);
        }
        return ready;
    }

    private void dispatch(Entry<?> entry) {
        try {
            runner.execute(entry::run);
        } catch (RuntimeException rejected) {
            // Closed meanwhile: the work never ran.
            entry.future.completeExceptionally(
                    new StagingException(ErrorCode.SHUTTING_DOWN, "The server is shutting down; the operation did not run"));
            finished(entry);
        }
    }

    /** One queued operation: on a table ({@code tableKey}, lower case) or on the whole graph (null). */
    private final class Entry<T> {
        final GraphId graph;
        final String tableKey;
        final String busy;
        final Supplier<T> work;
        final Cancellation cancellation; // null: a call bounded by the wait
        final CompletableFuture<T> future = new CompletableFuture<>();
        boolean started; // guarded by TableLocks.this

        Entry(GraphId graph, String tableKey, String busy, Supplier<T> work, Cancellation cancellation) {
            this.graph = graph;
            this.tableKey = tableKey;
            this.busy = busy;
            this.work = work;
            this.cancellation = cancellation;
        }

        boolean patient() {
            return cancellation != null;
        }

        boolean conflictsWith(Entry<?> other) {
            return tableKey == null || other.tableKey == null || tableKey.equals(other.tableKey);
        }

        /** Runs the work (unless cancelled meanwhile), gives the turn up, then completes the future. */
        void run() {
            T result = null;
            Throwable failure = null;
            try {
                if (!future.isDone()) {
                    result = work.get();
                }
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                // Before completing: whoever sees the result may queue its next call at once.
                finished(this);
            }
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }
    }
}
