package io.graphstaging.ladybug.binding;

import java.util.Map;

/** A prepared Cypher statement with {@code $name} parameters; a closed one refuses use. */
public final class PreparedStatement implements AutoCloseable {
    private final Connection connection;
    private long handle;

    PreparedStatement(Connection connection, long handle) {
        this.connection = connection;
        this.handle = handle;
    }

    /** Runs the statement with these parameter values; the result must be closed. */
    public QueryResult execute(Map<String, ?> parameters) {
        return connection.execute(this, parameters);
    }

    long live() {
        synchronized (connection) {
            if (handle == 0) {
                throw new LadybugException("Prepared statement is closed");
            }
            return handle;
        }
    }

    @Override
    public void close() {
        synchronized (connection) {
            if (handle == 0) {
                return;
            }
            long h = handle;
            handle = 0;
            connection.forget(this);
            LbugNative.closePrepared(h);
        }
    }
}
