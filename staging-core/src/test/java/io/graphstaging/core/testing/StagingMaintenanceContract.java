package io.graphstaging.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.StagingMaintenance;
import io.graphstaging.core.port.StagingQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What every {@link StagingMaintenance} promises, run against each implementation. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class StagingMaintenanceContract {
    private static final List<Column> COLUMNS = List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR"));
    private static final SqlQuery ALL = new SqlQuery("SELECT * FROM entities", List.of());

    protected abstract StagingMaintenance maintenance();

    /** The queries of the same store, to see what maintenance does to them. */
    protected abstract StagingQueries queries();

    protected abstract TableStager stager();

    private GraphId graph;

    @BeforeEach
    void chooseGraph() {
        graph = GraphId.of("m-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private void stageRows(int count) {
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            rows.add(List.of(i, "name " + i));
        }
        stager().stage(graph, TableName.of("entities"), COLUMNS, rows);
    }

    private long rowCount() {
        long[] rows = {0};
        queries().stream(graph, ALL, 1000, new Cancellation(), chunk -> rows[0] += chunk.rows().size());
        return rows[0];
    }

    private StagingException queryFailure() {
        Throwable thrown = catchThrowable(this::rowCount);
        assertThat(thrown).isInstanceOf(StagingException.class);
        return (StagingException) thrown;
    }

    @Test
    void statsCountTheStagedGraph() {
        int before = maintenance().stats().totalDatabasesOnDisk();
        stageRows(3);

        assertThat(maintenance().stats().totalDatabasesOnDisk()).isEqualTo(before + 1);
    }

    @Test
    void cleanupRemovesTheGraphOnceAndItsQueriesAreThenNotFound() {
        stageRows(3);
        int before = maintenance().stats().totalDatabasesOnDisk();

        assertThat(maintenance().forceDatabaseCleanup(graph)).isTrue();

        assertThat(maintenance().forceDatabaseCleanup(graph)).isFalse();
        assertThat(queryFailure().code()).isEqualTo(ErrorCode.GRAPH_NOT_FOUND);
        assertThat(maintenance().stats().totalDatabasesOnDisk()).isEqualTo(before - 1);
        assertThat(maintenance().stats().databasePools()).doesNotContainKey(graph.value());
    }

    @Test
    void cleanupOfAGraphThatNeverExistedRemovesNothing() {
        assertThat(maintenance().forceDatabaseCleanup(graph)).isFalse();
        assertThat(queryFailure().code()).isEqualTo(ErrorCode.GRAPH_NOT_FOUND);
    }

    @Test
    void aRunningQueryIsActiveThenStoppedByCleanup() throws Exception {
        stageRows(50);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        List<QueryChunk> seen = new ArrayList<>();
        CompletableFuture<Throwable> query = CompletableFuture.supplyAsync(() -> catchThrowable(() ->
                queries().stream(graph, ALL, 10, new Cancellation(), chunk -> {
                    seen.add(chunk);
                    inside.countDown();
                    await(resume);
                })));
        assertThat(inside.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(maintenance().hasActiveConnections(graph)).isTrue();

        CompletableFuture<Boolean> cleanup = CompletableFuture.supplyAsync(() -> maintenance().forceDatabaseCleanup(graph));
        // The cleanup must not wait for the query to finish by itself: it stops it.
        Thread.sleep(200);
        resume.countDown();

        assertThat(cleanup.get(60, TimeUnit.SECONDS)).isTrue();
        assertThat(query.get(60, TimeUnit.SECONDS)).isInstanceOfSatisfying(StagingException.class,
                e -> assertThat(e.getMessage()).contains(graph.value()));
        assertThat(seen).hasSizeLessThan(5);
        assertThat(maintenance().hasActiveConnections(graph)).isFalse();
    }

    @Test
    void closingConnectionsKeepsTheData() {
        stageRows(7);

        maintenance().closeDatabaseConnections(graph);

        assertThat(maintenance().hasActiveConnections(graph)).isFalse();
        assertThat(rowCount()).isEqualTo(7);
    }

    @Test
    void aHealthyStoreIsHealthyAndNamesItsEngine() {
        stageRows(1);

        maintenance().checkHealth();

        assertThat(maintenance().engineVersion()).isNotBlank();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
