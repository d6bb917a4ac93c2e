package io.graphstaging.duckdb.table;

import io.graphstaging.core.model.SourceFile;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * How the store's SQL runs on a pooled connection: a write as one transaction, a read as plain
 * statements.
 *
 * <p>A transaction is begun and ended by statements ({@code BEGIN TRANSACTION}, {@code COMMIT}),
 * never through the driver's auto-commit switch, so that only the engine knows whether one is
 * open: the driver's own flag survives a failed COMMIT, and every later "transaction" on that
 * connection would run as one auto-committed statement at a time. A connection that saw any
 * failure inside a transaction is discarded, never reused; the first error is the one reported
 * (a failing rollback is attached to it); a database the engine invalidated (a checkpoint that
 * ran out of space) is closed by the pool and opened again by the next caller.
 */
final class Transactions {
    private Transactions() {}

    /** SQL work on one connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} as one transaction: all of it is committed, or none of it.
     *
     * @param doing what the work does, for messages ("creating table t of graph g")
     * @param files the source files it reads, whose URIs replace their local paths in messages
     */
    static <T> T write(PooledConnection pooled, String doing, List<SourceFile> files, SqlWork<T> work) {
        Connection c = pooled.connection();
        try {
            execute(c, "BEGIN TRANSACTION");
            T result = work.run(c);
            execute(c, "COMMIT");
            return result;
        } catch (SQLException e) {
            abandon(pooled, e);
            throw WriteErrors.translate(doing, files, e);
        } catch (RuntimeException e) {
            abandon(pooled, e);
            throw e;
        }
    }

    /**
     * Runs reads, each statement on its own.
     *
     * @param doing what the reads do, for messages ("listing tables in graph g")
     */
    static <T> T read(PooledConnection pooled, String doing, SqlWork<T> work) {
        try {
            return work.run(pooled.connection());
        } catch (SQLException e) {
            if (DuckDbErrors.isDatabaseInvalidated(e)) {
                pooled.discardDatabase();
            }
            throw DuckDbErrors.internal(doing, e);
        }
    }

    /**
     * Ends a failed transaction: the connection is never reused, and the rollback (which fails
     * when the engine already ended the transaction, as after a failed COMMIT) is attached to
     * the first error rather than replacing it.
     */
    private static void abandon(PooledConnection pooled, Exception first) {
        pooled.discard();
        try {
            execute(pooled.connection(), "ROLLBACK");
        } catch (SQLException rollbackFailure) {
            first.addSuppressed(rollbackFailure);
            if (DuckDbErrors.isDatabaseInvalidated(rollbackFailure)) {
                pooled.discardDatabase();
            }
        }
        if (first instanceof SQLException sql && DuckDbErrors.isDatabaseInvalidated(sql)) {
            pooled.discardDatabase();
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
