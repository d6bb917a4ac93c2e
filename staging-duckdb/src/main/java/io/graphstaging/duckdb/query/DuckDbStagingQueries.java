package io.graphstaging.duckdb.query;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.model.QueryResult;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.port.StagingQueries;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.duckdb.DuckDBResultSetMetaData;
import org.duckdb.StatementReturnType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandboxed user SQL on DuckDB (see {@link QuerySandbox}). Results stream from the engine
 * (the pool opens databases with {@code jdbc_stream_results}), so a stream holds one chunk of
 * rows at a time whatever the result size.
 */
public final class DuckDbStagingQueries implements StagingQueries {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbStagingQueries.class);

    private final DuckDbConnectionPool pool;

    @Inject
    public DuckDbStagingQueries(DuckDbConnectionPool pool) {
        this.pool = pool;
    }

    @Override
    public QueryResult query(GraphId graph, SqlQuery query, int maxRows, Cancellation cancellation) {
        List<Column> columns = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        run(graph, query, maxRows, cancellation, chunk -> {
            if (columns.isEmpty()) {
                columns.addAll(chunk.columns());
            }
            rows.addAll(chunk.rows());
            if (rows.size() > maxRows) {
                throw new StagingException(ErrorCode.INVALID_PARAMETER,
                        "The result has more than " + maxRows + " rows; use streaming for large results");
            }
        });
        return new QueryResult(columns, rows);
    }

    @Override
    public void stream(GraphId graph, SqlQuery query, int chunkSize, Cancellation cancellation,
                       Consumer<QueryChunk> consumer) {
        run(graph, query, chunkSize, cancellation, consumer);
    }

    private void run(GraphId graph, SqlQuery query, int chunkSize, Cancellation cancellation,
                     Consumer<QueryChunk> consumer) {
        cancellation.throwIfCancelled();
        PooledConnection pooled = pool.acquireIfExists(graph).orElseThrow(() -> new StagingException(
                ErrorCode.GRAPH_NOT_FOUND, "Graph " + graph + " has no staging database"));
        try (pooled) {
            Connection c = pooled.connection();
            QuerySandbox.check(c, query.sql());
            begin(c);
            try {
                runChecked(c, query, chunkSize, cancellation, consumer);
            } finally {
                rollback(c);
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

    private static void runChecked(Connection c, SqlQuery query, int chunkSize, Cancellation cancellation,
                                   Consumer<QueryChunk> consumer) {
        try (PreparedStatement ps = c.prepareStatement(query.sql());
             Cancellation.Registration stop = cancellation.onCancel(() -> interrupt(ps))) {
            StatementReturnType type = ((DuckDBResultSetMetaData) ps.getMetaData()).getReturnType();
            if (type != StatementReturnType.QUERY_RESULT) {
                throw QuerySandbox.forbidden("only statements that return rows may run");
            }
            bind(ps, query.parameters());
            try (ResultSet rs = ps.executeQuery()) {
                emit(rs, chunkSize, consumer);
            }
        } catch (SQLException e) {
            // An interrupted query fails with the engine's "interrupted": the cancel's reason says why.
            cancellation.throwIfCancelled();
            throw DuckDbErrors.ofUserQuery(e);
        }
    }

    private static void interrupt(PreparedStatement ps) {
        try {
            ps.cancel();
        } catch (SQLException e) {
            LOG.warn("Interrupting a query failed: {}", DuckDbErrors.firstLine(e));
        }
    }

    private static void bind(PreparedStatement ps, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object p = parameters.get(i);
            int index = i + 1;
            if (p == null) {
                ps.setNull(index, Types.NULL);
            } else if (p instanceof String s) {
                ps.setString(index, s);
            } else if (p instanceof Boolean b) {
                ps.setBoolean(index, b);
            } else if (p instanceof Long || p instanceof Integer || p instanceof Short || p instanceof Byte) {
                ps.setLong(index, ((Number) p).longValue());
            } else if (p instanceof Double || p instanceof Float) {
                ps.setDouble(index, ((Number) p).doubleValue());
            } else {
                ps.setBigDecimal(index, new BigDecimal(p.toString()));
            }
        }
    }

    /** Hands rows over a chunk at a time; looks one row ahead so the last chunk is flagged. */
    private static void emit(ResultSet rs, int chunkSize, Consumer<QueryChunk> consumer) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int width = md.getColumnCount();
        List<Column> columns = new ArrayList<>(width);
        for (int i = 1; i <= width; i++) {
            columns.add(new Column(md.getColumnName(i), md.getColumnTypeName(i)));
        }
        int index = 0;
        List<List<Object>> rows = new ArrayList<>(Math.min(chunkSize, 1024));
        boolean more = rs.next();
        while (more) {
            List<Object> row = new ArrayList<>(width);
            for (int i = 1; i <= width; i++) {
                row.add(JdbcValues.toJdk(rs.getObject(i)));
            }
            rows.add(row);
            more = rs.next();
            if (rows.size() == chunkSize && more) {
                consumer.accept(new QueryChunk(columns, rows, index++, false));
                rows = new ArrayList<>(Math.min(chunkSize, 1024));
            }
        }
        consumer.accept(new QueryChunk(columns, rows, index, true));
    }
}
