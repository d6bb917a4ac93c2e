package io.graphstaging.core.task;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.Objects;

/** Why a task failed: the error a synchronous call would have answered with. */
public record TaskError(ErrorCode code, String detail) {
    public TaskError {
        Objects.requireNonNull(code, "code");
        if (detail == null || detail.isBlank()) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER, "A task error needs a detail");
        }
    }

    /** What a task that lost its owner fails with. */
    public static TaskError interrupted() {
        return new TaskError(ErrorCode.INTERRUPTED, "The task was interrupted: the process holding it stopped renewing "
                + "its lease before the task finished (it ended, or lost the registry). Run the request again.");
    }

    public static TaskError of(StagingException failure) {
        return new TaskError(failure.code(), failure.getMessage());
    }
}
