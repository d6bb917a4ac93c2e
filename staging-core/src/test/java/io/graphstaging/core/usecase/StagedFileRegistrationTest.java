package io.graphstaging.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.StagingStatus;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.testing.InMemoryFileRegistry;
import io.graphstaging.core.testing.InMemoryObjectStore;
import io.graphstaging.core.testing.InMemoryStagingStore;
import io.graphstaging.core.testing.QueryAnswers;
import io.graphstaging.core.testing.RowsFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creates, appends and file deletes keep the registry in step, so a refresh rebuilds the same table. */
class StagedFileRegistrationTest {
    private static final List<Column> NODE = List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR"));
    private static final GraphId G = GraphId.of("g1");
    private static final TableName T = TableName.of("entities");

    @TempDir
    Path dir;
    private InMemoryObjectStore objects;
    private InMemoryStagingStore store;
    private InMemoryFileRegistry registry;
    private TableLocks locks;
    private CreateTable create;
    private AppendFiles append;
    private DeleteFileRows delete;

    @BeforeEach
    void wire() {
        objects = new InMemoryObjectStore(dir.resolve("spool"));
        store = new InMemoryStagingStore(dir.resolve("exports"));
        registry = new InMemoryFileRegistry();
        locks = new TableLocks(Duration.ofMillis(200));
        StagedFileRegistration registration = StagedFileRegistration.always(registry);
        create = new CreateTable(objects, store, locks, registration);
        append = new AppendFiles(objects, store, locks, registration);
        delete = new DeleteFileRows(store, locks, registration);
    }

    private ObjectUri put(String key, List<List<Object>> rows) {
        ObjectUri uri = new ObjectUri("bucket", key);
        objects.put(uri, RowsFile.encode(NODE, rows));
        return uri;
    }

    private static StageFilesCommand command(ObjectPattern p, Map<ObjectUri, FileId> ids) {
        return new StageFilesCommand(G, T, p, ids);
    }

    private List<List<Object>> rows() {
        return QueryAnswers.all(store, G, "SELECT * FROM entities").rows();
    }

    @Test
    void aRefreshRebuildsWhatACreateAndAnAppendStagedWithTheSameFileIds() {
        ObjectUri a = put("e/a.rows", List.of(List.of(1L, "a1"), List.of(2L, "a2")));
        ObjectUri b = put("e/b.rows", List.of(List.of(2L, "b2"), List.of(3L, "b3")));
        create.execute(command(ObjectPattern.ofUris(List.of(a.toString())), Map.of(a, FileId.of("fa"))));
        append.execute(command(ObjectPattern.ofUris(List.of(b.toString())), Map.of(b, FileId.of("fb"))));
        List<List<Object>> staged = rows();

        List<RegistryFile> files = registry.listFiles(G, T);
        assertThat(files).extracting(RegistryFile::objectUri).containsExactly(a, b);
        assertThat(files).extracting(RegistryFile::fileSizeBytes).allMatch(size -> size > 0);
        assertThat(registry.stagingTags(G, T).values())
                .containsExactly(Optional.of(FileId.of("fa")), Optional.of(FileId.of("fb")));
        assertThat(registry.schemaContract(G, T)).contains(store.listTables(G).get(0).contract());
        // Recorded as staged, with the rows read from each file and the table's rows after dedupe.
        assertThat(files).extracting(RegistryFile::stagingStatus).containsOnly(StagingStatus.STAGED);
        assertThat(files).extracting(f -> f.stagedRowCount().orElseThrow()).containsExactly(2L, 2L);
        assertThat(registry.findTable(G, T).orElseThrow().rowCount()).isEqualTo(3);

        // A new node: no staging table, rebuilt from the registry alone.
        store.dropTable(G, T);
        RefreshTable.Outcome rebuilt = new RefreshTable(registry, objects, store, locks).execute(G, T);

        assertThat(rows()).containsExactlyInAnyOrderElementsOf(staged).contains(List.of(2L, "b2", "fb"));
        assertThat(rebuilt.table().rowsPerSourceFile()).containsOnlyKeys("fa", "fb");
        assertThat(registry.listFiles(G, T)).extracting(RegistryFile::stagingStatus)
                .containsOnly(StagingStatus.STAGED);
    }

    @Test
    void registeringAgainChangesNothingAndACreateReplacesTheTablesFiles() {
        ObjectUri a = put("e/a.rows", List.of(List.of(1L, "a1")));
        ObjectUri b = put("e/b.rows", List.of(List.of(2L, "b2")));
        ObjectPattern both = ObjectPattern.parse("s3://bucket/e/*.rows");
        create.execute(command(both, Map.of()));
        List<RegistryFile> first = registry.listFiles(G, T);
        append.execute(command(ObjectPattern.ofUris(List.of(b.toString())), Map.of()));
        create.execute(command(both, Map.of()));

        assertThat(registry.listFiles(G, T)).extracting(RegistryFile::id)
                .containsExactlyElementsOf(first.stream().map(RegistryFile::id).toList());
        // Tagged by URI: no file id column, as staged.
        assertThat(registry.stagingTags(G, T).values()).containsOnly(Optional.empty());

        create.execute(command(ObjectPattern.ofUris(List.of(a.toString())), Map.of()));
        assertThat(registry.listFiles(G, T)).extracting(RegistryFile::objectUri).containsExactly(a);
        assertThat(registry.findTable(G, T).orElseThrow().fileCount()).isEqualTo(1);
    }

    @Test
    void deletingAFilesRowsRemovesItsRegistration() {
        ObjectUri a = put("e/a.rows", List.of(List.of(1L, "a1")));
        ObjectUri b = put("e/b.rows", List.of(List.of(2L, "b2")));
        create.execute(command(ObjectPattern.ofUris(List.of(a.toString(), b.toString())),
                Map.of(a, FileId.of("fa"), b, FileId.of("fb"))));

        assertThat(delete.execute(G, T, FileId.of("fb"))).isEqualTo(1);

        assertThat(registry.listFiles(G, T)).extracting(RegistryFile::objectUri).containsExactly(a);
        store.dropTable(G, T);
        new RefreshTable(registry, objects, store, locks).execute(G, T);
        assertThat(rows()).containsExactly(List.of(1L, "a1", "fa"));
    }

    @Test
    void aCreateReplacesTheStagedSetAndKeepsTheRegistrysOwnFilesAsNotStaged() {
        ObjectUri a = put("e/a.rows", List.of(List.of(1L, "a1")));
        ObjectUri r = put("e/r.rows", List.of(List.of(9L, "r9")));
        RegistryFile viaRegistry = registerThroughTheRegistry(r);
        new RefreshTable(registry, objects, store, locks).execute(G, T);

        create.execute(command(ObjectPattern.ofUris(List.of(a.toString())), Map.of()));

        assertThat(rows()).containsExactly(List.of(1L, "a1"));
        assertThat(registry.listFiles(G, T)).extracting(f -> f.objectUri() + " " + f.stagingStatus())
                .containsExactly(r + " PENDING", a + " STAGED");
        assertThat(registry.listFiles(G, T).get(0).id()).isEqualTo(viaRegistry.id());
    }

    @Test
    void droppingTheTableForgetsItsDirectFilesAndUnstagesTheRegistrysOwn() {
        ObjectUri a = put("e/a.rows", List.of(List.of(1L, "a1")));
        ObjectUri r = put("e/r.rows", List.of(List.of(9L, "r9")));
        registerThroughTheRegistry(r);
        new RefreshTable(registry, objects, store, locks).execute(G, T);
        append.execute(command(ObjectPattern.ofUris(List.of(a.toString())), Map.of(a, FileId.of("fa"))));
        DeleteTable drop = new DeleteTable(store, locks, StagedFileRegistration.always(registry));

        assertThat(drop.execute(G, T)).isTrue();

        assertThat(store.describeTable(G, T)).isEmpty();
        assertThat(registry.listFiles(G, T)).singleElement().satisfies(f -> {
            assertThat(f.objectUri()).isEqualTo(r);
            assertThat(f.stagingStatus()).isEqualTo(StagingStatus.PENDING);
        });
        assertThat(registry.findTable(G, T).orElseThrow().rowCount()).isZero();
        assertThat(drop.execute(G, T)).as("again").isFalse();
    }

    @Test
    void aRegistryThatIsDownRefusesTheDropAndTheTableStays() {
        ObjectUri a = put("e/a.rows", List.of(List.of(1L, "a1")));
        create.execute(command(ObjectPattern.ofUris(List.of(a.toString())), Map.of()));
        registry.setDown(true);

        Throwable refused = catchThrowable(() -> new DeleteTable(store, locks, StagedFileRegistration.always(registry))
                .execute(G, T));

        assertThat(((StagingException) refused).code()).isEqualTo(ErrorCode.REGISTRY_FAILED);
        registry.setDown(false);
        assertThat(rows()).containsExactly(List.of(1L, "a1"));
        assertThat(registry.listFiles(G, T)).extracting(RegistryFile::stagingStatus).containsOnly(StagingStatus.STAGED);
    }

    private RegistryFile registerThroughTheRegistry(ObjectUri uri) {
        registry.registerTable(G, T, TableKind.NODE);
        return registry.registerFile(new NewRegistryFile(G, T, uri, uri.key(), 1,
                UploadStatus.COMPLETED));
    }

    @Test
    void aRegistryThatIsDownRefusesTheStagingBeforeAnythingIsWritten() {
        ObjectUri a = put("e/a.rows", List.of(List.of(1L, "a1")));
        registry.setDown(true);

        Throwable refused = catchThrowable(() -> create.execute(command(ObjectPattern.ofUris(List.of(a.toString())),
                Map.of())));

        assertThat(((StagingException) refused).code()).isEqualTo(ErrorCode.REGISTRY_FAILED);
        assertThat(store.describeTable(G, T)).isEmpty();
    }

    @Test
    void offRegistersNothingAndStagesWithTheRegistryDown() {
        ObjectUri a = put("e/a.rows", List.of(List.of(1L, "a1")));
        registry.setDown(true);

        new CreateTable(objects, store, locks, StagedFileRegistration.off())
                .execute(command(ObjectPattern.ofUris(List.of(a.toString())), Map.of()));

        registry.setDown(false);
        assertThat(rows()).containsExactly(List.of(1L, "a1"));
        assertThat(registry.findTable(G, T)).isEmpty();
    }
}
