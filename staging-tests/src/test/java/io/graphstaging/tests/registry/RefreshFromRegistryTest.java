package io.graphstaging.tests.registry;

import static io.graphstaging.tests.registry.RefreshFixture.rowsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.StagingStatus;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.usecase.RefreshTable;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Refresh end to end: PostgreSQL registry, real Parquet objects, DuckDB staging files. */
@ExtendWith(SharedPostgresExtension.class)
class RefreshFromRegistryTest {
    private static final GraphId GRAPH = GraphId.of("g1");
    private static final TableName ENTITIES = TableName.of("entities");

    private RefreshFixture fx;

    @BeforeEach
    void open(@TempDir Path dir, PostgresTestServer postgres) {
        fx = new RefreshFixture(dir, postgres.newDatabase());
        fx.registry.registerTable(GRAPH, ENTITIES, TableKind.NODE);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private Map<FileId, RegistryFile> filesById() {
        return fx.registry.listFiles(GRAPH, ENTITIES).stream()
                .collect(Collectors.toMap(RegistryFile::id, Function.identity()));
    }

    @Test
    void stagesTheCompletedReadableFilesAndRecordsEveryOutcome() {
        fx.putParquet("entities/good.parquet", 1, 3);
        fx.putParquet("entities/pending.parquet", 10, 12);
        fx.putCorrupt("entities/corrupt.parquet");
        RegistryFile good = fx.register(GRAPH, ENTITIES, "entities/good.parquet", UploadStatus.COMPLETED);
        RegistryFile pending = fx.register(GRAPH, ENTITIES, "entities/pending.parquet", UploadStatus.UPLOADING);
        RegistryFile corrupt = fx.register(GRAPH, ENTITIES, "entities/corrupt.parquet", UploadStatus.COMPLETED);

        RefreshTable.Outcome outcome = fx.refresh().execute(GRAPH, ENTITIES);

        assertThat(fx.rows(GRAPH, ENTITIES)).containsExactlyElementsOf(rowsOf(1, 3, good));
        assertThat(outcome.table().summary().rowCount()).isEqualTo(3);
        assertThat(outcome.stagedFiles()).extracting(RegistryFile::id).containsExactly(good.id());
        assertThat(outcome.failedFiles()).singleElement().satisfies(f -> {
            assertThat(f.file().id()).isEqualTo(corrupt.id());
            assertThat(f.cause()).isEqualTo(ErrorCode.UNREADABLE_FILE);
        });

        Map<FileId, RegistryFile> files = filesById();
        assertThat(files.get(good.id()).stagingStatus()).isEqualTo(StagingStatus.STAGED);
        assertThat(files.get(good.id()).stagedRowCount()).contains(3L);
        assertThat(files.get(good.id()).stagedAt()).isPresent();
        assertThat(files.get(corrupt.id()).stagingStatus()).isEqualTo(StagingStatus.FAILED);
        assertThat(files.get(corrupt.id()).stagedRowCount()).isEmpty();
        assertThat(files.get(pending.id()).stagingStatus()).isEqualTo(StagingStatus.PENDING);
        assertThat(fx.registry.findTable(GRAPH, ENTITIES).orElseThrow().rowCount()).isEqualTo(3);
    }

    @Test
    void aMissingObjectIsRecordedAsFailedAndTheRestIsStaged() {
        fx.putParquet("entities/a.parquet", 1, 2);
        RegistryFile a = fx.register(GRAPH, ENTITIES, "entities/a.parquet", UploadStatus.COMPLETED);
        RegistryFile gone = fx.register(GRAPH, ENTITIES, "entities/never-uploaded.parquet", UploadStatus.COMPLETED);

        RefreshTable.Outcome outcome = fx.refresh().execute(GRAPH, ENTITIES);

        assertThat(outcome.failedFiles()).singleElement().satisfies(f -> {
            assertThat(f.file().id()).isEqualTo(gone.id());
            assertThat(f.cause()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND);
        });
        assertThat(fx.rows(GRAPH, ENTITIES)).containsExactlyElementsOf(rowsOf(1, 2, a));
        assertThat(filesById().get(gone.id()).stagingStatus()).isEqualTo(StagingStatus.FAILED);
    }

    @Test
    void laterFilesWinAndARefreshReconcilesWhatChanged() {
        fx.putParquet("entities/old.parquet", 1, 4);
        fx.putCorrupt("entities/new.parquet");
        RegistryFile old = fx.register(GRAPH, ENTITIES, "entities/old.parquet", UploadStatus.COMPLETED);
        RegistryFile newer = fx.register(GRAPH, ENTITIES, "entities/new.parquet", UploadStatus.COMPLETED);
        fx.refresh().execute(GRAPH, ENTITIES);
        assertThat(filesById().get(newer.id()).stagingStatus()).isEqualTo(StagingStatus.FAILED);

        // The new file is uploaded again, correctly: identifiers 3..6 overlap the old file's 3..4.
        fx.putParquet("entities/new.parquet", 3, 6);
        RefreshTable.Outcome outcome = fx.refresh().execute(GRAPH, ENTITIES);

        List<String> expected = new ArrayList<>(rowsOf(1, 2, old));
        expected.addAll(rowsOf(3, 6, newer));
        assertThat(fx.rows(GRAPH, ENTITIES)).containsExactlyElementsOf(expected);
        assertThat(outcome.failedFiles()).isEmpty();
        Map<FileId, RegistryFile> files = filesById();
        assertThat(files.get(old.id()).stagedRowCount()).contains(4L);
        assertThat(files.get(newer.id()).stagingStatus()).isEqualTo(StagingStatus.STAGED);
        assertThat(files.get(newer.id()).stagedRowCount()).contains(4L);
        assertThat(fx.registry.findTable(GRAPH, ENTITIES).orElseThrow().rowCount()).isEqualTo(6);

        // The old file's upload is withdrawn: the next refresh drops its rows and says so.
        fx.registry.markUploadFailed(GRAPH, old.id());
        fx.refresh().execute(GRAPH, ENTITIES);

        assertThat(fx.rows(GRAPH, ENTITIES)).containsExactlyElementsOf(rowsOf(3, 6, newer));
        assertThat(filesById().get(old.id()).stagingStatus()).isEqualTo(StagingStatus.PENDING);
        assertThat(filesById().get(old.id()).stagedRowCount()).isEmpty();
    }

    @Test
    void whenEveryFileFailsNothingChangesAndTheErrorNamesThem() {
        fx.putParquet("entities/a.parquet", 1, 2);
        RegistryFile a = fx.register(GRAPH, ENTITIES, "entities/a.parquet", UploadStatus.COMPLETED);
        fx.refresh().execute(GRAPH, ENTITIES);
        fx.putCorrupt("entities/a.parquet");
        fx.putCorrupt("entities/b.parquet");
        RegistryFile b = fx.register(GRAPH, ENTITIES, "entities/b.parquet", UploadStatus.COMPLETED);
        List<RegistryFile> before = fx.registry.listFiles(GRAPH, ENTITIES);

        assertThatThrownBy(() -> fx.refresh().execute(GRAPH, ENTITIES))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNREADABLE_FILE);
                    assertThat(e.getMessage()).contains(a.id().value(), b.id().value(), "table is unchanged");
                });
        assertThat(fx.rows(GRAPH, ENTITIES)).containsExactlyElementsOf(rowsOf(1, 2, a));
        assertThat(fx.registry.listFiles(GRAPH, ENTITIES)).isEqualTo(before);
    }

    @Test
    void anUnknownTableOrOneWithoutCompletedFilesIsRefused() {
        assertThatThrownBy(() -> fx.refresh().execute(GRAPH, TableName.of("unknown")))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_TABLE_NOT_FOUND));

        fx.register(GRAPH, ENTITIES, "entities/a.parquet", UploadStatus.PENDING);
        assertThatThrownBy(() -> fx.refresh().execute(GRAPH, ENTITIES))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_COMPLETED_FILES));
        assertThat(fx.store.listTables(GRAPH)).isEmpty();
    }
}
