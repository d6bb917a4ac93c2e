package io.graphstaging.http.stream;

import io.graphstaging.core.task.Task;
import io.graphstaging.core.task.TaskRunner;
import io.graphstaging.core.task.TaskStatus;
import io.graphstaging.core.task.TaskStore;
import io.graphstaging.core.task.TaskWatch;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /tasks/{id}/monitor}: a task watched as Server-Sent Events. {@code connected} with
 * the task, then {@code progress} with the task while it has not ended, {@code heartbeat} every
 * {@code heartbeat}, and at the end one {@code completed}, {@code failed} or {@code cancelled}
 * with the task, after which the stream closes.
 *
 * <p>A task this process runs is followed through the {@link TaskRunner}: each time the runner
 * records it (started, a position, the end) the watcher is sent it at once, so the end reaches
 * the watcher as soon as it is written instead of at the next poll. Between those, the last task
 * seen is repeated every {@code poll} (a report at least that often, a queued task included) and
 * the store is read once per heartbeat as a safety net. A task another process runs (a shared
 * registry) is read from the store every {@code poll}. All sends happen on one thread; a watcher
 * holds no request thread.
 */
public final class TaskMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskMonitor.class);
    private static final Map<TaskStatus, String> END_EVENTS = Map.of(
            TaskStatus.COMPLETED, "completed", TaskStatus.FAILED, "failed", TaskStatus.CANCELLED, "cancelled");

    private final TaskStore store;
    private final TaskRunner runner;
    private final Function<Task, String> view;
    private final Duration poll;
    private final Duration heartbeat;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "task-monitor");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param runner this process's tasks, watched without polling
     * @param view the task as JSON text, as {@code GET /tasks/{id}} shows it
     */
    public TaskMonitor(TaskStore store, TaskRunner runner, Function<Task, String> view, Duration poll,
            Duration heartbeat) {
        this.store = store;
        this.runner = runner;
        this.view = view;
        this.poll = poll;
        this.heartbeat = heartbeat;
    }

    /** Streams the task (found, so the route answered 404 for an unknown id before streaming). */
    public void watch(SseClient client, Task task) {
        client.keepAlive();
        client.sendEvent("connected", view.apply(task));
        if (END_EVENTS.containsKey(task.status())) {
            end(client, task);
            return;
        }
        Watcher watcher = new Watcher(client, task);
        Optional<TaskWatch> local = runner.watch(task.id(), seen -> onTicks(() -> watcher.seen(seen)));
        watcher.start(local);
        client.onClose(() -> onTicks(watcher::stop));
    }

    /** Stops the watchers' thread; open streams end when the server stops. */
    @Override
    public void close() {
        ticks.shutdownNow();
    }

    private void onTicks(Runnable step) {
        try {
            ticks.execute(step);
        } catch (RejectedExecutionException e) {
            // Closing: the streams end with the server.
        }
    }

    private void end(SseClient client, Task task) {
        client.sendEvent(END_EVENTS.get(task.status()), view.apply(task));
        client.close();
    }

    /** One stream's state, touched only on the monitor's thread. */
    private final class Watcher {
        private final SseClient client;
        private Task last;
        private Instant lastSent = Instant.now();
        private Instant lastBeat = Instant.now();
        private Instant lastRead = Instant.now();
        private Optional<TaskWatch> local = Optional.empty();
        private ScheduledFuture<?> schedule;
        private boolean done;

        Watcher(SseClient client, Task task) {
            this.client = client;
            this.last = task;
        }

        /** Schedules the ticks, then reads the store once: a change from before the watch began is not lost. */
        void start(Optional<TaskWatch> watch) {
            onTicks(() -> {
                local = watch;
                if (done) {
                    watch.ifPresent(TaskWatch::close);
                    return;
                }
                schedule = ticks.scheduleWithFixedDelay(this::tick, poll.toMillis(), poll.toMillis(),
                        TimeUnit.MILLISECONDS);
                if (local.isPresent()) {
                    read();
                }
            });
        }

        /** The runner recorded the task. */
        void seen(Task task) {
            if (done) {
                return;
            }
            last = task;
            send(task);
        }

        /** Every poll: the store for another process's task; the last one seen again for ours. */
        private void tick() {
            if (done) {
                return;
            }
            if (client.terminated()) {
                stop();
                return;
            }
            Instant now = Instant.now();
            if (local.isEmpty() || Duration.between(lastRead, now).compareTo(heartbeat) >= 0) {
                read();
            } else if (Duration.between(lastSent, now).compareTo(poll.dividedBy(2)) >= 0) {
                send(last);
            }
            if (!done && Duration.between(lastBeat, Instant.now()).compareTo(heartbeat) >= 0) {
                lastBeat = Instant.now();
                client.sendEvent("heartbeat", "{\"time\":\"" + Instant.now() + "\"}");
            }
        }

        private void read() {
            lastRead = Instant.now();
            try {
                last = store.find(last.id()).orElseThrow(last.id()::notFound);
            } catch (RuntimeException e) {
                LOG.warn("Monitor of task {} stopped: {}", last.id(), e.getMessage());
                client.sendEvent("error", "{\"detail\":\"The task could not be read; reconnect to go on watching\","
                        + "\"code\":\"registry_failed\"}");
                client.close();
                stop();
                return;
            }
            send(last);
        }

        private void send(Task task) {
            if (client.terminated()) {
                stop();
                return;
            }
            lastSent = Instant.now();
            if (END_EVENTS.containsKey(task.status())) {
                end(client, task);
                stop();
            } else {
                client.sendEvent("progress", view.apply(task));
            }
        }

        void stop() {
            done = true;
            if (schedule != null) {
                schedule.cancel(false);
            }
            local.ifPresent(TaskWatch::close);
        }
    }
}
