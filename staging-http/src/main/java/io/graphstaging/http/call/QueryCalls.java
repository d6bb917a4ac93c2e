package io.graphstaging.http.call;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs query calls off the web server's threads, so that calls waiting for a busy graph (its
 * connections all taken by long queries) never use up the threads other graphs need. Each call
 * gets a {@link Cancellation}, cancelled when its client goes away ({@link ClientWatch}) or when
 * a stopping server gives up waiting ({@link #cancelAll}). A graph that already has
 * {@code maxCallsPerGraph} query calls in progress refuses the next with
 * {@code TOO_MANY_WAITING_CALLS} at once.
 */
public final class QueryCalls implements AutoCloseable {
    private final ClientWatch clients;
    private final int maxCallsPerGraph;
    private final ExecutorService executor;
    private final Map<GraphId, Integer> inProgress = new HashMap<>(); // guarded by this
    private final Set<Cancellation> running = ConcurrentHashMap.newKeySet();

    public QueryCalls(ClientWatch clients, int maxCallsPerGraph) {
        this.clients = clients;
        this.maxCallsPerGraph = maxCallsPerGraph;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "query-call-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs {@code call} on a thread of its own with a cancellation tied to the client of
     * {@code request}; the future completes when the call returns (exceptionally with what it threw).
     */
    public CompletableFuture<Void> submit(GraphId graph, HttpServletRequest request, Consumer<Cancellation> call) {
        admit(graph);
        Cancellation cancellation = new Cancellation();
        running.add(cancellation);
        ClientWatch.Registration watch = clients.watch(request,
                () -> cancellation.cancel(ErrorCode.CANCELLED, "The client went away; the query was stopped"));
        try {
            return CompletableFuture.runAsync(() -> call.accept(cancellation), executor)
                    .whenComplete((done, failure) -> ended(graph, cancellation, watch));
        } catch (RejectedExecutionException e) {
            ended(graph, cancellation, watch);
            throw new StagingException(ErrorCode.SHUTTING_DOWN, "The server is shutting down");
        }
    }

    /** Query calls in progress on the graph. */
    public synchronized int inProgress(GraphId graph) {
        return inProgress.getOrDefault(graph, 0);
    }

    /** Cancels every query still running (a stopping server whose grace period is over). */
    public int cancelAll(ErrorCode code, String reason) {
        int cancelled = 0;
        for (Cancellation c : running) {
            if (!c.isCancelled()) {
                c.cancel(code, reason);
                cancelled++;
            }
        }
        return cancelled;
    }

    private synchronized void admit(GraphId graph) {
        int now = inProgress.getOrDefault(graph, 0);
        if (now >= maxCallsPerGraph) {
            throw new StagingException(ErrorCode.TOO_MANY_WAITING_CALLS, "Graph " + graph + " already has " + now
                    + " queries in progress (STAGING_MAX_WAITING_CALLS); try again later");
        }
        inProgress.put(graph, now + 1);
    }

    private void ended(GraphId graph, Cancellation cancellation, ClientWatch.Registration watch) {
        watch.close();
        running.remove(cancellation);
        synchronized (this) {
            inProgress.computeIfPresent(graph, (g, n) -> n > 1 ? n - 1 : null);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
