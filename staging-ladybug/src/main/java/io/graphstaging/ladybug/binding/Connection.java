package io.graphstaging.ladybug.binding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A connection to a {@link Database}; runs one statement at a time (its methods, and those of
 * its results and prepared statements, are serialised on it). Closing it closes its open
 * results and prepared statements; a closed connection refuses use.
 */
public final class Connection implements AutoCloseable {
    private final Database database;
    private final List<AutoCloseable> children = new ArrayList<>();
    private long handle;

    Connection(Database database, long handle) {
        this.database = database;
        this.handle = handle;
    }

    /** Runs Cypher; the result must be closed. */
    public synchronized QueryResult query(String cypher) {
        // Null must not reach JNI, where it would crash the JVM instead of throwing.
        Objects.requireNonNull(cypher, "cypher");
        return track(new QueryResult(this, LbugNative.query(live(), NativeValues.utf8(cypher))));
    }

    /** Runs Cypher and closes its result: for DDL and updates. */
    public void execute(String cypher) {
        query(cypher).close();
    }

    public synchronized PreparedStatement prepare(String cypher) {
        Objects.requireNonNull(cypher, "cypher");
        return track(new PreparedStatement(this, LbugNative.prepare(live(), NativeValues.utf8(cypher))));
    }

    /**
     * Values may be {@code null}, {@link Long}, {@link Integer}, {@link Double}, {@link Boolean},
     * {@link String}, {@link java.time.LocalDate} or {@link java.time.Instant}.
     */
    synchronized QueryResult execute(PreparedStatement statement, Map<String, ?> parameters) {
        Map<String, Object> params = new LinkedHashMap<>();
        parameters.forEach((k, v) -> params.put(Objects.requireNonNull(k, "parameter name"),
                v instanceof Integer i ? Long.valueOf(i) : v));
        byte[][] names = params.keySet().stream().map(NativeValues::utf8).toArray(byte[][]::new);
        Object[] values = params.values().toArray();
        return track(new QueryResult(this, LbugNative.execute(live(), statement.live(), names, values)));
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
            long h = handle;
            handle = 0;
            LbugNative.closeConnection(h);
        }
        // Outside this connection's lock: Database.close holds its own lock while closing us.
        database.forget(this);
    }
}
