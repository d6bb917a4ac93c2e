package io.graphstaging.http.metrics;

import io.graphstaging.core.task.Task;
import io.graphstaging.core.task.TaskObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * Ended tasks of this process on {@code /metrics}: counted by type and status, and how long they
 * took from the request and from their start (histograms). Unfinished ones are
 * {@link ServerMetrics}' gauges.
 */
public final class TaskMetrics implements TaskObserver {
    private final PrometheusMeterRegistry registry;

    public TaskMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void ended(Task task) {
        String type = task.type().wireName();
        String status = task.status().wireName();
        Counter.builder("staging.tasks.ended").tag("type", type).tag("status", status)
                .description("Tasks of this process that ended, by status").register(registry).increment();
        task.completedAt().ifPresent(end -> {
            Timer.builder("staging.tasks.duration").tag("type", type).tag("status", status)
                    .description("From the request to the task's end (time queued included)")
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(Duration.between(task.createdAt(), end));
            task.startedAt().ifPresent(start -> Timer.builder("staging.tasks.running.duration").tag("type", type)
                    .tag("status", status).description("From the task's start to its end")
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(Duration.between(start, end)));
        });
    }
}
