package io.graphstaging.duckdb.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's transaction rule on a real database file (the full-disk cases are in the tmpfs tests). */
class TransactionsTest {
    private static final GraphId GRAPH = GraphId.of("tx");

    @TempDir
    Path dir;
    private DuckDbConnectionPool pool;

    @BeforeEach
    void open() throws SQLException {
        pool = new DuckDbConnectionPool(DuckDbConfig.defaults(dir).withThreads(1).withMaxConnectionsPerDb(1),
                new SpoolDirectory(dir.resolve("spool")), Clock.systemUTC());
        try (PooledConnection pooled = pool.acquire(GRAPH); Statement s = pooled.connection().createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER)");
        }
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aFailureInsideATransactionUndoesItAllAndTheConnectionIsNeverReused() throws SQLException {
        long closedBefore = pool.stats().stats().connectionsClosed();

        Throwable thrown;
        try (PooledConnection pooled = pool.acquire(GRAPH)) {
            thrown = catchThrowable(() -> Transactions.write(pooled, "testing", List.of(), c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO t VALUES (1)");
                    s.execute("INSERT INTO t VALUES ('not a number')");
                }
                return null;
            }));
        }

        assertThat(thrown).isInstanceOf(StagingException.class);
        assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
        assertThat(pool.stats().stats().connectionsClosed()).isEqualTo(closedBefore + 1);
        assertThat(count()).isZero();
    }

    @Test
    void aRefusalOfTheWorkItselfIsReportedAsThrownAndUndoesItAll() throws SQLException {
        StagingException refusal = new StagingException(ErrorCode.SCHEMA_MISMATCH, "refused by the work");

        Throwable thrown;
        try (PooledConnection pooled = pool.acquire(GRAPH)) {
            thrown = catchThrowable(() -> Transactions.write(pooled, "testing", List.of(), c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO t VALUES (1)");
                }
                throw refusal;
            }));
        }

        assertThat(thrown).isSameAs(refusal);
        assertThat(count()).isZero();
    }

    @Test
    void aSuccessfulTransactionCommitsAndKeepsItsConnection() throws SQLException {
        try (PooledConnection pooled = pool.acquire(GRAPH)) {
            Transactions.write(pooled, "testing", List.of(), c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO t VALUES (1)");
                    s.execute("INSERT INTO t VALUES (2)");
                }
                return null;
            });
        }
        long reusedBefore = pool.stats().stats().connectionsReused();

        assertThat(count()).isEqualTo(2);
        assertThat(pool.stats().stats().connectionsReused()).isEqualTo(reusedBefore + 1);
    }

    private long count() throws SQLException {
        try (PooledConnection pooled = pool.acquire(GRAPH); Statement s = pooled.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
