package io.graphstaging.tests.registry;

import static io.graphstaging.tests.registry.RefreshFixture.rowsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.StagingStatus;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.usecase.RefreshTable;
import io.graphstaging.registry.testing.PostgresTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's PostgreSQL server is stopped at each point of a refresh. Before the table is
 * replaced, the refresh fails with REGISTRY_FAILED and the staging table stays as it was; after,
 * the error says the table was rebuilt and a second refresh brings the registry in line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryOutageDuringRefreshTest {
    private static final GraphId GRAPH = GraphId.of("g1");
    private static final TableName ENTITIES = TableName.of("entities");

    private PostgresTestServer postgres;
    private RefreshFixture fx;
    private RegistryFile first;
    private RegistryFile second;

    @BeforeAll
    void startServer() {
        postgres = PostgresTestServer.start();
    }

    @AfterAll
    void closeServer() {
        postgres.close();
    }

    /** A table staged from one file, and a second completed file registered since. */
    @BeforeEach
    void stagedOnce(@TempDir Path dir) {
        postgres.restart();
        fx = new RefreshFixture(dir, postgres.newDatabase().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
        fx.registry.registerTable(GRAPH, ENTITIES, TableKind.NODE);
        fx.putParquet("entities/1.parquet", 1, 3);
        fx.putParquet("entities/2.parquet", 4, 5);
        first = fx.register(GRAPH, ENTITIES, "entities/1.parquet", UploadStatus.COMPLETED);
        fx.refresh().execute(GRAPH, ENTITIES);
        second = fx.register(GRAPH, ENTITIES, "entities/2.parquet", UploadStatus.COMPLETED);
    }

    @AfterEach
    void close() {
        postgres.restart();
        fx.close();
    }

    private void assertRegistryFailedAndTableUnchanged(RefreshTable refresh) {
        assertThatThrownBy(() -> refresh.execute(GRAPH, ENTITIES))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FAILED);
                    assertThat(e.getMessage()).contains("file registry failed");
                });
        assertThat(fx.rows(GRAPH, ENTITIES)).containsExactlyElementsOf(rowsOf(1, 3, first));
        postgres.restart();
        postgres.awaitReconnected(fx.registry);
        RegistryFile after = fx.registry.listFiles(GRAPH, ENTITIES).get(1);
        assertThat(after.id()).isEqualTo(second.id());
        assertThat(after.stagingStatus()).isEqualTo(StagingStatus.PENDING);
    }

    @Test
    void stoppedBeforeTheRefreshStarts() {
        postgres.stop();

        assertRegistryFailedAndTableUnchanged(fx.refresh());
    }

    @Test
    void stoppedWhileObjectsAreFetched() {
        RefreshTable refresh = fx.refresh(Duration.ofSeconds(30),
                real -> new InterposingObjectStore(real, postgres::stop), UnaryOperator.identity());

        assertRegistryFailedAndTableUnchanged(refresh);
    }

    @Test
    void stoppedAfterTheTableWasRebuiltIsReportedAndHealedByTheNextRefresh() {
        RefreshTable refresh = fx.refresh(Duration.ofSeconds(30), UnaryOperator.identity(),
                real -> new InterposingStagingStore(real, () -> { }, postgres::stop));

        assertThatThrownBy(() -> refresh.execute(GRAPH, ENTITIES))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FAILED);
                    assertThat(e.getMessage()).contains("was rebuilt", "Run the refresh again");
                });
        List<String> both = new ArrayList<>(rowsOf(1, 3, first));
        both.addAll(rowsOf(4, 5, second));
        assertThat(fx.rows(GRAPH, ENTITIES)).containsExactlyElementsOf(both);

        postgres.restart();
        postgres.awaitReconnected(fx.registry);
        assertThat(fx.registry.listFiles(GRAPH, ENTITIES).get(1).stagingStatus()).isEqualTo(StagingStatus.PENDING);
        fx.refresh().execute(GRAPH, ENTITIES);

        assertThat(fx.rows(GRAPH, ENTITIES)).containsExactlyElementsOf(both);
        assertThat(fx.registry.listFiles(GRAPH, ENTITIES)).allSatisfy(
                f -> assertThat(f.stagingStatus()).isEqualTo(StagingStatus.STAGED));
        assertThat(fx.registry.findTable(GRAPH, ENTITIES).orElseThrow().rowCount()).isEqualTo(5);
    }
}
