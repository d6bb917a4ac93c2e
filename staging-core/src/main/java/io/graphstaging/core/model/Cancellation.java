package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request to stop running work, given by whoever started it (a client that went away, a time
 * limit, a cancelled task, a shutdown) and honoured by the adapters doing the work: they
 * register what stops them (interrupting the engine, aborting a download) with
 * {@link #onCancel} and check {@link #throwIfCancelled()} between steps. Thread-safe; the first
 * reason given wins.
 */
public final class Cancellation {
    private final List<Runnable> actions = new ArrayList<>(); // guarded by this
    private String reason; // guarded by this
    private ErrorCode code; // guarded by this

    /** Something that stops the work, registered while the work runs. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Cancels: runs every registered action once. Later calls change nothing. */
    public void cancel(ErrorCode code, String reason) {
        List<Runnable> toRun;
        synchronized (this) {
            if (this.reason != null) {
                return;
            }
            this.reason = reason;
            this.code = code;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(Runnable::run);
    }

    public synchronized boolean isCancelled() {
        return reason != null;
    }

    /** Why the work was cancelled; empty while it was not. */
    public synchronized Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /**
     * Runs {@code action} when the work is cancelled (at once, on this thread, when it already
     * is). Close the registration when the step it stops is over.
     */
    public Registration onCancel(Runnable action) {
        synchronized (this) {
            if (reason == null) {
                actions.add(action);
                return () -> {
                    synchronized (Cancellation.this) {
                        actions.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> { };
    }

    /** @throws StagingException with the code and reason given to {@link #cancel} */
    public void throwIfCancelled() {
        StagingException failure;
        synchronized (this) {
            if (reason == null) {
                return;
            }
            failure = new StagingException(code, reason);
        }
        throw failure;
    }
}
