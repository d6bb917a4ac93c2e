package io.graphstaging.ladybug.binding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to a {@link Database}; runs one statement at a time (its methods, and those of
 * its results and prepared statements, are serialised on it), except {@link #interrupt()}, which
 * any thread may call while a query runs. Closing it closes its open results and prepared
 * statements; a closed connection refuses use.
 */
public final class Connection implements AutoCloseable {
    /** The engine's message for a query stopped by interrupt or time limit. */
    private static final String INTERRUPTED = "Interrupted.";
    /** At DEBUG, each statement with its time: where a materialize spends its time in the engine. */
    private static final Logger STATEMENTS = LoggerFactory.getLogger(Connection.class);

    private final Database database;
    private final List<AutoCloseable> children = new ArrayList<>();
    /** Guards the handle against being freed while {@link #interrupt()} uses it. */
    private final Object interruptLock = new Object();
    private long handle;
    private volatile boolean interruptRequested;
    private Duration queryTimeout = Duration.ZERO;

    Connection(Database database, long handle) {
        this.database = database;
        this.handle = handle;
    }

    /**
     * Runs Cypher; the result must be closed.
     *
     * @throws QueryInterruptedException when {@link #interrupt()} or the time limit stopped it
     */
    public synchronized QueryResult query(String cypher) {
        // Null must not reach JNI, where it would crash the JVM instead of throwing.
        Objects.requireNonNull(cypher, "cypher");
        long connection = live();
        long started = System.nanoTime();
        QueryResult result = track(new QueryResult(this, stoppable(cypher,
                () -> LbugNative.query(connection, NativeValues.utf8(cypher)))));
        if (STATEMENTS.isDebugEnabled()) {
            STATEMENTS.debug("{} ms: {}", (System.nanoTime() - started) / 1_000_000, cypher);
        }
        return result;
    }

    /**
     * Stops the query running on this connection, if any, from any thread; the query then throws
     * {@link QueryInterruptedException} and the connection stays usable. Does nothing on a closed
     * connection, and a call that comes before the query has started is lost (the engine clears
     * the request when a query starts): a caller that must stop a query calls again until it ends.
     */
    public void interrupt() {
        synchronized (interruptLock) {
            if (handle != 0) {
                interruptRequested = true;
                LbugNative.interrupt(handle);
            }
        }
    }

    /**
     * A time limit for each following query (whole milliseconds, rounded up); {@link Duration#ZERO}
     * for none, the default. A query over it throws {@link QueryInterruptedException} with
     * {@link QueryInterruptedException#timedOut()} true.
     */
    public synchronized void setQueryTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        long millis = timeout.isZero() ? 0 : Math.max(1, timeout.plusNanos(999_999).toMillis());
        LbugNative.setQueryTimeout(live(), millis);
        queryTimeout = timeout;
    }

    public synchronized Duration queryTimeout() {
        return queryTimeout;
    }

    /** Runs Cypher and closes its result: for DDL and updates. */
    public void execute(String cypher) {
        query(cypher).close();
    }

    public synchronized PreparedStatement prepare(String cypher) {
        Objects.requireNonNull(cypher, "cypher");
        return track(new PreparedStatement(this, cypher, LbugNative.prepare(live(), NativeValues.utf8(cypher))));
    }

    /** Values as {@link EngineParameter#of(String, Object)} takes them. */
    synchronized QueryResult execute(PreparedStatement statement, Map<String, ?> parameters) {
        byte[][] names = new byte[parameters.size()][];
        EngineParameter[] values = new EngineParameter[parameters.size()];
        int i = 0;
        for (Map.Entry<String, ?> parameter : parameters.entrySet()) {
            String name = Objects.requireNonNull(parameter.getKey(), "parameter name");
            names[i] = NativeValues.utf8(name);
            values[i++] = EngineParameter.of(name, parameter.getValue());
        }
        long connection = live();
        long prepared = statement.live();
        return track(new QueryResult(this, stoppable(statement.cypher(),
                () -> LbugNative.execute(connection, prepared, names, values))));
    }

    private long stoppable(String cypher, LongSupplier run) {
        interruptRequested = false;
        try {
            return run.getAsLong();
        } catch (LadybugException e) {
            if (INTERRUPTED.equals(e.getMessage())) {
                throw new QueryInterruptedException(!interruptRequested && !queryTimeout.isZero(), cypher);
            }
            throw e;
        }
    }

    /** A single-value query, e.g. {@code MATCH (n:T) RETURN count(n)}. */
    public long queryLong(String cypher) {
        try (QueryResult result = query(cypher)) {
            if (!result.hasNext()) {
                throw new LadybugException("Query returned no row: " + cypher);
            }
            return result.next().getLong(0);
        }
    }

    private <T extends AutoCloseable> T track(T child) {
        children.add(child);
        return child;
    }

    synchronized void forget(AutoCloseable child) {
        children.remove(child);
    }

    synchronized long live() {
        if (handle == 0) {
            throw new LadybugException("Connection to " + database.path() + " is closed");
        }
        return handle;
    }

    public synchronized boolean isClosed() {
        return handle == 0;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (handle == 0) {
                return;
            }
            for (AutoCloseable child : List.copyOf(children)) {
                try {
                    child.close();
                } catch (Exception e) {
                    throw new LadybugException("Closing a result of " + database.path() + " failed: " + e.getMessage(), e);
                }
            }
            long h;
            synchronized (interruptLock) {
                h = handle;
                handle = 0;
            }
            LbugNative.closeConnection(h);
        }
        // Outside this connection's lock: Database.close holds its own lock while closing us.
        database.forget(this);
    }
}
