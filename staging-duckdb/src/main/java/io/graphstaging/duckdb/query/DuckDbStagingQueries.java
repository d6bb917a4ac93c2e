package io.graphstaging.duckdb.query;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.QueryThreads;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.port.StagingQueries;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.duckdb.DuckDBChunkedResult;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.DuckDBResultSetMetaData;
import org.duckdb.StatementReturnType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandboxed, bounded user SQL on DuckDB. A query checks out a connection of its graph, passes
 * the {@link QuerySandbox}, waits for one of the server's {@link QueryThreads}, then runs in a
 * read-only transaction, interruptible by its {@link Cancellation} and by the graph's database
 * closing ({@link RunningStatement}). Results stream from the engine (instances are opened with
 * {@code jdbc_stream_results}), so a stream holds one chunk of rows at a time whatever the
 * result size.
 */
public final class DuckDbStagingQueries implements StagingQueries {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbStagingQueries.class);
    /** What the driver says, instead of the engine's error, when a streamed query fails before its first row. */
    private static final String HIDDEN_ERROR = "Invalid result set";

    private final DuckDbConnectionPool pool;
    private final QueryThreads threads;
    private final QuerySandbox sandbox = new QuerySandbox();
    private final QueryErrors errors;

    @Inject
    public DuckDbStagingQueries(DuckDbConnectionPool pool, QueryThreads threads) {
        this.pool = pool;
        this.threads = threads;
        this.errors = new QueryErrors(pool.paths());
    }

    @Override
    public void stream(GraphId graph, SqlQuery query, int chunkSize, Cancellation cancellation,
                       Consumer<QueryChunk> consumer) {
        if (chunkSize < 1) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER, "chunk size must be positive, was " + chunkSize);
        }
        cancellation.throwIfCancelled();
        PooledConnection pooled = pool.acquireIfExists(graph).orElseThrow(() -> new StagingException(
                ErrorCode.GRAPH_NOT_FOUND, "Graph " + graph + " has no staging database"));
        try (pooled) {
            Connection c = pooled.connection();
            sandbox.check(c, graph, query.sql());
            try (QueryThreads.Permit permit = threads.acquire(graph, cancellation)) {
                begin(c);
                try {
                    run(pooled, query, chunkSize, cancellation, consumer);
                } finally {
                    rollback(c);
                }
            }
        }
    }

    private static void begin(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN TRANSACTION READ ONLY");
        } catch (SQLException e) {
            throw DuckDbErrors.internal("starting a read-only transaction", e);
        }
    }

    private static void rollback(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // The transaction may already be gone; a connection in an unknown state is not reused.
            LOG.warn("Closing a query connection whose rollback failed: {}", DuckDbErrors.firstLine(e));
            try {
                c.close();
            } catch (SQLException closeFailure) {
                e.addSuppressed(closeFailure);
                throw DuckDbErrors.internal("closing a query connection", e);
            }
        }
    }

    private void run(PooledConnection pooled, SqlQuery query, int chunkSize, Cancellation cancellation,
                     Consumer<QueryChunk> consumer) {
        try (PreparedStatement ps = pooled.connection().prepareStatement(query.sql())) {
            StatementReturnType type = ((DuckDBResultSetMetaData) ps.getMetaData()).getReturnType();
            if (type != StatementReturnType.QUERY_RESULT) {
                throw QuerySandbox.forbidden("only statements that return rows may run");
            }
            QueryParameters.bind(ps, query.parameters());
            try (RunningStatement running = new RunningStatement(pooled, ps, cancellation)) {
                try (ResultSet rs = execute(pooled, ps, query, running)) {
                    emit(rs, chunkSize, () -> stopIfAsked(pooled, cancellation), consumer);
                } catch (SQLException e) {
                    throw failure(pooled, cancellation, running, e);
                } catch (OutOfMemoryError e) {
                    throw QueryErrors.outOfHeap(e);
                }
            }
        } catch (SQLException e) {
            throw errors.of(e);
        }
    }

    /**
     * Executes; when the driver hides the engine's error behind {@link #HIDDEN_ERROR} (a streamed
     * query that fails before its first row), runs the query once more through the driver's
     * other result path, which reports the real error. The failure aborted the read-only
     * transaction and closed the statement, so the second run gets a fresh transaction and
     * prepares its own statement; the engine interrupt still reaches it.
     */
    private static ResultSet execute(PooledConnection pooled, PreparedStatement ps, SqlQuery query,
                                     RunningStatement running) throws SQLException {
        try {
            return ps.executeQuery();
        } catch (SQLException e) {
            if (running.interrupted() || !DuckDbErrors.firstLine(e).contains(HIDDEN_ERROR)) {
                throw e;
            }
            SQLException real = e;
            try (Statement restart = pooled.connection().createStatement()) {
                restart.execute("ROLLBACK");
                restart.execute("BEGIN TRANSACTION READ ONLY");
            }
            try (PreparedStatement again = pooled.connection().prepareStatement(query.sql())) {
                QueryParameters.bind(again, query.parameters());
                try (DuckDBChunkedResult result = again.unwrap(DuckDBPreparedStatement.class).query()) {
                    LOG.debug("A query failed with a hidden error, then ran without one ({} columns)", result.columnCount());
                }
            } catch (SQLException second) {
                real = second;
            }
            throw real;
        }
    }

    /** Between chunks: a cancelled query or a closing database stops here even when the engine was not busy. */
    private static void stopIfAsked(PooledConnection pooled, Cancellation cancellation) {
        cancellation.throwIfCancelled();
        pooled.throwIfDatabaseClosing();
    }

    private StagingException failure(PooledConnection pooled, Cancellation cancellation, RunningStatement running,
                                     SQLException e) {
        if (running.interrupted()) {
            cancellation.throwIfCancelled();
            pooled.throwIfDatabaseClosing();
        }
        if (DuckDbErrors.isDatabaseInvalidated(e)) {
            pooled.discardDatabase();
        }
        return errors.of(e);
    }

    /** Hands rows over a chunk at a time; looks one row ahead so the last chunk is flagged. */
    private static void emit(ResultSet rs, int chunkSize, Runnable checkpoint, Consumer<QueryChunk> consumer)
            throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int width = md.getColumnCount();
        List<Column> columns = new ArrayList<>(width);
        boolean[] interval = new boolean[width + 1];
        for (int i = 1; i <= width; i++) {
            columns.add(new Column(md.getColumnName(i), md.getColumnTypeName(i)));
            interval[i] = "INTERVAL".equals(md.getColumnTypeName(i));
        }
        int index = 0;
        List<List<Object>> rows = new ArrayList<>(Math.min(chunkSize, 1024));
        checkpoint.run();
        boolean more = rs.next();
        while (more) {
            List<Object> row = new ArrayList<>(width);
            for (int i = 1; i <= width; i++) {
                Object value = rs.getObject(i);
                row.add(interval[i] && value instanceof String text ? JdbcValues.interval(text) : JdbcValues.toJdk(value));
            }
            rows.add(row);
            more = rs.next();
            if (rows.size() == chunkSize && more) {
                consumer.accept(new QueryChunk(columns, rows, index++, false));
                checkpoint.run();
                rows = new ArrayList<>(Math.min(chunkSize, 1024));
            }
        }
        consumer.accept(new QueryChunk(columns, rows, index, true));
    }
}
