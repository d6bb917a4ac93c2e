package io.graphstaging.duckdb.query;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interrupts what a DuckDB connection runs, from another thread, in any step. The driver's own
 * {@link PreparedStatement#cancel()} only works while the statement executes: while rows are
 * fetched it silently does nothing, and the fetch holds the connection's lock, so the driver's
 * connection-level interrupt cannot be reached either. The engine's interrupt itself is safe
 * from any thread (it sets a flag the running query checks), so it is called directly, through
 * the driver's native binding. Should a driver version not have it, statements fall back to
 * {@code cancel()} and a warning says that fetches can then not be interrupted.
 */
public final class EngineInterrupt {
    private static final Logger LOG = LoggerFactory.getLogger(EngineInterrupt.class);
    /** {@code DuckDBConnection.connRef} and {@code DuckDBNative.duckdb_jdbc_interrupt(ByteBuffer)}; null when absent. */
    private static final MethodHandle CONNECTION_REF;
    private static final MethodHandle INTERRUPT;

    static {
        MethodHandle ref = null;
        MethodHandle interrupt = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(DuckDBConnection.class, MethodHandles.lookup());
            ref = lookup.findGetter(DuckDBConnection.class, "connRef", ByteBuffer.class);
            Class<?> bindings = Class.forName("org.duckdb.DuckDBNative");
            interrupt = MethodHandles.privateLookupIn(bindings, MethodHandles.lookup())
                    .findStatic(bindings, "duckdb_jdbc_interrupt", MethodType.methodType(void.class, ByteBuffer.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("This DuckDB driver has no reachable engine interrupt ({}): queries stop when they execute,"
                    + " not while their rows are fetched", e.toString());
        }
        CONNECTION_REF = ref;
        INTERRUPT = interrupt;
    }

    private EngineInterrupt() {}

    /**
     * Interrupts whatever statement the connection executes now (a statement not running yet is
     * not stopped: check for the cancel between statements). Does nothing on a driver without
     * the engine interrupt. The caller guarantees the connection stays open meanwhile.
     */
    public static void interrupt(Connection connection) throws SQLException {
        if (INTERRUPT != null && connection instanceof DuckDBConnection duck) {
            invoke(duck);
        }
    }

    private static boolean invoke(DuckDBConnection duck) throws SQLException {
        try {
            ByteBuffer ref = (ByteBuffer) CONNECTION_REF.invoke(duck);
            if (ref != null) {
                INTERRUPT.invoke(ref);
                return true;
            }
            return false;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new SQLException("Interrupting DuckDB failed", e);
        }
    }

    /** Interrupts the connection's running statement; the caller guarantees the connection stays open meanwhile. */
    static void interrupt(Connection connection, PreparedStatement statement) throws SQLException {
        if (INTERRUPT != null && connection instanceof DuckDBConnection duck && invoke(duck)) {
            return;
        }
        statement.cancel();
    }
}
