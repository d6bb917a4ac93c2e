package io.graphstaging.duckdb.pool;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import java.sql.Connection;
import java.time.Instant;

/**
 * A connection checked out of the pool by one caller. Closing it gives it back (or closes it
 * when it is broken or its database is being closed).
 */
public final class PooledConnection implements AutoCloseable {
    private final DuckDbConnectionPool pool;
    private final GraphDatabase database;
    private final Connection connection;
    private final Instant createdAt;
    private boolean returned;
    private boolean discarded;

    PooledConnection(DuckDbConnectionPool pool, GraphDatabase database, Connection connection, Instant createdAt) {
        this.pool = pool;
        this.database = database;
        this.connection = connection;
        this.createdAt = createdAt;
    }

    public Connection connection() {
        return connection;
    }

    public GraphId graph() {
        return database.graph();
    }

    /**
     * Closes this connection when it is given back instead of keeping it: it saw a failure inside
     * a transaction, and its state (or the driver's idea of it) can no longer be trusted.
     */
    public void discard() {
        discarded = true;
    }

    /**
     * Discards this connection and the graph's database instance: the engine invalidated it
     * after a fatal error. The next checkout opens the file again.
     */
    public void discardDatabase() {
        discarded = true;
        database.invalidate();
    }

    boolean discarded() {
        return discarded;
    }

    /**
     * Runs {@code interrupt} if the graph's database is closed while this connection is out (the
     * pool shuts down, the graph is removed), at once when it already is. A long statement
     * registers what stops it, so it cannot hold the graph; close the registration when the
     * statement is over.
     */
    public Cancellation.Registration onDatabaseClosing(Runnable interrupt) {
        return database.closing().onCancel(interrupt);
    }

    /**
     * Throws why the graph's database is being closed ({@code SHUTTING_DOWN}, or {@code CANCELLED}
     * when the graph was removed), if it is: what a statement stopped that way reports.
     */
    public void throwIfDatabaseClosing() {
        database.closing().throwIfCancelled();
    }

    Instant createdAt() {
        return createdAt;
    }

    GraphDatabase database() {
        return database;
    }

    @Override
    public void close() {
        if (!returned) {
            returned = true;
            pool.release(this);
        }
    }
}
