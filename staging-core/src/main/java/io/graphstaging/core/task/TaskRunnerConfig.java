package io.graphstaging.core.task;

import io.graphstaging.core.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link TaskRunner} runs tasks.
 *
 * @param maxQueuedTasks   {@code STAGING_MAX_QUEUED_TASKS} (100): tasks that may wait per graph
 * @param leaseTerm        {@code STAGING_TASK_LEASE_SECONDS} (30): how long a task outlives its
 *                         process before any process may fail it as {@code interrupted}; renewed
 *                         every third of it
 * @param progressInterval how often a running task's last position is written (and repeated
 *                         while an engine step gives no finer one); 1 s keeps every gap between two
 *                         reports under the 2 s promised
 */
public record TaskRunnerConfig(int maxQueuedTasks, Duration leaseTerm, Duration progressInterval) {
    public static final int DEFAULT_MAX_QUEUED_TASKS = 100;
    public static final Duration DEFAULT_LEASE_TERM = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);

    public TaskRunnerConfig {
        Objects.requireNonNull(leaseTerm, "leaseTerm");
        Objects.requireNonNull(progressInterval, "progressInterval");
        if (maxQueuedTasks < 1 || leaseTerm.compareTo(Duration.ofSeconds(3)) < 0 || progressInterval.isNegative()
                || progressInterval.isZero()) {
            throw new IllegalArgumentException("A task queue holds at least one task, a lease lasts at least 3 s and "
                    + "progress is written at a positive interval");
        }
    }

    public static TaskRunnerConfig defaults() {
        return new TaskRunnerConfig(DEFAULT_MAX_QUEUED_TASKS, DEFAULT_LEASE_TERM, DEFAULT_PROGRESS_INTERVAL);
    }

    public static TaskRunnerConfig from(Settings settings) {
        return new TaskRunnerConfig(
                settings.integer("STAGING_MAX_QUEUED_TASKS", DEFAULT_MAX_QUEUED_TASKS, 1, 100_000),
                settings.duration("STAGING_TASK_LEASE_SECONDS", DEFAULT_LEASE_TERM, Duration.ofSeconds(3),
                        Duration.ofHours(1)),
                DEFAULT_PROGRESS_INTERVAL);
    }

    public TaskRunnerConfig withMaxQueuedTasks(int max) {
        return new TaskRunnerConfig(max, leaseTerm, progressInterval);
    }

    public TaskRunnerConfig withLeaseTerm(Duration term) {
        return new TaskRunnerConfig(maxQueuedTasks, term, progressInterval);
    }

    public TaskRunnerConfig withProgressInterval(Duration interval) {
        return new TaskRunnerConfig(maxQueuedTasks, leaseTerm, interval);
    }
}
