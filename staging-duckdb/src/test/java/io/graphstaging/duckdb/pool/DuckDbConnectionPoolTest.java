package io.graphstaging.duckdb.pool;

import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.config.ByteSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.PoolStats;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The pool on real DuckDB files, with real threads and a hand-moved clock. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DuckDbConnectionPoolTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock();
    private DuckDbConnectionPool pool;
    private final GraphId graph = GraphId.of("g1");

    @BeforeEach
    void open() {
        pool = pool(Duration.ofSeconds(30));
    }

    private DuckDbConnectionPool pool(Duration wait) {
        return new DuckDbConnectionPool(DuckDbConfig.defaults(dir).withThreads(2)
                .withMemoryLimit(ByteSize.ofBytes(256_000_000)).withPoolWait(wait), new SpoolDirectory(dir.resolve("spool")), clock);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void sixteenConcurrentCallersNeverHoldMoreThanTheLimitAndConnectionsAreReused() throws Exception {
        int callers = 16;
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger maxHolding = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                long n = i;
                results.add(threads.submit(() -> {
                    start.await();
                    try (PooledConnection lease = pool.acquire(graph)) {
                        int now = holding.incrementAndGet();
                        maxHolding.accumulateAndGet(now, Math::max);
                        // Real work while holding, so callers overlap.
                        long sum = scalar(lease.connection(), "SELECT sum(i) + " + n + " FROM range(200000) t(i)");
                        holding.decrementAndGet();
                        return sum;
                    }
                }));
            }
            start.countDown();
            for (int i = 0; i < callers; i++) {
                assertThat(results.get(i).get()).isEqualTo(19999900000L + i);
            }
        } finally {
            threads.shutdownNow();
        }
        PoolStats stats = pool.stats();
        assertThat(maxHolding.get()).isBetween(1, 3);
        assertThat(stats.stats().connectionsCreated()).isBetween(1L, 3L);
        assertThat(stats.stats().connectionsCreated() + stats.stats().connectionsReused()).isEqualTo(callers);
        assertThat(stats.stats().connectionsReused()).isGreaterThanOrEqualTo(callers - 3);
        assertThat(stats.totalConnections()).isEqualTo((int) stats.stats().connectionsCreated());
        assertThat(stats.databasePools().get("g1").inUse()).isZero();
        assertThat(stats.totalDatabasesOnDisk()).isEqualTo(1);
    }

    @Test
    void aCallerBeyondTheLimitWaitsThenGetsAReleasedConnection() throws Exception {
        List<PooledConnection> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(pool.acquire(graph));
        }
        assertThat(pool.hasActiveConnections(graph)).isTrue();
        CountDownLatch got = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try (PooledConnection lease = pool.acquire(graph)) {
                got.countDown();
            }
        });
        waiter.start();
        assertThat(got.await(200, TimeUnit.MILLISECONDS)).isFalse();
        held.remove(0).close();
        assertThat(got.await(30, TimeUnit.SECONDS)).isTrue();
        waiter.join();
        held.forEach(PooledConnection::close);
        assertThat(pool.hasActiveConnections(graph)).isFalse();
    }

    @Test
    void waitingPastTheTimeoutIsAClearPoolError() {
        pool.close();
        pool = pool(Duration.ofMillis(100));
        List<PooledConnection> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(pool.acquire(graph));
        }
        Throwable thrown = catchThrowable(() -> pool.acquire(graph));
        held.forEach(PooledConnection::close);

        assertThat(thrown).isInstanceOf(StagingException.class).hasMessageContaining("g1").hasMessageContaining("limit 3");
        assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.POOL_EXHAUSTED);
        try (PooledConnection again = pool.acquire(graph)) {
            assertThat(again.connection()).isNotNull();
        }
    }

    @Test
    void connectionsExpireAfterTheirTtl() {
        Connection first;
        try (PooledConnection lease = pool.acquire(graph)) {
            first = lease.connection();
        }
        clock.advance(Duration.ofMinutes(29));
        try (PooledConnection lease = pool.acquire(graph)) {
            assertThat(lease.connection()).isSameAs(first);
        }
        clock.advance(Duration.ofMinutes(2));
        try (PooledConnection lease = pool.acquire(graph)) {
            assertThat(lease.connection()).isNotSameAs(first);
        }
        PoolStats.Counters counters = pool.stats().stats();
        assertThat(counters.connectionsCreated()).isEqualTo(2);
        assertThat(counters.connectionsReused()).isEqualTo(1);
        assertThat(counters.connectionsClosed()).isEqualTo(1);

        // The periodic cleanup closes idle connections past their TTL, then the idle database.
        clock.advance(Duration.ofMinutes(31));
        assertThat(pool.cleanupExpired()).isEqualTo(1);
        assertThat(pool.stats().totalConnections()).isZero();
        assertThat(pool.stats().databasePools()).isEmpty();
        try (PooledConnection lease = pool.acquire(graph)) {
            assertThat(lease.connection()).isNotNull();
        }
    }

    @Test
    void aBrokenIdleConnectionFailsItsHealthCheckAndIsReplaced() throws Exception {
        Connection broken;
        try (PooledConnection lease = pool.acquire(graph)) {
            broken = lease.connection();
        }
        broken.close(); // breaks the idle connection behind the pool's back

        try (PooledConnection lease = pool.acquire(graph)) {
            assertThat(lease.connection()).isNotSameAs(broken);
            assertThat(scalar(lease.connection(), "SELECT 7")).isEqualTo(7);
        }
        PoolStats.Counters counters = pool.stats().stats();
        assertThat(counters.healthChecks()).isEqualTo(1);
        assertThat(counters.healthFailures()).isEqualTo(1);
        assertThat(counters.connectionsCreated()).isEqualTo(2);
    }

    @Test
    void aConnectionClosedWhileCheckedOutIsDroppedOnRelease() throws Exception {
        try (PooledConnection lease = pool.acquire(graph)) {
            lease.connection().close();
        }
        assertThat(pool.stats().totalConnections()).isZero();
        assertThat(pool.stats().stats().connectionsClosed()).isEqualTo(1);
    }

    @Test
    void threadsAndMemoryLimitApplyToEveryConnection() throws Exception {
        List<PooledConnection> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(pool.acquire(graph));
        }
        for (PooledConnection lease : held) {
            try (Statement s = lease.connection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('threads'), current_setting('memory_limit'),"
                         + " current_setting('enable_external_access'), current_setting('lock_configuration')")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2);
                assertThat(rs.getString(2)).isEqualTo("244.1 MiB"); // 256 MB in DuckDB's rendering
                assertThat(rs.getBoolean(3)).isFalse();
                assertThat(rs.getBoolean(4)).isTrue();
            }
        }
        held.forEach(PooledConnection::close);
    }

    @Test
    void forceCleanupClosesConnectionsAndDeletesTheFiles() throws Exception {
        try (PooledConnection lease = pool.acquire(graph); Statement s = lease.connection().createStatement()) {
            s.execute("CREATE TABLE t AS SELECT * FROM range(1000)");
        }
        Path file = pool.paths().database(graph);
        assertThat(file).exists();

        assertThat(pool.forceDatabaseCleanup(graph)).isTrue();

        assertThat(file).doesNotExist();
        assertThat(pool.paths().wal(graph)).doesNotExist();
        assertThat(pool.stats().stats().databasesCleaned()).isEqualTo(1);
        assertThat(pool.stats().totalDatabasesOnDisk()).isZero();
        assertThat(pool.forceDatabaseCleanup(graph)).isFalse();
        assertThat(pool.acquireIfExists(graph)).isEmpty();
        assertThat(file).doesNotExist();
        // A new database starts empty.
        try (PooledConnection lease = pool.acquire(graph)) {
            assertThat(scalar(lease.connection(), "SELECT count(*) FROM duckdb_tables()")).isZero();
        }
    }

    @Test
    void closingConnectionsKeepsTheFileAndReopensOnDemand() throws Exception {
        try (PooledConnection lease = pool.acquire(graph); Statement s = lease.connection().createStatement()) {
            s.execute("CREATE TABLE t AS SELECT * FROM range(10)");
        }
        pool.closeDatabaseConnections(graph);
        assertThat(pool.stats().databasePools()).isEmpty();
        assertThat(pool.paths().database(graph)).exists();
        try (PooledConnection lease = pool.acquire(graph)) {
            assertThat(scalar(lease.connection(), "SELECT count(*) FROM t")).isEqualTo(10);
        }
    }

    @Test
    void shutdownCheckpointsAndRefusesNewWork() throws Exception {
        try (PooledConnection lease = pool.acquire(graph); Statement s = lease.connection().createStatement()) {
            s.execute("CREATE TABLE t AS SELECT * FROM range(10)");
        }
        pool.close();
        assertThat(pool.paths().wal(graph)).doesNotExist();
        Throwable thrown = catchThrowable(() -> pool.acquire(graph));
        assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.SHUTTING_DOWN);
    }

    @Test
    void graphFilesStayUnderTheBaseDirectory() {
        GraphPaths paths = pool.paths();
        assertThat(paths.database(graph).getParent()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(paths.spool(graph).getParent()).isEqualTo(dir.resolve("spool").toAbsolutePath().normalize());
        assertThat(paths.exports(graph)).startsWithRaw(dir.toAbsolutePath().normalize());
        assertThat(Files.exists(paths.database(graph))).isFalse();
    }

    @Test
    void healthCheckAnswers() {
        pool.checkHealth();
    }

    @Test
    void engineReportsItsOwnVersionWithoutOpeningAGraph() {
        assertThat(pool.engineVersion()).matches("v\\d+\\.\\d+\\.\\d+.*");
        assertThat(pool.stats().totalDatabasesOnDisk()).isZero();
    }
}
