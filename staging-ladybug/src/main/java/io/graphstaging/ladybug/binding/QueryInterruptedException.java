package io.graphstaging.ladybug.binding;

/**
 * A query stopped before it finished: by {@link Connection#interrupt()} or by the connection's
 * {@linkplain Connection#setQueryTimeout time limit}. The connection stays usable.
 */
public final class QueryInterruptedException extends LadybugException {
    private final boolean timedOut;

    QueryInterruptedException(boolean timedOut, String cypher) {
        super((timedOut ? "Query exceeded its time limit: " : "Query was interrupted: ") + cypher);
        this.timedOut = timedOut;
    }

    /** True when the time limit stopped it, false when {@link Connection#interrupt()} did. */
    public boolean timedOut() {
        return timedOut;
    }
}
