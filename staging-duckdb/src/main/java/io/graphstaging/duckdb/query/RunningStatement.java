package io.graphstaging.duckdb.query;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user statement while it runs, stoppable from outside: when the query's {@link Cancellation}
 * is cancelled (its time limit, its client gone) or the graph's database closes (shutdown, the
 * graph removed), the engine is interrupted ({@link EngineInterrupt}). An interrupt that lands
 * between two steps of the statement is forgotten by the engine when the next step starts, so
 * it is repeated until the statement is over; none is sent after that, when the connection may
 * already serve someone else.
 */
final class RunningStatement implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningStatement.class);
    private static final long REPEAT_MILLIS = 100;

    private final PooledConnection pooled;
    private final PreparedStatement statement;
    private final Cancellation.Registration byCaller;
    private final Cancellation.Registration byPool;
    private boolean interrupted; // guarded by this
    private boolean over; // guarded by this

    RunningStatement(PooledConnection pooled, PreparedStatement statement, Cancellation cancellation) {
        this.pooled = pooled;
        this.statement = statement;
        this.byCaller = cancellation.onCancel(this::interrupt);
        this.byPool = pooled.onDatabaseClosing(this::interrupt);
    }

    /** Whether someone asked the statement to stop: its errors are then the stop, not the SQL's. */
    synchronized boolean interrupted() {
        return interrupted;
    }

    private void interrupt() {
        synchronized (this) {
            if (over) {
                return;
            }
            interrupted = true;
            try {
                EngineInterrupt.interrupt(pooled.connection(), statement);
            } catch (SQLException e) {
                LOG.warn("Interrupting a query on graph {} failed: {}", pooled.graph(), DuckDbErrors.firstLine(e));
            }
        }
        CompletableFuture.runAsync(this::interrupt, CompletableFuture.delayedExecutor(REPEAT_MILLIS, TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        synchronized (this) {
            over = true;
        }
        byCaller.close();
        byPool.close();
    }
}
