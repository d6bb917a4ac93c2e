package io.graphstaging.core.task;

/**
 * Where a task stands. A task starts {@code pending}, becomes {@code running} when its owner
 * starts it, and ends {@code completed}, {@code failed} or {@code cancelled}; an ended task never
 * changes again.
 */
public enum TaskStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED;

    /** Whether the task has ended. */
    public boolean finished() {
        return this != PENDING && this != RUNNING;
    }

    public String wireName() {
        return WireNames.of(this);
    }

    /** @throws io.graphstaging.core.error.StagingException {@code INVALID_PARAMETER} */
    public static TaskStatus fromWire(String value) {
        return WireNames.parse(values(), value, "task status");
    }
}
