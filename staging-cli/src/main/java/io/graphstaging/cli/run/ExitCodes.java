package io.graphstaging.cli.run;

import io.graphstaging.bootstrap.DataDirectoryInUseException;
import io.graphstaging.core.config.InvalidConfigurationException;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;

/** The command line's exit codes, the one table from a failure to a code that scripts can use. */
public final class ExitCodes {
    /** Done. */
    public static final int DONE = 0;
    /** A usage or input error: fixing the command or its input helps. */
    public static final int USAGE_OR_INPUT = 1;
    /** Bad configuration, or data directories held by another process. */
    public static final int CONFIGURATION = 2;
    /** Done, but the graph rejected rows (materialize with --ignore-errors). */
    public static final int REJECTED_ROWS = 3;
    /** A dependency failed: the object store or the registry. */
    public static final int DEPENDENCY = 4;
    /** The platform failed or hit a limit (memory budget, full disk, time limit): retry or raise the limit. */
    public static final int PLATFORM = 5;
    /** Interrupted (Ctrl-C): the table and graph are as before. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}

    /** The exit code for a failure that ended a command. */
    public static int of(Throwable failure) {
        Throwable cause = rootStagingCause(failure);
        if (cause instanceof InvalidConfigurationException || cause instanceof DataDirectoryInUseException) {
            return CONFIGURATION;
        }
        if (cause instanceof StagingException staging) {
            return of(staging.code());
        }
        return PLATFORM;
    }

    /** The exit code for a failure's code. */
    public static int of(ErrorCode code) {
        if (code == ErrorCode.CANCELLED) {
            return INTERRUPTED;
        }
        return switch (code.category()) {
            case USER, NOT_FOUND, FORBIDDEN, CONFLICT -> USAGE_OR_INPUT;
            case EXTERNAL -> DEPENDENCY;
            case UNAVAILABLE, INTERNAL -> PLATFORM;
        };
    }

    /** The failure itself or the first cause that says what went wrong (Guice wraps start-up failures). */
    static Throwable rootStagingCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StagingException || t instanceof InvalidConfigurationException
                    || t instanceof DataDirectoryInUseException) {
                return t;
            }
        }
        return failure;
    }

    /** What to print for a failure: its message, never a stack trace. */
    public static String message(Throwable failure) {
        Throwable cause = rootStagingCause(failure);
        String message = cause.getMessage();
        if (cause instanceof StagingException staging) {
            return staging.code().code() + ": " + message;
        }
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
