package io.graphstaging.bootstrap;

import io.graphstaging.core.config.Settings;
import io.graphstaging.core.task.TaskRunnerConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of the core's table queues ({@code TableLocks}): the one reader of these
 * variables, for the server (inside its {@code HttpConfig}), the command line and the library.
 *
 * @param lockWait        {@code STAGING_TABLE_LOCK_WAIT_MS} (30000): how long a call waits for its
 *                        turn on a table before {@code table_busy}
 * @param maxWaitingCalls {@code STAGING_MAX_WAITING_CALLS} (32): calls that may wait for their turn
 *                        on one graph; the next one is refused at once
 */
public record TableQueueConfig(Duration lockWait, int maxWaitingCalls) {
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_WAITING_CALLS = 32;

    public TableQueueConfig {
        Objects.requireNonNull(lockWait, "lockWait");
    }

    public static TableQueueConfig defaults() {
        return new TableQueueConfig(DEFAULT_LOCK_WAIT, DEFAULT_MAX_WAITING_CALLS);
    }

    /** Reads the settings; problems are collected in {@code settings}. */
    public static TableQueueConfig from(Settings settings) {
        return new TableQueueConfig(
                settings.duration("STAGING_TABLE_LOCK_WAIT_MS", DEFAULT_LOCK_WAIT, Duration.ZERO, Duration.ofHours(1)),
                settings.integer("STAGING_MAX_WAITING_CALLS", DEFAULT_MAX_WAITING_CALLS, 0, 100_000));
    }

    /** The core's use cases with these queues (tasks at their defaults: only the server runs tasks). */
    public CoreModule coreModule() {
        return coreModule(TaskRunnerConfig.defaults());
    }

    /** The core's use cases with these queues and the server's task settings. */
    public CoreModule coreModule(TaskRunnerConfig tasks) {
        return new CoreModule(lockWait, maxWaitingCalls, tasks);
    }

    public TableQueueConfig withLockWait(Duration value) {
        return new TableQueueConfig(value, maxWaitingCalls);
    }

    public TableQueueConfig withMaxWaitingCalls(int value) {
        return new TableQueueConfig(lockWait, value);
    }
}
