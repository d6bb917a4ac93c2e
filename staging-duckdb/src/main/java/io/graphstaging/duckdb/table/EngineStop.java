package io.graphstaging.duckdb.table;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.query.EngineInterrupt;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store write stopped by its caller's {@link Cancellation}: cancelling interrupts the engine on
 * the write's connection, and a connection that saw a cancel is discarded rather than pooled (an
 * interrupt landing between two statements must not hit the next user's query).
 */
final class EngineStop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineStop.class);

    private final PooledConnection pooled;
    private final Cancellation cancellation;
    private final Cancellation.Registration registration;

    EngineStop(PooledConnection pooled, Cancellation cancellation) {
        this.pooled = pooled;
        this.cancellation = cancellation;
        this.registration = cancellation.onCancel(this::interrupt);
    }

    private void interrupt() {
        try {
            EngineInterrupt.interrupt(pooled.connection());
        } catch (SQLException e) {
            // The write goes on to its next check of the cancel, which stops it there.
            LOG.warn("Interrupting a write on graph {} failed: {}", pooled.graph(), e.getMessage());
        }
    }

    /** Between statements and before the commit: throws the cancel's error when cancelled. */
    void check() {
        cancellation.throwIfCancelled();
    }

    @Override
    public void close() {
        registration.close();
        if (cancellation.isCancelled()) {
            pooled.discard();
        }
    }
}
