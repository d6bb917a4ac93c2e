package io.graphstaging.core.task;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.regex.Pattern;

/**
 * The process that holds a task (queued it, or runs it), e.g. {@code host-1234-9f3a}: unique
 * per process run, so that a restarted process never mistakes its predecessor's tasks for its own.
 */
public record TaskOwner(String value) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    public TaskOwner {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER,
                    "Invalid task owner: 1 to 128 letters, digits and . _ : @ - expected.");
        }
    }

    public static TaskOwner of(String value) {
        return new TaskOwner(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
