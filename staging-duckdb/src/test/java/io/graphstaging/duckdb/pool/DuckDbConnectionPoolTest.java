package io.graphstaging.duckdb.pool;

import io.graphstaging.core.testing.MutableClock;
import io.graphstaging.core.testing.Tmpfs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.SpoolDirectory;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.PoolStats;
import io.graphstaging.duckdb.config.DuckDbConfig;
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
    void healthOpensNoDatabaseAndTheEngineNamesItsVersion() {
        for (int i = 0; i < 16; i++) {
            pool.checkHealth();
        }
        assertThat(pool.engineVersion()).matches("v\\d+\\.\\d+\\.\\d+.*");
        assertThat(pool.stats().databasePools()).isEmpty();
        assertThat(pool.stats().totalDatabasesOnDisk()).isZero();
    }

    @Test
    void aGraphWhoseConnectionsAreAllHeldLongerThanACallerWaitsIsReportedStuck() {
        List<PooledConnection> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(pool.acquire(graph));
        }
        pool.checkHealth();

        clock.advance(Duration.ofSeconds(31));

        Throwable thrown = catchThrowable(pool::checkHealth);
        assertThat(thrown).isInstanceOfSatisfying(StagingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STAGING_FAILED);
            assertThat(e.getMessage()).contains("graph g1 is stuck", "DUCKDB_MAX_CONNECTIONS_PER_DB")
                    .doesNotContain(dir.toString());
        });
        held.remove(0).close();
        pool.checkHealth();
        held.forEach(PooledConnection::close);
    }

    /** Replaces the pool by one whose databases live in {@code stagingDir}. */
    private void reopenIn(Path stagingDir) {
        pool.close();
        pool = new DuckDbConnectionPool(DuckDbConfig.defaults(stagingDir).withThreads(2).withMemoryLimit(ByteSize.ofMebibytes(64)),
                new SpoolDirectory(dir.resolve("spool")), clock);
    }

    @Test
    void aFullDiskIsReportedByItsSettingAndHealthReturnsWithTheSpace() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("small"), 32)) {
            reopenIn(disk.path().resolve("staging"));
            pool.checkHealth();
            disk.fillLeaving(0);

            Throwable thrown = catchThrowable(pool::checkHealth);

            assertThat(thrown).isInstanceOfSatisfying(StagingException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FULL);
                assertThat(e.getMessage()).contains("DUCKDB_STAGING_DIR", "full").doesNotContain(dir.toString())
                        .doesNotContain("STAGING_SPOOL_DIR");
            });
            disk.free();
            pool.checkHealth();
            pool.close();
        }
    }

    @Test
    void aDatabaseTheEngineDeclaredBrokenIsReportedThenReopenedOnceIdle() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("small"), 24)) {
            reopenIn(disk.path().resolve("staging"));
            try (PooledConnection lease = pool.acquire(graph); Statement s = lease.connection().createStatement()) {
                s.execute("CREATE TABLE t AS SELECT i, md5(i::VARCHAR) AS h FROM range(20000) t(i)");
            }
            disk.fillLeaving(0);
            try (PooledConnection lease = pool.acquire(graph); Statement s = lease.connection().createStatement()) {
                // A checkpoint that cannot write invalidates the instance: every statement fails from now on.
                assertThat(catchThrowable(() -> s.execute("CHECKPOINT"))).hasMessageContaining("FATAL");
            }
            disk.free();

            try (PooledConnection held = pool.acquire(graph)) {
                Throwable thrown = catchThrowable(pool::checkHealth);
                assertThat(thrown).isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STAGING_FAILED);
                    assertThat(e.getMessage()).contains("graph g1", "broken", "invalidated")
                            .doesNotContain(disk.path().toString());
                });
            }

            // Given back by everyone, the broken instance was closed; the next caller opens it afresh.
            pool.checkHealth();
            try (PooledConnection lease = pool.acquire(graph)) {
                assertThat(scalar(lease.connection(), "SELECT count(*) FROM t")).isEqualTo(20000);
            }
            pool.checkHealth();
            pool.close();
        }
    }

    @Test
    void openDatabasesHoldTheirMemoryLimitAndTheLeastRecentlyUsedIdleOneClosesForANewGraph() {
        pool.close();
        MemoryBudget budget = new MemoryBudget(ByteSize.ofMebibytes(128), Duration.ofMillis(200));
        pool = new DuckDbConnectionPool(DuckDbConfig.defaults(dir).withThreads(1).withMemoryLimit(ByteSize.ofMebibytes(64)),
                new SpoolDirectory(dir.resolve("spool")), budget, clock);
        GraphId g1 = GraphId.of("g1");
        GraphId g2 = GraphId.of("g2");
        GraphId g3 = GraphId.of("g3");
        pool.acquire(g1).close();
        clock.advance(Duration.ofSeconds(1));
        pool.acquire(g2).close();
        assertThat(budget.reservedBytes()).isEqualTo(128L << 20);

        clock.advance(Duration.ofSeconds(1));
        pool.acquire(g3).close();

        assertThat(pool.stats().databasePools()).containsOnlyKeys("g2", "g3");
        assertThat(budget.reservedBytes()).isEqualTo(128L << 20);

        // Nothing idle to close: the next graph waits for memory, then is refused.
        try (PooledConnection a = pool.acquire(g2); PooledConnection b = pool.acquire(g3)) {
            Throwable thrown = catchThrowable(() -> pool.acquire(g1));
            assertThat(thrown).isInstanceOfSatisfying(StagingException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.MEMORY_BUDGET_EXHAUSTED);
                assertThat(e.getMessage()).contains("graph g1", "DUCKDB_MEMORY_LIMIT");
            });
        }
        assertThat(pool.stats().databasePools()).containsOnlyKeys("g2", "g3");
        pool.close();
        assertThat(budget.reservedBytes()).isZero();
    }

    @Test
    void anIdleDatabaseClosedAfterItsTtlGivesItsMemoryBack() {
        pool.close();
        MemoryBudget budget = new MemoryBudget(ByteSize.ofMebibytes(512), Duration.ZERO);
        pool = new DuckDbConnectionPool(DuckDbConfig.defaults(dir).withThreads(1).withMemoryLimit(ByteSize.ofMebibytes(64)),
                new SpoolDirectory(dir.resolve("spool")), budget, clock);
        pool.acquire(graph).close();
        assertThat(budget.reservedBytes()).isEqualTo(64L << 20);

        clock.advance(Duration.ofMinutes(31));
        pool.cleanupExpired();

        assertThat(pool.stats().databasePools()).isEmpty();
        assertThat(budget.reservedBytes()).isZero();
    }

    @Test
    void theSandboxFencesFilesToTheGraphsOwnDirectories() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside.csv"), "a\n1\n");
        Path inside = Files.writeString(Files.createDirectories(pool.paths().spool(graph)).resolve("inside.csv"), "a\n1\n");
        try (PooledConnection lease = pool.acquire(graph)) {
            assertThat(scalar(lease.connection(), "SELECT count(*) FROM read_csv('" + inside + "')")).isEqualTo(1);
            assertThat(catchThrowable(() -> scalar(lease.connection(), "SELECT count(*) FROM read_csv('" + outside + "')")))
                    .hasMessageContaining("Permission Error");
            assertThat(catchThrowable(() -> scalar(lease.connection(), "SELECT count(*) FROM read_csv('"
                    + pool.paths().spool(GraphId.of("g2")) + "/x.csv')"))).hasMessageContaining("Permission Error");
            for (String setting : List.of("SET enable_external_access = true", "SET allowed_directories = ['/']",
                    "SET lock_configuration = false", "SET autoload_known_extensions = true")) {
                assertThat(catchThrowable(() -> lease.connection().createStatement().execute(setting)))
                        .as(setting).hasMessageContaining("locked");
            }
        }
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
