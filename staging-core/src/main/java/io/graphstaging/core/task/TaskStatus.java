package io.graphstaging.core.task;

import io.graphstaging.core.model.WireName;

/**
 * Where a task stands. A task starts {@code pending}, becomes {@code running} when its owner
 * starts it, and ends {@code completed}, {@code failed} or {@code cancelled}; an ended task never
 * changes again.
 */
public enum TaskStatus implements WireName {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED;

    /** Whether the task has ended. */
    public boolean finished() {
        return this != PENDING && this != RUNNING;
    }
}
