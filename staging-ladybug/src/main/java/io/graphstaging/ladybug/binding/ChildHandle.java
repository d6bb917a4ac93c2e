package io.graphstaging.ladybug.binding;

import java.util.function.LongConsumer;

/**
 * The native handle of something a {@link Connection} owns (a query result, a prepared
 * statement): used under the connection's lock, freed once, by its owner's close or with the
 * connection; a freed one refuses use.
 */
final class ChildHandle {
    private final Connection connection;
    private final String what;
    private final LongConsumer free;
    private long handle;

    /**
     * @param what what the handle is, for the message of a use after close ({@code "Query result"})
     * @param free the native function that frees it
     */
    ChildHandle(Connection connection, String what, long handle, LongConsumer free) {
        this.connection = connection;
        this.what = what;
        this.handle = handle;
        this.free = free;
    }

    /** The handle; the caller holds the connection's lock. */
    long live() {
        if (handle == 0) {
            throw new LadybugException(what + " is closed");
        }
        return handle;
    }

    /** Frees the handle, unless it was freed already, and stops the connection tracking {@code owner}. */
    void close(AutoCloseable owner) {
        synchronized (connection) {
            if (handle == 0) {
                return;
            }
            long h = handle;
            handle = 0;
            connection.forget(owner);
            free.accept(h);
        }
    }
}
