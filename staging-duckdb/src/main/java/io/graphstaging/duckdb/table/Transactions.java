package io.graphstaging.duckdb.table;

import io.graphstaging.core.model.SourceFile;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** How the store's SQL runs on a pooled connection: a write as one transaction, a read as plain statements. */
final class Transactions {
    private Transactions() {}

    /** SQL work on one connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} as one transaction.
     *
     * @param doing what the work does, for messages ("creating table t of graph g")
     * @param files the source files it reads, whose URIs replace their local paths in messages
     */
    static <T> T write(PooledConnection pooled, String doing, List<SourceFile> files, SqlWork<T> work) {
        Connection c = pooled.connection();
        try {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw WriteErrors.translate(doing, files, e);
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
            throw DuckDbErrors.internal(doing, e);
        }
    }
}
