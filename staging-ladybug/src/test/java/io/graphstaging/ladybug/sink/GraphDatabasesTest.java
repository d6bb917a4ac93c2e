package io.graphstaging.ladybug.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.ladybug.binding.DatabaseConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle of graph databases, on real LadybugDB files. */
class GraphDatabasesTest {
    private static final long POOL = 16L << 20;
    private static final GraphId G1 = GraphId.of("g1");
    private static final GraphId G2 = GraphId.of("g2");
    private static final GraphId G3 = GraphId.of("g3");

    @TempDir
    Path tmp;
    private final List<String> opened = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private GraphDatabases databases;

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        if (databases != null) {
            databases.close();
        }
    }

    private GraphDatabases databases(MemoryBudget budget, Duration idle, int maxOpen) {
        databases = new GraphDatabases(tmp, new DatabaseConfig(POOL, 1, true, false, 64L << 20), budget, idle, maxOpen,
                connection -> opened.add(String.valueOf(connection.queryLong("RETURN 1"))));
        return databases;
    }

    private static MemoryBudget budgetOf(int pools) {
        return new MemoryBudget(ByteSize.ofBytes(pools * POOL), Duration.ZERO);
    }

    private void use(GraphId graph) {
        databases.write(graph, c -> c.queryLong("RETURN 1"));
    }

    /** A graph's database held in use on another thread. */
    private record Held(CountDownLatch latch, Future<Boolean> work) {
        void release() throws Exception {
            latch.countDown();
            assertThat(work.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private Held holdInUse(GraphId graph) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> work = threads.submit(() -> databases.write(graph, c -> {
            inside.countDown();
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        return new Held(release, work);
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void anIdleDatabaseClosesAfterTheIdleTimeAndGivesItsPoolBack() throws Exception {
        MemoryBudget budget = budgetOf(4);
        databases(budget, Duration.ofMillis(200), 10);
        use(G1);
        assertThat(databases.openCount()).isEqualTo(1);
        assertThat(budget.reservedBytes()).isEqualTo(POOL);

        eventually(() -> databases.openCount() == 0);
        assertThat(budget.reservedBytes()).isZero();
        use(G1);
        assertThat(opened).hasSize(2);
    }

    @Test
    void aDatabaseInUseIsNeverClosedForIdleness() throws Exception {
        databases(budgetOf(4), Duration.ofMillis(50), 10);
        Held held = holdInUse(G1);
        Thread.sleep(500);
        assertThat(databases.openCount()).isEqualTo(1);
        held.release();
        eventually(() -> databases.openCount() == 0);
    }

    @Test
    void shortOfMemoryTheLeastRecentlyUsedIdleDatabaseCloses() throws Exception {
        MemoryBudget budget = budgetOf(2);
        databases(budget, Duration.ofHours(1), 10);
        use(G1);
        use(G2);
        use(G1);

        use(G3); // the budget holds two pools: g2, used least recently, makes room

        assertThat(databases.openCount()).isEqualTo(2);
        assertThat(budget.reservedBytes()).isEqualTo(2 * POOL);
        use(G1);
        assertThat(opened).hasSize(3);
        use(G2);
        assertThat(opened).hasSize(4);
    }

    @Test
    void whenEveryOpenDatabaseIsInUseOpeningAnotherIsRefused() throws Exception {
        databases(budgetOf(1), Duration.ofHours(1), 10);
        Held held = holdInUse(G1);

        assertThatThrownBy(() -> use(G2))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MEMORY_BUDGET_EXHAUSTED));
        held.release();
        use(G2);
        assertThat(databases.openCount()).isEqualTo(1);
    }

    @Test
    void theAddressSpaceBoundsOpenDatabasesLikeMemory() throws Exception {
        databases(budgetOf(100), Duration.ofHours(1), 2);
        use(G1);
        use(G2);
        use(G3);
        assertThat(databases.openCount()).isEqualTo(2);

        Held first = holdInUse(G2);
        Held second = holdInUse(G3);
        assertThatThrownBy(() -> use(G1))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MEMORY_BUDGET_EXHAUSTED))
                .hasMessageContaining("2 graph databases are open and in use")
                .hasMessageContaining("LBUG_MAX_DB_SIZE=64MiB");
        first.release();
        second.release();
    }

    @Test
    void callsWaitingForAGraphKeepItsDatabaseOpen() throws Exception {
        databases(budgetOf(1), Duration.ofMillis(20), 10);
        Held held = holdInUse(G1);
        Future<Long> waiting = threads.submit(() -> databases.write(G1, c -> c.queryLong("RETURN 2")));
        Thread.sleep(300);
        held.release();
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(opened).hasSize(1);
    }

    @Test
    void closingWaitsForWorkInProgressAndRefusesLaterCalls() throws Exception {
        MemoryBudget budget = budgetOf(2);
        databases(budget, Duration.ofHours(1), 10);
        use(G2);
        Held held = holdInUse(G1);
        Future<?> closing = threads.submit(databases::close);
        Thread.sleep(200);
        assertThat(closing).isNotDone();
        held.release();
        closing.get(30, TimeUnit.SECONDS);

        assertThat(databases.openCount()).isZero();
        assertThat(budget.reservedBytes()).isZero();
        assertThatThrownBy(() -> use(G1)).isInstanceOfSatisfying(StagingException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
    }
}
