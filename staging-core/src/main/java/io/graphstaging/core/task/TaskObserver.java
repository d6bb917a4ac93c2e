package io.graphstaging.core.task;

/** Told when a task this process ran has ended (metrics, logs). Returns quickly, never throws. */
@FunctionalInterface
public interface TaskObserver {
    TaskObserver NONE = task -> { };

    /** The task as it ended: {@code completed}, {@code failed} or {@code cancelled}. */
    void ended(Task task);
}
