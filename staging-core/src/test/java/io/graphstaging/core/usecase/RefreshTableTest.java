package io.graphstaging.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.StagingStatus;
import io.graphstaging.core.model.FetchedObjects;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectInfo;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.QueryResult;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.testing.InMemoryFileRegistry;
import io.graphstaging.core.testing.InMemoryObjectStore;
import io.graphstaging.core.testing.InMemoryStagingStore;
import io.graphstaging.core.testing.QueryAnswers;
import io.graphstaging.core.testing.RowsFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefreshTableTest {
    private static final GraphId G = GraphId.of("g1");
    private static final TableName ENTITIES = TableName.of("entities");
    private static final List<Column> NODE = List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR"));

    @TempDir
    Path dir;
    private InMemoryFileRegistry registry;
    private InMemoryObjectStore objects;
    private InMemoryStagingStore store;

    @BeforeEach
    void setUp() {
        registry = new InMemoryFileRegistry();
        objects = new InMemoryObjectStore(dir.resolve("spool"));
        store = new InMemoryStagingStore(dir.resolve("exports"));
        registry.registerTable(G, ENTITIES, TableKind.NODE);
    }

    private RefreshTable refresh(FileRegistry withRegistry, ObjectStore withObjects) {
        return new RefreshTable(withRegistry, withObjects, store, new TableLocks(Duration.ofSeconds(5)));
    }

    private RefreshTable refresh() {
        return refresh(registry, objects);
    }

    private static ObjectUri uri(String name) {
        return ObjectUri.parse("s3://bucket/" + name);
    }

    /** Puts an object with identifiers first..last and registers it. */
    private RegistryFile file(String name, int first, int last, UploadStatus status) {
        List<List<Object>> rows = new ArrayList<>();
        for (long i = first; i <= last; i++) {
            rows.add(List.of(i, name + "-" + i));
        }
        objects.put(uri(name), RowsFile.encode(NODE, rows));
        return register(name, status);
    }

    private RegistryFile corrupt(String name) {
        objects.put(uri(name), "not a rows file".getBytes(StandardCharsets.UTF_8));
        return register(name, UploadStatus.COMPLETED);
    }

    private RegistryFile register(String name, UploadStatus status) {
        return registry.registerFile(new NewRegistryFile(G, ENTITIES, uri(name), name, 10, status));
    }

    /** What a reader sees, as "identifier/file_id". */
    private List<String> rows() {
        QueryResult result = QueryAnswers.all(store, G, "SELECT * FROM entities");
        List<String> names = result.columns().stream().map(Column::name).toList();
        int id = names.indexOf("identifier");
        int fileId = names.indexOf("file_id");
        return result.rows().stream().map(r -> r.get(id) + "/" + r.get(fileId)).sorted().toList();
    }

    private StagingStatus status(RegistryFile file) {
        return registry.listFiles(G, ENTITIES).stream().filter(f -> f.id().equals(file.id())).findFirst().orElseThrow()
                .stagingStatus();
    }

    @Test
    void aRefreshKeepsTheContractTheRegistryOrTheStagedTableHas() {
        registry.registerTable(G, ENTITIES, io.graphstaging.core.model.TableKind.NODE);
        file("good", 1, 2, UploadStatus.COMPLETED);
        io.graphstaging.core.model.SchemaContract quarantine = new io.graphstaging.core.model.SchemaContract(
                io.graphstaging.core.model.SchemaContract.Columns.FREEZE,
                io.graphstaging.core.model.SchemaContract.Rows.QUARANTINE);
        io.graphstaging.core.model.SchemaContract evolve = new io.graphstaging.core.model.SchemaContract(
                io.graphstaging.core.model.SchemaContract.Columns.EVOLVE,
                io.graphstaging.core.model.SchemaContract.Rows.REJECT_FILE);

        // Given on the refresh: used and kept in the registry.
        assertThat(refresh().execute(G, ENTITIES, java.util.Optional.of(quarantine),
                new io.graphstaging.core.model.Cancellation(), io.graphstaging.core.task.ProgressListener.NONE)
                .table().summary().contract()).isEqualTo(quarantine);
        assertThat(registry.schemaContract(G, ENTITIES)).contains(quarantine);
        assertThat(refresh().execute(G, ENTITIES).table().summary().contract()).isEqualTo(quarantine);

        // Not in the registry: the staged table's own is kept.
        InMemoryFileRegistry fresh = new InMemoryFileRegistry();
        fresh.registerTable(G, ENTITIES, io.graphstaging.core.model.TableKind.NODE);
        fresh.registerFile(new NewRegistryFile(G, ENTITIES, uri("good"), "good", 10, UploadStatus.COMPLETED));
        store.changeContract(G, ENTITIES, evolve);
        assertThat(refresh(fresh, objects).execute(G, ENTITIES).table().summary().contract()).isEqualTo(evolve);
    }

    @Test
    void buildsFromTheCompletedReadableFilesTaggedWithTheirIds() {
        RegistryFile good = file("good", 1, 2, UploadStatus.COMPLETED);
        RegistryFile pending = file("pending", 5, 6, UploadStatus.UPLOADING);
        RegistryFile broken = corrupt("broken");
        RegistryFile missing = register("missing", UploadStatus.COMPLETED);

        RefreshTable.Outcome outcome = refresh().execute(G, ENTITIES);

        assertThat(rows()).containsExactly("1/" + good.id(), "2/" + good.id());
        assertThat(outcome.stagedFiles()).containsExactly(good);
        assertThat(outcome.failedFiles()).extracting(f -> f.file().id(), RefreshTable.FailedFile::cause)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(broken.id(), ErrorCode.UNREADABLE_FILE),
                        org.assertj.core.groups.Tuple.tuple(missing.id(), ErrorCode.OBJECT_NOT_FOUND));
        assertThat(status(good)).isEqualTo(StagingStatus.STAGED);
        assertThat(status(broken)).isEqualTo(StagingStatus.FAILED);
        assertThat(status(missing)).isEqualTo(StagingStatus.FAILED);
        assertThat(status(pending)).isEqualTo(StagingStatus.PENDING);
        assertThat(registry.findTable(G, ENTITIES).orElseThrow().rowCount()).isEqualTo(2);
    }

    @Test
    void laterRegisteredFilesWinOnDedupe() {
        RegistryFile older = file("older", 1, 3, UploadStatus.COMPLETED);
        RegistryFile newer = file("newer", 3, 4, UploadStatus.COMPLETED);

        refresh().execute(G, ENTITIES);

        assertThat(rows()).containsExactly("1/" + older.id(), "2/" + older.id(), "3/" + newer.id(), "4/" + newer.id());
        assertThat(registry.listFiles(G, ENTITIES)).extracting(f -> f.stagedRowCount().orElseThrow())
                .containsExactly(3L, 2L);
    }

    @Test
    void anUnknownTableIsNotFound() {
        assertThatThrownBy(() -> refresh().execute(G, TableName.of("nope")))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_TABLE_NOT_FOUND));
        assertThat(store.listTables(G)).isEmpty();
    }

    @Test
    void aTableWithoutCompletedFilesIsAUserError() {
        file("a", 1, 1, UploadStatus.PENDING);
        register("b", UploadStatus.FAILED);

        assertThatThrownBy(() -> refresh().execute(G, ENTITIES))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_COMPLETED_FILES));
        assertThat(store.listTables(G)).isEmpty();
    }

    @Test
    void whenEveryFileFailsNothingIsStagedOrRecorded() {
        RegistryFile a = corrupt("a");
        RegistryFile b = register("b", UploadStatus.COMPLETED);

        assertThatThrownBy(() -> refresh().execute(G, ENTITIES))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNREADABLE_FILE);
                    assertThat(e.getMessage()).contains(a.id().value(), b.id().value(), "s3://bucket/b");
                });
        assertThat(store.listTables(G)).isEmpty();
        assertThat(status(a)).isEqualTo(StagingStatus.PENDING);
    }

    @Test
    void whenEveryObjectIsMissingTheErrorIsNotFound() {
        register("gone", UploadStatus.COMPLETED);

        assertThatThrownBy(() -> refresh().execute(G, ENTITIES))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND));
        assertThat(objects.fetchCount()).isZero();
    }

    @Test
    void aFileThatDoesNotFitTheTableFailsTheRefreshAndChangesNothing() {
        RegistryFile a = file("a", 1, 2, UploadStatus.COMPLETED);
        refresh().execute(G, ENTITIES);
        objects.put(uri("other"), RowsFile.encode(List.of(new Column("identifier", "VARCHAR"), new Column("x", "BIGINT")),
                List.of(List.of("k", 1L))));
        RegistryFile other = register("other", UploadStatus.COMPLETED);

        assertThatThrownBy(() -> refresh().execute(G, ENTITIES))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH));
        assertThat(rows()).containsExactly("1/" + a.id(), "2/" + a.id());
        assertThat(status(other)).isEqualTo(StagingStatus.PENDING);
    }

    @Test
    void aRegistryDownBeforeTheRefreshLeavesTheTableAsItWas() {
        RegistryFile a = file("a", 1, 2, UploadStatus.COMPLETED);
        refresh().execute(G, ENTITIES);
        file("b", 3, 3, UploadStatus.COMPLETED);
        registry.setDown(true);

        assertThatThrownBy(() -> refresh().execute(G, ENTITIES))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FAILED));
        assertThat(rows()).containsExactly("1/" + a.id(), "2/" + a.id());
    }

    @Test
    void aRegistryLostWhileFetchingStopsTheRefreshBeforeTheTableIsReplaced() {
        RegistryFile a = file("a", 1, 2, UploadStatus.COMPLETED);
        refresh().execute(G, ENTITIES);
        file("b", 3, 3, UploadStatus.COMPLETED);
        ObjectStore losingRegistry = new ObjectStore() {
            @Override
            public List<ObjectInfo> resolve(ObjectPattern pattern) {
                return objects.resolve(pattern);
            }

            @Override
            public Optional<ObjectInfo> head(ObjectUri uri) {
                return objects.head(uri);
            }

            @Override
            public FetchedObjects fetch(GraphId graph, List<ObjectInfo> infos) {
                registry.setDown(true);
                return objects.fetch(graph, infos);
            }

            @Override
            public void checkHealth() {
                objects.checkHealth();
            }
        };

        assertThatThrownBy(() -> refresh(registry, losingRegistry).execute(G, ENTITIES))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FAILED));
        assertThat(rows()).containsExactly("1/" + a.id(), "2/" + a.id());
    }

    @Test
    void aRegistryLostWhileRecordingSaysTheTableWasRebuiltAndTheNextRefreshHeals() {
        RegistryFile a = file("a", 1, 2, UploadStatus.COMPLETED);
        RegistryFile b = file("b", 3, 3, UploadStatus.COMPLETED);
        FileRegistry failingRecord = new DelegatingRegistry(registry) {
            @Override
            public void recordStaging(GraphId graph, TableName table, Map<FileId, Long> staged,
                                      Collection<FileId> failed, long tableRowCount) {
                registry.setDown(true);
                super.recordStaging(graph, table, staged, failed, tableRowCount);
            }
        };

        assertThatThrownBy(() -> refresh(failingRecord, objects).execute(G, ENTITIES))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FAILED);
                    assertThat(e.getMessage()).contains("was rebuilt from 2 files", "Run the refresh again");
                });
        assertThat(rows()).containsExactly("1/" + a.id(), "2/" + a.id(), "3/" + b.id());

        registry.setDown(false);
        assertThat(status(a)).isEqualTo(StagingStatus.PENDING);
        refresh().execute(G, ENTITIES);
        assertThat(status(a)).isEqualTo(StagingStatus.STAGED);
        assertThat(status(b)).isEqualTo(StagingStatus.STAGED);
    }

    /** Passes every call to another registry; tests override one method to interpose. */
    private static class DelegatingRegistry implements FileRegistry {
        private final FileRegistry real;

        DelegatingRegistry(FileRegistry real) {
            this.real = real;
        }

        @Override
        public Registration registerTable(GraphId graph, TableName table, TableKind type) {
            return real.registerTable(graph, table, type);
        }

        @Override
        public Optional<io.graphstaging.core.model.RegistryTable> findTable(GraphId graph, TableName table) {
            return real.findTable(graph, table);
        }

        @Override
        public List<io.graphstaging.core.model.RegistryTable> listTables(GraphId graph) {
            return real.listTables(graph);
        }

        @Override
        public Optional<io.graphstaging.core.model.SchemaContract> schemaContract(GraphId graph, TableName table) {
            return real.schemaContract(graph, table);
        }

        @Override
        public boolean setSchemaContract(GraphId graph, TableName table, io.graphstaging.core.model.SchemaContract contract) {
            return real.setSchemaContract(graph, table, contract);
        }

        @Override
        public void registerStaged(GraphId graph, TableName table, TableKind type, List<StagedObject> objects,
                                   boolean replace, long tableRowCount) {
            real.registerStaged(graph, table, type, objects, replace, tableRowCount);
        }

        @Override
        public int resetTable(GraphId graph, TableName table) {
            return real.resetTable(graph, table);
        }

        @Override
        public Map<FileId, Optional<FileId>> stagingTags(GraphId graph, TableName table) {
            return real.stagingTags(graph, table);
        }

        @Override
        public int forgetStaged(GraphId graph, TableName table, FileId fileId) {
            return real.forgetStaged(graph, table, fileId);
        }

        @Override
        public RegistryFile registerFile(NewRegistryFile file) {
            return real.registerFile(file);
        }

        @Override
        public List<RegistryFile> listFiles(GraphId graph, TableName table) {
            return real.listFiles(graph, table);
        }

        @Override
        public boolean markUploaded(GraphId graph, FileId file) {
            return real.markUploaded(graph, file);
        }

        @Override
        public boolean markUploadFailed(GraphId graph, FileId file) {
            return real.markUploadFailed(graph, file);
        }

        @Override
        public void recordStaging(GraphId graph, TableName table, Map<FileId, Long> staged, Collection<FileId> failed,
                                  long tableRowCount) {
            real.recordStaging(graph, table, staged, failed, tableRowCount);
        }

        @Override
        public void markIngested(GraphId graph, Collection<FileId> files) {
            real.markIngested(graph, files);
        }

        @Override
        public int resetGraph(GraphId graph, boolean graphToo) {
            return real.resetGraph(graph, graphToo);
        }

        @Override
        public void markGraphPending(GraphId graph, Collection<FileId> files) {
            real.markGraphPending(graph, files);
        }

        @Override
        public void checkHealth() {
            real.checkHealth();
        }
    }
}
