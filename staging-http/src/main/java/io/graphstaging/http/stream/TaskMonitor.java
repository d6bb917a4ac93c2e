package io.graphstaging.http.stream;

import io.graphstaging.core.task.Task;
import io.graphstaging.core.task.TaskStatus;
import io.graphstaging.core.task.TaskStore;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /tasks/{id}/monitor}: a task watched as Server-Sent Events. {@code connected} with
 * the task, then {@code progress} with the task at every poll while it has not ended (so a
 * watcher gets a report at least every {@code poll}, whichever process runs the task: the store is
 * read, not this process's memory), {@code heartbeat} every {@code heartbeat}, and at the end one
 * {@code completed}, {@code failed} or {@code cancelled} with the task, after which the stream
 * closes. One thread polls for every watcher; a watcher holds no request thread.
 */
public final class TaskMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskMonitor.class);
    private static final Map<TaskStatus, String> END_EVENTS = Map.of(
            TaskStatus.COMPLETED, "completed", TaskStatus.FAILED, "failed", TaskStatus.CANCELLED, "cancelled");

    private final TaskStore store;
    private final Function<Task, String> view;
    private final Duration poll;
    private final Duration heartbeat;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "task-monitor");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param view the task as JSON text, as {@code GET /tasks/{id}} shows it
     */
    public TaskMonitor(TaskStore store, Function<Task, String> view, Duration poll, Duration heartbeat) {
        this.store = store;
        this.view = view;
        this.poll = poll;
        this.heartbeat = heartbeat;
    }

    /** Streams the task (found, so the route answered 404 for an unknown id before streaming). */
    public void watch(SseClient client, Task task) {
        client.keepAlive();
        client.sendEvent("connected", view.apply(task));
        if (ended(client, task)) {
            return;
        }
        AtomicReference<ScheduledFuture<?>> schedule = new AtomicReference<>();
        AtomicReference<Instant> lastBeat = new AtomicReference<>(Instant.now());
        Runnable step = () -> {
            try {
                Task now = store.find(task.id()).orElseThrow(task.id()::notFound);
                if (client.terminated() || ended(client, now)) {
                    schedule.get().cancel(false);
                    return;
                }
                client.sendEvent("progress", view.apply(now));
                if (Duration.between(lastBeat.get(), Instant.now()).compareTo(heartbeat) >= 0) {
                    lastBeat.set(Instant.now());
                    client.sendEvent("heartbeat", "{\"time\":\"" + Instant.now() + "\"}");
                }
            } catch (RuntimeException e) {
                LOG.warn("Monitor of task {} stopped: {}", task.id(), e.getMessage());
                client.sendEvent("error", "{\"detail\":\"The task could not be read; reconnect to go on watching\","
                        + "\"code\":\"registry_failed\"}");
                client.close();
                schedule.get().cancel(false);
            }
        };
        schedule.set(ticks.scheduleWithFixedDelay(step, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS));
        client.onClose(() -> schedule.get().cancel(false));
    }

    /** Sends the end event and closes when the task has ended. */
    private boolean ended(SseClient client, Task task) {
        String event = END_EVENTS.get(task.status());
        if (event == null) {
            return false;
        }
        client.sendEvent(event, view.apply(task));
        client.close();
        return true;
    }

    /** Stops polling; open streams end when the server stops. */
    @Override
    public void close() {
        ticks.shutdownNow();
    }
}
