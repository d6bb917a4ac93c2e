package io.graphstaging.core.task;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.regex.Pattern;

/**
 * A task's id: {@code task_} and 26 lowercase letters and digits that sort in creation order
 * (the store makes them). Valid by construction, so an id taken from a request is safe to log.
 */
public record TaskId(String value) {
    private static final Pattern FORM = Pattern.compile("task_[0-9a-z]{26}");

    public TaskId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER,
                    "Invalid task id: a task id is task_ followed by 26 lowercase letters and digits.");
        }
    }

    public static TaskId of(String value) {
        return new TaskId(value);
    }

    /** The failure for a store that has no task with this id. */
    public StagingException notFound() {
        return new StagingException(ErrorCode.TASK_NOT_FOUND, "No task has the id " + value);
    }

    @Override
    public String toString() {
        return value;
    }
}
