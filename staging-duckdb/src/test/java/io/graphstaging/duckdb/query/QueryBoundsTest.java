package io.graphstaging.duckdb.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.QueryLimits;
import io.graphstaging.core.limit.QueryThreads;
import io.graphstaging.core.limit.QueryTimer;
import io.graphstaging.core.limit.UnstreamedAnswers;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.usecase.RunQuery;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.testing.QueryFixture;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries that would run forever, or answer too much, on real DuckDB files: the time limit and a
 * cancel interrupt the engine in whichever step it is, the graph answers again at once, a whole
 * answer too large is refused while it is read, runaway queries on one graph leave threads to
 * the others, and a shutdown or a removal stops a stuck query.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QueryBoundsTest {
    private static final Duration LIMIT = Duration.ofSeconds(2);
    /** Scans ten trillion rows: runs until something stops it. */
    private static final SqlQuery ENDLESS_SCAN = sql("SELECT count(*) FROM range(10000000000000) t(i) WHERE i % 7 = 3");
    private static final SqlQuery ENDLESS_RECURSION = sql("WITH RECURSIVE t(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM t)"
            + " SELECT count(*) FROM t");
    /** Hands out three million rows at once, then finds a row only every trillion: the fetch stalls. */
    private static final SqlQuery STALLING_STREAM = sql("SELECT i FROM range(3000000) t(i) UNION ALL"
            + " SELECT i FROM range(10000000000000) t(i) WHERE i % 1000000000000 = 7");

    @TempDir
    Path dir;
    private QueryFixture duckdb;
    private DuckDbConnectionPool pool;
    private DuckDbStagingQueries queries;
    private QueryThreads threads;
    private QueryTimer timer;
    private final GraphId graph = GraphId.of("g1");
    private final GraphId other = GraphId.of("g2");

    @BeforeEach
    void stage() {
        duckdb = new QueryFixture(dir, 2);
        pool = duckdb.pool();
        threads = duckdb.threads();
        queries = duckdb.queries();
        timer = new QueryTimer(LIMIT);
        for (GraphId g : List.of(graph, other)) {
            duckdb.stager().stage(g, TableName.of("entities"), List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR")),
                    List.of(List.of(1L, "a"), List.of(2L, "b")));
        }
    }

    @AfterEach
    void close() {
        timer.close();
        duckdb.close();
    }

    private static SqlQuery sql(String text) {
        return new SqlQuery(text, List.of());
    }

    private RunQuery runQuery() {
        return new RunQuery(queries, timer, new UnstreamedAnswers(QueryLimits.defaults(Runtime.getRuntime().maxMemory(), 2)));
    }

    private long entities(GraphId g) {
        return (Long) runQuery().all(g, sql("SELECT count(*) FROM entities"), new Cancellation()).rows().get(0).get(0);
    }

    private static StagingException failure(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(StagingException.class);
        return (StagingException) thrown;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private void assertStoppedByTheLimitAndTheGraphAnswersAgain(Runnable query) {
        long start = System.nanoTime();
        StagingException e = failure(query);
        long stoppedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.QUERY_TIMEOUT);
        assertThat(e.getMessage()).contains("graph g1", "STAGING_QUERY_TIMEOUT_SECONDS");
        assertThat(stoppedMillis).isBetween(LIMIT.toMillis(), LIMIT.toMillis() + 10_000);
        assertThat(pool.hasActiveConnections(graph)).isFalse();
        assertThat(threads.running()).isZero();
        assertThat(entities(graph)).isEqualTo(2);
    }

    @Test
    void theTimeLimitStopsAnEndlessScan() {
        assertStoppedByTheLimitAndTheGraphAnswersAgain(() -> runQuery().all(graph, ENDLESS_SCAN, new Cancellation()));
    }

    @Test
    void theTimeLimitStopsAnEndlessRecursiveQuery() {
        assertStoppedByTheLimitAndTheGraphAnswersAgain(() -> runQuery().all(graph, ENDLESS_RECURSION, new Cancellation()));
    }

    @Test
    void theTimeLimitStopsAStreamWhoseFetchStalls() {
        long[] rows = {0};
        assertStoppedByTheLimitAndTheGraphAnswersAgain(() -> runQuery().stream(graph, STALLING_STREAM, 10_000,
                new Cancellation(), chunk -> rows[0] += chunk.rows().size()));
        assertThat(rows[0]).isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void aCancelStopsARunningQueryWithinASecond() throws Exception {
        for (SqlQuery runaway : List.of(ENDLESS_SCAN, STALLING_STREAM)) {
            Cancellation cancellation = new Cancellation();
            CompletableFuture<Long> stopped = CompletableFuture.supplyAsync(() -> {
                Throwable thrown = catchThrowable(() -> queries.stream(graph, runaway, 10_000, cancellation, chunk -> { }));
                assertThat(thrown).isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
                    assertThat(e.getMessage()).isEqualTo("The client went away");
                });
                return System.nanoTime();
            });
            await(() -> threads.running(graph) == 1);
            Thread.sleep(500);

            long cancelled = System.nanoTime();
            cancellation.cancel(ErrorCode.CANCELLED, "The client went away");
            long millis = (stopped.get(60, TimeUnit.SECONDS) - cancelled) / 1_000_000;

            assertThat(millis).isLessThan(1000);
            assertThat(entities(graph)).isEqualTo(2);
        }
    }

    @Test
    void anUnstreamedAnswerOf99000RowsOf12kBIsRefusedWhileItIsRead() {
        UnstreamedAnswers answers = new UnstreamedAnswers(QueryLimits.defaults(Runtime.getRuntime().maxMemory(), 2));
        StagingException e;
        try (QueryTimer generous = new QueryTimer(Duration.ofMinutes(1))) {
            RunQuery run = new RunQuery(queries, generous, answers);
            e = failure(() -> run.all(graph, sql("SELECT i, repeat('x', 12000) AS pad FROM range(99000) t(i)"),
                    new Cancellation()));
        }

        assertThat(e.code()).isEqualTo(ErrorCode.RESULT_TOO_LARGE);
        assertThat(e.getMessage()).contains("64MiB", "STAGING_MAX_RESULT_BYTES", "stream");
        assertThat(answers.bytesInFlight()).isZero();
        assertThat(pool.hasActiveConnections(graph)).isFalse();
    }

    @Test
    void runawayQueriesOnOneGraphLeaveThreadsForTheOthers() throws Exception {
        List<Cancellation> runaways = new ArrayList<>();
        List<CompletableFuture<Throwable>> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Cancellation cancellation = new Cancellation();
            runaways.add(cancellation);
            results.add(CompletableFuture.supplyAsync(() -> catchThrowable(() ->
                    queries.stream(graph, ENDLESS_SCAN, 10, cancellation, chunk -> { }))));
        }
        await(() -> threads.running(graph) == threads.perGraph() && pool.stats().databasePools().get("g1").inUse() == 3);

        // Within the 2 s time limit, or it fails with QUERY_TIMEOUT.
        assertThat(entities(other)).isEqualTo(2);
        assertThat(threads.running(graph)).isEqualTo(1);
        runaways.forEach(c -> c.cancel(ErrorCode.CANCELLED, "stop"));
        for (CompletableFuture<Throwable> result : results) {
            assertThat(result.get(60, TimeUnit.SECONDS)).isInstanceOfSatisfying(StagingException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        }
        assertThat(threads.running()).isZero();
    }

    @Test
    void removingTheGraphStopsItsStuckQuery() throws Exception {
        CompletableFuture<Throwable> stuck = CompletableFuture.supplyAsync(() -> catchThrowable(() ->
                queries.stream(graph, ENDLESS_SCAN, 10, new Cancellation(), chunk -> { })));
        await(() -> threads.running(graph) == 1);

        assertThat(pool.forceDatabaseCleanup(graph)).isTrue();

        assertThat(stuck.get(60, TimeUnit.SECONDS)).isInstanceOfSatisfying(StagingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
            assertThat(e.getMessage()).contains("graph g1", "removed");
        });
        assertThat(pool.paths().database(graph)).doesNotExist();
    }

    @Test
    void shuttingDownStopsAStuckQueryAndCheckpointsEveryGraph() throws Exception {
        for (GraphId g : List.of(graph, other)) {
            try (PooledConnection lease = pool.acquire(g); Statement s = lease.connection().createStatement()) {
                s.execute("CREATE TABLE written_since_the_last_checkpoint AS SELECT 1 AS x");
            }
            assertThat(pool.paths().wal(g)).exists();
        }
        CompletableFuture<Throwable> stuck = CompletableFuture.supplyAsync(() -> catchThrowable(() ->
                queries.stream(graph, ENDLESS_SCAN, 10, new Cancellation(), chunk -> { })));
        await(() -> threads.running(graph) == 1);

        long start = System.nanoTime();
        pool.close();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(millis).isLessThan(DuckDbConfig.defaults(dir).poolWait().toMillis());
        assertThat(stuck.get(60, TimeUnit.SECONDS)).isInstanceOfSatisfying(StagingException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
        for (GraphId g : List.of(graph, other)) {
            assertThat(pool.paths().wal(g)).as("the WAL of " + g + " was checkpointed away").doesNotExist();
            assertThat(pool.paths().database(g)).exists();
        }
    }
}
