package io.graphstaging.tests.registry;

import static io.graphstaging.tests.registry.RefreshFixture.rowsOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.StagingStatus;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.usecase.RefreshTable;
import io.graphstaging.core.usecase.TableLocks;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two refreshes of one table at once: one waits for the other (or, with no wait allowed, is
 * refused as busy), and the table and the registry end in one coherent state, never a mix.
 */
@ExtendWith(SharedPostgresExtension.class)
class ConcurrentRefreshTest {
    private static final GraphId GRAPH = GraphId.of("g1");
    private static final TableName ENTITIES = TableName.of("entities");

    private RefreshFixture fx;
    private RegistryFile a;
    private RegistryFile b;
    private ExecutorService threads;

    @BeforeEach
    void open(@TempDir Path dir, PostgresTestServer postgres) {
        fx = new RefreshFixture(dir, postgres.newDatabase());
        fx.registry.registerTable(GRAPH, ENTITIES, TableKind.NODE);
        fx.putParquet("entities/a.parquet", 1, 50);
        fx.putParquet("entities/b.parquet", 40, 80);
        a = fx.register(GRAPH, ENTITIES, "entities/a.parquet", UploadStatus.COMPLETED);
        b = fx.register(GRAPH, ENTITIES, "entities/b.parquet", UploadStatus.COMPLETED);
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        fx.close();
    }

    private void assertCoherent() {
        List<String> expected = new ArrayList<>(rowsOf(1, 39, a));
        expected.addAll(rowsOf(40, 80, b));
        assertThat(fx.rows(GRAPH, ENTITIES)).containsExactlyElementsOf(expected);
        List<RegistryFile> files = fx.registry.listFiles(GRAPH, ENTITIES);
        assertThat(files).allSatisfy(f -> assertThat(f.stagingStatus()).isEqualTo(StagingStatus.STAGED));
        assertThat(files).extracting(f -> f.stagedRowCount().orElseThrow()).containsExactly(50L, 41L);
        assertThat(fx.registry.findTable(GRAPH, ENTITIES).orElseThrow().rowCount()).isEqualTo(80);
    }

    @Test
    void theSecondRefreshWaitsForTheFirst() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        CountDownLatch bothStarted = new CountDownLatch(2);
        CountDownLatch secondEnteredCreate = new CountDownLatch(2);
        RefreshTable refresh = fx.refresh(Duration.ofSeconds(60), o -> o, real -> new InterposingStagingStore(real,
                () -> {
                    mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    secondEnteredCreate.countDown();
                    // Without the table lock the other refresh would enter here meanwhile; with it, it cannot.
                    await(secondEnteredCreate, 2);
                },
                inside::decrementAndGet));

        List<Future<RefreshTable.Outcome>> results = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            results.add(threads.submit(() -> {
                bothStarted.countDown();
                bothStarted.await();
                return refresh.execute(GRAPH, ENTITIES);
            }));
        }

        for (Future<RefreshTable.Outcome> r : results) {
            assertThat(r.get(60, TimeUnit.SECONDS).table().summary().rowCount()).isEqualTo(80);
        }
        assertThat(mostInside.get()).isEqualTo(1);
        assertCoherent();
    }

    @Test
    void withNoWaitAllowedTheSecondIsRefusedAsBusy() throws Exception {
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        TableLocks locks = new TableLocks(Duration.ZERO);
        RefreshTable holding = new RefreshTable(fx.registry, fx.objects, new InterposingStagingStore(fx.store,
                () -> {
                    firstInside.countDown();
                    await(releaseFirst, 60);
                }, () -> { }), locks);
        RefreshTable other = new RefreshTable(fx.registry, fx.objects, fx.store, locks);

        Future<RefreshTable.Outcome> first = threads.submit(() -> holding.execute(GRAPH, ENTITIES));
        assertThat(firstInside.await(60, TimeUnit.SECONDS)).isTrue();
        Future<RefreshTable.Outcome> second = threads.submit(() -> other.execute(GRAPH, ENTITIES));

        assertThat(causeOf(second)).isInstanceOfSatisfying(StagingException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TABLE_BUSY));
        releaseFirst.countDown();
        assertThat(first.get(60, TimeUnit.SECONDS).stagedFiles()).hasSize(2);
        assertCoherent();
    }

    private static Throwable causeOf(Future<?> future) throws InterruptedException, java.util.concurrent.TimeoutException {
        try {
            future.get(60, TimeUnit.SECONDS);
            throw new AssertionError("expected the refresh to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static void await(CountDownLatch latch, int seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
