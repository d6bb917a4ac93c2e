package io.graphstaging.core.task;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * How far a task's current phase has gone: {@code done} of {@code total} (empty while not known,
 * e.g. while listing) in {@code unit}. The phase is a short lowercase word ({@code fetching},
 * {@code staging}, {@code loading}), named by whoever reports it.
 */
public record TaskProgress(String phase, long done, OptionalLong total, ProgressUnit unit) {
    private static final Pattern PHASE = Pattern.compile("[a-z][a-z_]{0,63}");

    public TaskProgress {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(total, "total");
        if (phase == null || !PHASE.matcher(phase).matches()) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER,
                    "Invalid progress phase: 1 to 64 lowercase letters and underscores expected.");
        }
        if (done < 0 || (total.isPresent() && total.getAsLong() < 0)) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER,
                    "Progress counts are never negative (done " + done + ", total " + total + ")");
        }
    }

    public static TaskProgress of(String phase, long done, long total, ProgressUnit unit) {
        return new TaskProgress(phase, done, OptionalLong.of(total), unit);
    }

    /** {@code done} of {@code total} in whole percent, 0 to 100; 0 while the total is not known. */
    public int percent() {
        if (total.isEmpty() || total.getAsLong() == 0) {
            return 0;
        }
        return (int) Math.min(100, done * 100 / total.getAsLong());
    }
}
