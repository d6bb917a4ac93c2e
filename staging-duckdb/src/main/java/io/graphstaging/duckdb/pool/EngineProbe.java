package io.graphstaging.duckdb.pool;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small in-memory DuckDB instance, opened once on first use and kept, that answers whether the
 * engine works and which version it is: health checks and {@code /info} cost a query, not an
 * instance. Thread-safe (callers take turns on its one connection).
 */
final class EngineProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineProbe.class);
    private static final ByteSize MEMORY = ByteSize.ofMebibytes(16);

    private DuckDBConnection connection; // guarded by this
    private boolean closed; // guarded by this

    /** Throws {@code STAGING_FAILED} when the engine does not answer a test query rightly. */
    synchronized void answer() {
        try (Statement s = connection().createStatement(); ResultSet rs = s.executeQuery("SELECT 42")) {
            if (!rs.next() || rs.getInt(1) != 42) {
                throw new StagingException(ErrorCode.STAGING_FAILED, "DuckDB answered its test query wrongly");
            }
        } catch (SQLException e) {
            drop();
            throw DuckDbErrors.internal("answering a test query", e);
        }
    }

    synchronized String version() {
        try (Statement s = connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT library_version FROM pragma_version()")) {
            if (!rs.next()) {
                throw new StagingException(ErrorCode.STAGING_FAILED, "DuckDB did not report its version");
            }
            return rs.getString(1);
        } catch (SQLException e) {
            drop();
            throw DuckDbErrors.internal("reporting its version", e);
        }
    }

    private DuckDBConnection connection() {
        if (closed) {
            throw new StagingException(ErrorCode.SHUTTING_DOWN, "The staging store is shutting down");
        }
        if (connection == null) {
            connection = GraphSandbox.openInMemory(MEMORY);
        }
        return connection;
    }

    /** A probe that failed is opened afresh next time, so one bad moment does not stick. */
    private void drop() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // It is being replaced either way; the failure is only worth a log line.
                LOG.warn("Closing the DuckDB probe failed: {}", DuckDbErrors.firstLine(e));
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        drop();
    }
}
