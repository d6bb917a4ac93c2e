package io.graphstaging.core.limit;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The server's budget of query threads ({@code STAGING_QUERY_THREADS}): a running query holds
 * one permit. One graph holds at most half of them (at least one), so runaway queries on one
 * graph leave the other half to every other graph. Waiting queries are served first come,
 * first served among those whose graph is under its share; a wait ends when the query's
 * {@link Cancellation} is cancelled (its time limit, its client gone).
 *
 * <p>Thread-safe.
 */
public final class QueryThreads {
    private final int total;
    private final int perGraph;
    private final List<Waiter> waiting = new ArrayList<>(); // guarded by this, oldest first
    private final Map<GraphId, Integer> runningPerGraph = new HashMap<>(); // guarded by this
    private int running; // guarded by this

    private static final class Waiter {
        final GraphId graph;
        boolean granted;

        Waiter(GraphId graph) {
            this.graph = graph;
        }
    }

    public QueryThreads(int total) {
        if (total < 1) {
            throw new IllegalArgumentException("The query thread budget must be positive, was " + total);
        }
        this.total = total;
        this.perGraph = Math.max(1, total / 2);
    }

    /** How many permits one graph may hold at once. */
    public int perGraph() {
        return perGraph;
    }

    /**
     * Waits for a permit for a query on {@code graph}.
     *
     * @throws StagingException with the cancellation's code when it is cancelled while waiting;
     *         {@code SHUTTING_DOWN} when the thread is interrupted
     */
    public Permit acquire(GraphId graph, Cancellation cancellation) {
        Waiter waiter = new Waiter(graph);
        synchronized (this) {
            waiting.add(waiter);
            grant();
            if (waiter.granted) {
                return new Permit(graph);
            }
        }
        try (Cancellation.Registration wake = cancellation.onCancel(this::wakeAll)) {
            synchronized (this) {
                while (!waiter.granted) {
                    if (cancellation.isCancelled()) {
                        waiting.remove(waiter);
                        cancellation.throwIfCancelled();
                    }
                    wait();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (this) {
                if (!waiter.granted) {
                    waiting.remove(waiter);
                    throw new StagingException(ErrorCode.SHUTTING_DOWN, "Interrupted while waiting to run a query on graph "
                            + graph, e);
                }
            }
        }
        return new Permit(graph);
    }

    /** Permits held by running queries, in all and of one graph. */
    public synchronized int running() {
        return running;
    }

    public synchronized int running(GraphId graph) {
        return runningPerGraph.getOrDefault(graph, 0);
    }

    private synchronized void wakeAll() {
        notifyAll();
    }

    /** Hands free permits to the oldest waiters whose graph is under its share. */
    private void grant() {
        boolean any = false;
        for (Iterator<Waiter> it = waiting.iterator(); it.hasNext() && running < total; ) {
            Waiter w = it.next();
            if (runningPerGraph.getOrDefault(w.graph, 0) < perGraph) {
                it.remove();
                w.granted = true;
                running++;
                runningPerGraph.merge(w.graph, 1, Integer::sum);
                any = true;
            }
        }
        if (any) {
            notifyAll();
        }
    }

    private synchronized void release(GraphId graph) {
        running--;
        if (runningPerGraph.merge(graph, -1, Integer::sum) == 0) {
            runningPerGraph.remove(graph);
        }
        grant();
    }

    /** A held permit; closing it (once) lets the next query run. */
    public final class Permit implements AutoCloseable {
        private final GraphId graph;
        private boolean released; // guarded by QueryThreads.this

        private Permit(GraphId graph) {
            this.graph = graph;
        }

        @Override
        public void close() {
            synchronized (QueryThreads.this) {
                if (!released) {
                    released = true;
                    release(graph);
                }
            }
        }
    }
}
