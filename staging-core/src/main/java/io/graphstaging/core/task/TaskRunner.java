package io.graphstaging.core.task;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs long work as tasks of this process: records each in the {@link TaskStore} (refusing past
 * the graph's queue limit), hands the work a {@link Cancellation} and a {@link ProgressListener},
 * and writes down what becomes of it. The work queues itself where it must (the table's queue),
 * so tasks and synchronous calls share one order.
 *
 * <p>A task is {@code running} from the work's first progress report (the use cases report as
 * their turn begins). Its last position is written every {@code progressInterval}, repeated when
 * nothing newer came, so a watcher sees a report at least that often. Each write, and a renewal
 * of every lease every third of the term, tells whether someone asked for a cancel (the work is
 * then cancelled and the task ends {@code cancelled}) or the task was lost (the lease ran out:
 * the work is stopped). At start and every term, dead owners' tasks are failed as
 * {@code interrupted} ({@link TaskStore#expireLeases}). Closing fails this process's unfinished
 * tasks as {@code interrupted} after stopping their work.
 *
 * <p>From submission to its end a task holds its graph ({@link GraphHold}: in a cluster, the
 * graph's write lease is kept however long the task waits or runs); a hold lost cancels the work.
 *
 * <p>A watcher of a task this process runs ({@link #watch}) is told the task each time the runner
 * records it (started, a position written, ended), so it need not poll the store.
 */
public final class TaskRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final String SHUT_DOWN = "The server shut down before the task finished; run the request again.";

    /** The work a task runs: started once; completes with the synchronous answer as JSON text. */
    @FunctionalInterface
    public interface Work {
        CompletableFuture<String> start(Cancellation cancellation, ProgressListener progress);
    }

    private final TaskStore store;
    private final TaskRunnerConfig config;
    private final TaskLease lease;
    private final TaskObserver observer;
    private final GraphHold graphs;
    private final ScheduledExecutorService ticks;
    private final Map<TaskId, Run> runs = new ConcurrentHashMap<>();

    /** A runner whose tasks hold nothing on their graphs (a single node). */
    public TaskRunner(TaskStore store, TaskOwner owner, TaskRunnerConfig config, TaskObserver observer) {
        this(store, owner, config, observer, GraphHold.NONE);
    }

    /** Expires dead owners' leases at once, then starts renewing and writing progress. */
    public TaskRunner(TaskStore store, TaskOwner owner, TaskRunnerConfig config, TaskObserver observer,
                      GraphHold graphs) {
        this.store = store;
        this.config = config;
        this.lease = new TaskLease(owner, config.leaseTerm());
        this.observer = observer;
        this.graphs = graphs;
        expireDeadLeases();
        this.ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "task-runner-" + owner);
            thread.setDaemon(true);
            return thread;
        });
        long progressMs = config.progressInterval().toMillis();
        long renewMs = config.leaseTerm().toMillis() / 3;
        ticks.scheduleWithFixedDelay(guarded(this::writeProgress), progressMs, progressMs, TimeUnit.MILLISECONDS);
        ticks.scheduleWithFixedDelay(guarded(this::renewLeases), renewMs, renewMs, TimeUnit.MILLISECONDS);
        ticks.scheduleWithFixedDelay(guarded(this::expireDeadLeases), config.leaseTerm().toMillis(),
                config.leaseTerm().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The process holding this runner's tasks. */
    public TaskOwner owner() {
        return lease.owner();
    }

    /**
     * Records the task and starts its work.
     *
     * @return the task as recorded ({@code pending})
     * @throws StagingException {@code TASK_QUEUE_FULL} when the graph already has
     *         {@code maxQueuedTasks} queued tasks; {@code REGISTRY_FAILED}
     */
    public Task submit(NewTask task, Work work) {
        Task created = store.create(task, lease, config.maxQueuedTasks());
        Run run = new Run(created.id());
        runs.put(run.id, run);
        CompletableFuture<String> future;
        try {
            run.hold = graphs.hold(task.graph(), run.cancellation);
            future = work.start(run.cancellation, run::report);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        run.future.set(future.whenComplete((result, failure) -> finish(run, result, failure)));
        return created;
    }

    /**
     * Watches a task this process holds: {@code listener} gets the task as recorded each time the
     * runner writes it (started, each position, the end), on the runner's threads; it must return
     * quickly and not throw. A change recorded between the caller's last read of the store and
     * this call is not repeated: read the store once after watching.
     *
     * @return empty when this process does not hold the task (another process runs it, or it ended)
     */
    public Optional<TaskWatch> watch(TaskId id, Consumer<Task> listener) {
        Run run = runs.get(id);
        if (run == null) {
            return Optional.empty();
        }
        run.watchers.add(listener);
        return Optional.of(() -> run.watchers.remove(listener));
    }

    /**
     * Cancels a task, whichever process holds it: a pending one never runs, a running one is
     * stopped (here at once, elsewhere at its owner's next write). Waits a while for a task of
     * this process to end, so that the answer shows it ended.
     *
     * @return the task as it is now
     * @throws StagingException {@code TASK_NOT_FOUND}
     */
    public Task cancel(TaskId id) {
        Task requested = store.requestCancel(id);
        Run run = runs.get(id);
        if (run != null) {
            run.stop(ErrorCode.CANCELLED, "Task " + id + " was cancelled");
            run.awaitEnd(STOP_WAIT);
            return store.find(id).orElse(requested);
        }
        return requested;
    }

    /**
     * Cancels every queued and running task of the graph (those of this process are stopped and
     * waited for): what removing a graph does first.
     *
     * @return the tasks as the cancel left them
     */
    public List<Task> cancelGraph(GraphId graph) {
        List<Task> open = new ArrayList<>();
        for (TaskStatus status : List.of(TaskStatus.PENDING, TaskStatus.RUNNING)) {
            open.addAll(store.list(TaskQuery.newest(TaskQuery.MAX_LIMIT).withStatus(status).withGraph(graph)));
        }
        List<Task> cancelled = new ArrayList<>();
        List<Run> stopping = new ArrayList<>();
        for (Task task : open) {
            cancelled.add(store.requestCancel(task.id()));
            Run run = runs.get(task.id());
            if (run != null) {
                run.stop(ErrorCode.CANCELLED, "Task " + task.id() + " was cancelled: graph " + graph + " is being removed");
                stopping.add(run);
            }
        }
        stopping.forEach(run -> run.awaitEnd(STOP_WAIT));
        return cancelled.stream().map(t -> store.find(t.id()).orElse(t)).toList();
    }

    /** This process's unfinished tasks, by status ({@code pending} and {@code running}). */
    public Map<TaskStatus, Integer> unfinished() {
        Map<TaskStatus, Integer> counts = new EnumMap<>(TaskStatus.class);
        counts.put(TaskStatus.PENDING, 0);
        counts.put(TaskStatus.RUNNING, 0);
        runs.values().forEach(run -> counts.merge(run.started.get() ? TaskStatus.RUNNING : TaskStatus.PENDING, 1,
                Integer::sum));
        return counts;
    }

    /**
     * Stops this process's tasks; each ends {@code failed / interrupted}, as do tasks whose queue
     * was closed before their turn ({@code SHUTTING_DOWN}).
     */
    @Override
    public void close() {
        ticks.shutdownNow();
        List<Run> open = List.copyOf(runs.values());
        open.forEach(run -> run.stop(ErrorCode.INTERRUPTED, SHUT_DOWN));
        open.forEach(run -> run.awaitEnd(STOP_WAIT));
    }

    private void finish(Run run, String result, Throwable failure) {
        runs.remove(run.id);
        run.releaseHold();
        Optional<Task> ended;
        try {
            if (failure == null) {
                run.startOnce();
                ended = store.complete(run.id, lease.owner(), result);
            } else {
                StagingException error = asStagingException(failure);
                if (error.code() == ErrorCode.CANCELLED && run.cancellation.isCancelled()) {
                    ended = store.cancel(run.id, lease.owner());
                } else if (error.code() == ErrorCode.SHUTTING_DOWN) {
                    // The queues closed before the task's turn: like any task its process stopped.
                    ended = store.fail(run.id, lease.owner(), new TaskError(ErrorCode.INTERRUPTED, SHUT_DOWN));
                } else {
                    ended = store.fail(run.id, lease.owner(), TaskError.of(error));
                }
            }
        } catch (StagingException e) {
            LOG.error("Task {} ended but could not be recorded ({}); its lease will run out and it will read as "
                    + "interrupted", run.id, e.getMessage());
            return;
        }
        // Empty: the task had already ended (cancelled while queued, or expired) and stays as it is.
        Optional<Task> end = ended.isPresent() ? ended : store.find(run.id);
        end.ifPresent(observer::ended);
        end.ifPresent(run::recorded);
    }

    private static StagingException asStagingException(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof StagingException staging) {
            return staging;
        }
        if (cause instanceof java.util.concurrent.CancellationException) {
            return new StagingException(ErrorCode.CANCELLED, "The task was cancelled before it ran", cause);
        }
        LOG.error("Task failed unexpectedly", cause);
        return new StagingException(ErrorCode.INTERNAL, "The task failed unexpectedly", cause);
    }

    /** Writes each running task's last position; the answer tells of a cancel or a lost task. */
    private void writeProgress() {
        for (Run run : runs.values()) {
            TaskProgress last = run.latest.get();
            if (run.running && last != null) {
                Optional<Task> written = store.reportProgress(run.id, lease.owner(), last);
                written.ifPresent(run::recorded);
                heed(run, written);
            }
        }
    }

    private void renewLeases() {
        Set<TaskId> held = new HashSet<>();
        for (Task task : store.renewLeases(lease)) {
            held.add(task.id());
            Run run = runs.get(task.id());
            if (run != null) {
                heed(run, Optional.of(task));
            }
        }
        for (Run run : runs.values()) {
            if (!held.contains(run.id)) {
                heed(run, Optional.empty());
            }
        }
    }

    /** Stops the work of a task someone cancelled, or that this process no longer holds. */
    private void heed(Run run, Optional<Task> task) {
        if (task.isPresent()) {
            if (task.get().cancelRequested()) {
                run.stop(ErrorCode.CANCELLED, "Task " + run.id + " was cancelled");
            }
            return;
        }
        if (run.future.get() == null || run.future.get().isDone()) {
            return; // ended meanwhile: nothing to stop
        }
        Optional<Task> now = store.find(run.id);
        if (now.isPresent() && now.get().status() == TaskStatus.CANCELLED) {
            run.stop(ErrorCode.CANCELLED, "Task " + run.id + " was cancelled");
        } else {
            run.stop(ErrorCode.INTERRUPTED, TaskError.interrupted().detail());
        }
    }

    private void expireDeadLeases() {
        List<Task> expired = store.expireLeases();
        if (!expired.isEmpty()) {
            LOG.warn("Failed {} tasks as interrupted: their owners stopped renewing their leases ({})", expired.size(),
                    expired.stream().map(t -> t.id().toString()).toList());
        }
    }

    /** A scheduled step that logs a failure instead of ending the schedule (the next tick tries again). */
    private static Runnable guarded(Runnable step) {
        return () -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.warn("Task bookkeeping failed, retrying at the next tick: {}", e.getMessage());
            }
        };
    }

    /** One task of this process while its work is queued or running. */
    private final class Run {
        final TaskId id;
        final Cancellation cancellation = new Cancellation();
        final AtomicReference<TaskProgress> latest = new AtomicReference<>();
        final AtomicBoolean started = new AtomicBoolean();
        volatile boolean running; // the store has it running: progress may be written
        private volatile String writtenPhase;
        final AtomicReference<CompletableFuture<String>> future = new AtomicReference<>();
        final Set<Consumer<Task>> watchers = ConcurrentHashMap.newKeySet();
        volatile Cancellation.Registration hold; // the graph's, from submission to the end

        Run(TaskId id) {
            this.id = id;
        }

        void releaseHold() {
            Cancellation.Registration held = hold;
            if (held != null) {
                held.close();
            }
        }

        /** Tells the watchers the task as the store now has it. */
        void recorded(Task task) {
            for (Consumer<Task> watcher : watchers) {
                try {
                    watcher.accept(task);
                } catch (RuntimeException e) {
                    LOG.warn("A watcher of task {} failed: {}", id, e.getMessage());
                }
            }
        }

        /**
         * The progress listener handed to the work: keeps the latest, starts the task on the
         * first, and has a new phase written at once, on the runner's thread (a watcher sees each
         * step as it begins, not up to an interval later); positions within a phase wait for the
         * next tick.
         */
        void report(TaskProgress progress) {
            latest.set(progress);
            if (!started.get()) {
                startOnce();
                writeSoon(progress);
            } else if (!progress.phase().equals(writtenPhase)) {
                writeSoon(progress);
            }
        }

        void startOnce() {
            if (started.compareAndSet(false, true)) {
                try {
                    Optional<Task> started = store.start(id, lease);
                    if (started.isPresent()) {
                        running = true;
                        recorded(started.get());
                    } else {
                        heed(this, Optional.empty());
                    }
                } catch (StagingException e) {
                    stop(e.code(), "Task " + id + " could not be started: " + e.getMessage());
                }
            }
        }

        /** Writes on the runner's own thread: the work does not wait for the registry. */
        private void writeSoon(TaskProgress progress) {
            if (!running) {
                return;
            }
            writtenPhase = progress.phase();
            try {
                ticks.execute(guarded(() -> writeNow(progress)));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Closing: the task is about to end as interrupted, its position no longer matters.
            }
        }

        private void writeNow(TaskProgress progress) {
            if (!running) {
                return;
            }
            try {
                Optional<Task> written = store.reportProgress(id, lease.owner(), progress);
                written.ifPresent(this::recorded);
                heed(this, written);
            } catch (StagingException e) {
                LOG.warn("Progress of task {} not written: {}", id, e.getMessage());
            }
        }

        void stop(ErrorCode code, String reason) {
            cancellation.cancel(code, reason);
        }

        void awaitEnd(Duration wait) {
            CompletableFuture<String> running = future.get();
            if (running == null) {
                return;
            }
            try {
                running.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // The task's own end, recorded by finish.
            } catch (TimeoutException e) {
                LOG.warn("Task {} did not stop within {}", id, wait);
            }
        }
    }
}
