package io.graphstaging.core.task;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.time.Duration;
import java.util.Objects;

/**
 * An owner's hold on its tasks for a term: a task's lease ends {@code term} after it was last
 * taken or renewed, on the store's clock, unless renewed before. At least a second (the store
 * counts whole milliseconds).
 */
public record TaskLease(TaskOwner owner, Duration term) {
    public TaskLease {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(term, "term");
        if (term.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER,
                    "A task lease lasts at least a second, not " + term);
        }
    }
}
