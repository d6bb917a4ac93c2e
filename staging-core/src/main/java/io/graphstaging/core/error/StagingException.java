package io.graphstaging.core.error;

import java.util.Objects;

/**
 * The one exception type that crosses a port. Adapters translate vendor exceptions into it
 * at their boundary; only the HTTP edge turns its {@link ErrorCode} into a status.
 *
 * <p>The message is shown to clients: it says what was wrong and with which input, and never
 * carries a secret or a stack trace.
 */
public final class StagingException extends RuntimeException {
    private final ErrorCode code;

    public StagingException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public StagingException(ErrorCode code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorCategory category() {
        return code.category();
    }
}
