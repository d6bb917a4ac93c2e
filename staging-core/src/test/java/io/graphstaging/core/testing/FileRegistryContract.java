package io.graphstaging.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.StagingStatus;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphStatus;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.RegistryTable;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.port.FileRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link FileRegistry} contract, run against every implementation. Each test works in its
 * own fresh graph id, so implementations may share one registry across tests.
 */
public abstract class FileRegistryContract {
    private static final TableName ENTITIES = TableName.of("entities");

    /** The registry under test. */
    protected abstract FileRegistry registry();

    private GraphId graph;

    @BeforeEach
    void freshGraph() {
        graph = GraphId.of("g-" + UUID.randomUUID());
    }

    private NewRegistryFile file(TableName table, String name, long size, UploadStatus status) {
        return new NewRegistryFile(graph, table, ObjectUri.parse("s3://bucket/" + graph + "/" + name), name, size, status);
    }

    private RegistryFile register(String name, UploadStatus status) {
        return registry().registerFile(file(ENTITIES, name, 100, status));
    }

    private RegistryFile only(FileId id) {
        return registry().listFiles(graph, ENTITIES).stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void listsTheGraphsTablesInRegistrationOrder() {
        registry().registerTable(graph, ENTITIES, TableKind.NODE);
        registry().registerTable(graph, TableName.of("links"), TableKind.RELATIONSHIP);
        registry().registerTable(GraphId.of("other-" + UUID.randomUUID()), ENTITIES, TableKind.NODE);

        assertThat(registry().listTables(graph)).extracting(t -> t.table().value() + ":" + t.type())
                .containsExactly("entities:NODE", "links:RELATIONSHIP");
    }

    @Test
    void registeringATableIsIdempotent() {
        FileRegistry.Registration first = registry().registerTable(graph, ENTITIES, TableKind.NODE);
        FileRegistry.Registration second = registry().registerTable(graph, ENTITIES, TableKind.RELATIONSHIP);

        assertThat(first.created()).isTrue();
        assertThat(first.table().id()).startsWith("gt_");
        assertThat(first.table().type()).isEqualTo(TableKind.NODE);
        assertThat(first.table().createdAt()).isNotNull();
        assertThat(second.created()).isFalse();
        assertThat(second.table().id()).isEqualTo(first.table().id());
        assertThat(second.table().type()).isEqualTo(TableKind.NODE);
    }

    @Test
    void keepsASchemaContractForARegisteredTableOnly() {
        SchemaContract evolve = new SchemaContract(SchemaContract.Columns.EVOLVE, SchemaContract.Rows.QUARANTINE);
        assertThat(registry().setSchemaContract(graph, ENTITIES, evolve)).isFalse();
        registry().registerTable(graph, ENTITIES, TableKind.NODE);
        assertThat(registry().schemaContract(graph, ENTITIES)).isEmpty();

        assertThat(registry().setSchemaContract(graph, ENTITIES, evolve)).isTrue();
        assertThat(registry().schemaContract(graph, ENTITIES)).contains(evolve);
        registry().setSchemaContract(graph, ENTITIES, SchemaContract.DEFAULT);
        assertThat(registry().schemaContract(graph, ENTITIES)).contains(SchemaContract.DEFAULT);
        assertThat(registry().schemaContract(GraphId.of("other-" + UUID.randomUUID()), ENTITIES)).isEmpty();
    }

    @Test
    void findsOnlyRegisteredTablesOfTheGivenGraph() {
        GraphId other = GraphId.of("other-" + UUID.randomUUID());
        assertThat(registry().findTable(graph, ENTITIES)).isEmpty();

        RegistryTable mine = registry().registerTable(graph, ENTITIES, TableKind.PLAIN).table();
        RegistryTable theirs = registry().registerTable(other, ENTITIES, TableKind.NODE).table();

        assertThat(registry().findTable(graph, ENTITIES)).contains(mine);
        assertThat(theirs.id()).isNotEqualTo(mine.id());
        assertThat(registry().findTable(graph, TableName.of("missing"))).isEmpty();
    }

    @Test
    void registeringAFileOfAnUnknownTableIsNotFound() {
        assertThatThrownBy(() -> register("a.parquet", UploadStatus.COMPLETED))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_TABLE_NOT_FOUND));
    }

    @Test
    void aRegisteredFileStartsPendingAndKeepsItsFields() {
        registry().registerTable(graph, ENTITIES, TableKind.NODE);
        RegistryFile completed = registry().registerFile(file(ENTITIES, "a.parquet", 1234, UploadStatus.COMPLETED));
        RegistryFile pending = registry().registerFile(file(ENTITIES, "b.parquet", 0, UploadStatus.PENDING));

        assertThat(completed.id().value()).startsWith("gf_");
        assertThat(completed.graph()).isEqualTo(graph);
        assertThat(completed.table()).isEqualTo(ENTITIES);
        assertThat(completed.fileName()).isEqualTo("a.parquet");
        assertThat(completed.objectUri()).isEqualTo(ObjectUri.parse("s3://bucket/" + graph + "/a.parquet"));
        assertThat(completed.fileSizeBytes()).isEqualTo(1234);
        assertThat(completed.uploadStatus()).isEqualTo(UploadStatus.COMPLETED);
        assertThat(completed.uploadedAt()).isPresent();
        assertThat(completed.stagingStatus()).isEqualTo(StagingStatus.PENDING);
        assertThat(completed.stagedRowCount()).isEmpty();
        assertThat(completed.stagedAt()).isEmpty();
        assertThat(completed.graphStatus()).isEqualTo(GraphStatus.PENDING);
        assertThat(completed.graphIngestedAt()).isEmpty();
        assertThat(pending.uploadStatus()).isEqualTo(UploadStatus.PENDING);
        assertThat(pending.uploadedAt()).isEmpty();
        assertThat(registry().listFiles(graph, ENTITIES)).containsExactly(completed, pending);
    }

    @Test
    void theSameObjectIsRegisteredOnceInATable() {
        TableName links = TableName.of("links");
        registry().registerTable(graph, ENTITIES, TableKind.NODE);
        registry().registerTable(graph, links, TableKind.RELATIONSHIP);
        RegistryFile first = register("a.parquet", UploadStatus.FAILED);

        NewRegistryFile again = new NewRegistryFile(graph, ENTITIES, first.objectUri(), "renamed.parquet", 5,
                UploadStatus.COMPLETED);
        assertThatThrownBy(() -> registry().registerFile(again))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FILE_EXISTS);
                    assertThat(e.getMessage()).contains(first.id().value()).contains(first.objectUri().toString())
                            .contains(ENTITIES.value());
                });

        assertThat(registry().listFiles(graph, ENTITIES)).containsExactly(first);
        RegistryTable table = registry().findTable(graph, ENTITIES).orElseThrow();
        assertThat(table.fileCount()).isEqualTo(1);
        assertThat(table.totalSizeBytes()).isEqualTo(100);
        // Another table of the graph, or the same table name in another graph, may hold the object too.
        assertThat(registry().registerFile(new NewRegistryFile(graph, links, first.objectUri(), "a.parquet", 100,
                UploadStatus.COMPLETED)).id()).isNotEqualTo(first.id());
        GraphId other = GraphId.of("other-" + UUID.randomUUID());
        registry().registerTable(other, ENTITIES, TableKind.NODE);
        assertThat(registry().registerFile(new NewRegistryFile(other, ENTITIES, first.objectUri(), "a.parquet", 100,
                UploadStatus.COMPLETED)).graph()).isEqualTo(other);
    }

    @Test
    void registeringFilesCountsThemOnTheTable() {
        registry().registerTable(graph, ENTITIES, TableKind.NODE);
        registry().registerFile(file(ENTITIES, "a.parquet", 1000, UploadStatus.COMPLETED));
        registry().registerFile(file(ENTITIES, "b.parquet", 234, UploadStatus.PENDING));

        RegistryTable table = registry().findTable(graph, ENTITIES).orElseThrow();
        assertThat(table.fileCount()).isEqualTo(2);
        assertThat(table.totalSizeBytes()).isEqualTo(1234);
        assertThat(table.rowCount()).isZero();
    }

    @Test
    void listsFilesOfOneTableOldestFirstWithSortableIds() {
        registry().registerTable(graph, ENTITIES, TableKind.NODE);
        registry().registerTable(graph, TableName.of("links"), TableKind.RELATIONSHIP);
        List<FileId> registered = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            registered.add(register("f" + i + ".parquet", UploadStatus.COMPLETED).id());
            registry().registerFile(file(TableName.of("links"), "l" + i + ".parquet", 1, UploadStatus.COMPLETED));
        }

        List<FileId> listed = registry().listFiles(graph, ENTITIES).stream().map(RegistryFile::id).toList();

        assertThat(listed).containsExactlyElementsOf(registered);
        assertThat(listed.stream().map(FileId::value).sorted().toList())
                .containsExactlyElementsOf(registered.stream().map(FileId::value).toList());
        assertThat(Set.copyOf(listed)).hasSize(12);
    }

    @Test
    void listingFilesOfAnUnknownTableIsNotFound() {
        assertThatThrownBy(() -> registry().listFiles(graph, ENTITIES))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_TABLE_NOT_FOUND));
    }

    @Test
    void marksUploadsCompletedOrFailed() {
        registry().registerTable(graph, ENTITIES, TableKind.NODE);
        RegistryFile a = register("a.parquet", UploadStatus.UPLOADING);
        RegistryFile b = register("b.parquet", UploadStatus.UPLOADING);

        assertThat(registry().markUploaded(graph, a.id())).isTrue();
        assertThat(registry().markUploadFailed(graph, b.id())).isTrue();

        assertThat(only(a.id()).uploadStatus()).isEqualTo(UploadStatus.COMPLETED);
        assertThat(only(a.id()).uploadedAt()).isPresent();
        assertThat(only(b.id()).uploadStatus()).isEqualTo(UploadStatus.FAILED);
        assertThat(only(b.id()).uploadedAt()).isEmpty();
    }

    @Test
    void markingAnUnknownFileOrAFileOfAnotherGraphChangesNothing() {
        registry().registerTable(graph, ENTITIES, TableKind.NODE);
        RegistryFile a = register("a.parquet", UploadStatus.UPLOADING);

        assertThat(registry().markUploaded(graph, FileId.of("gf_unknown"))).isFalse();
        assertThat(registry().markUploaded(GraphId.of("someone-else"), a.id())).isFalse();
        assertThat(registry().markUploadFailed(GraphId.of("someone-else"), a.id())).isFalse();
        assertThat(only(a.id()).uploadStatus()).isEqualTo(UploadStatus.UPLOADING);
    }

    @Test
    void recordsAStagingOutcomeForTheWholeTable() {
        registry().registerTable(graph, ENTITIES, TableKind.NODE);
        RegistryFile staged = register("staged.parquet", UploadStatus.COMPLETED);
        RegistryFile corrupt = register("corrupt.parquet", UploadStatus.COMPLETED);
        RegistryFile dropped = register("dropped.parquet", UploadStatus.COMPLETED);
        RegistryFile untouched = register("untouched.parquet", UploadStatus.PENDING);
        registry().recordStaging(graph, ENTITIES, Map.of(dropped.id(), 5L), List.of(), 5);

        registry().recordStaging(graph, ENTITIES, Map.of(staged.id(), 42L), List.of(corrupt.id()), 40);

        assertThat(only(staged.id()).stagingStatus()).isEqualTo(StagingStatus.STAGED);
        assertThat(only(staged.id()).stagedRowCount()).contains(42L);
        assertThat(only(staged.id()).stagedAt()).isPresent();
        assertThat(only(corrupt.id()).stagingStatus()).isEqualTo(StagingStatus.FAILED);
        assertThat(only(corrupt.id()).stagedRowCount()).isEmpty();
        assertThat(only(dropped.id()).stagingStatus()).isEqualTo(StagingStatus.PENDING);
        assertThat(only(dropped.id()).stagedRowCount()).isEmpty();
        assertThat(only(untouched.id()).stagingStatus()).isEqualTo(StagingStatus.PENDING);
        assertThat(registry().findTable(graph, ENTITIES).orElseThrow().rowCount()).isEqualTo(40);
    }

    @Test
    void recordingIgnoresFilesOfOtherTables() {
        TableName links = TableName.of("links");
        registry().registerTable(graph, ENTITIES, TableKind.NODE);
        registry().registerTable(graph, links, TableKind.RELATIONSHIP);
        RegistryFile mine = register("a.parquet", UploadStatus.COMPLETED);
        RegistryFile theirs = registry().registerFile(file(links, "l.parquet", 1, UploadStatus.COMPLETED));
        registry().recordStaging(graph, links, Map.of(theirs.id(), 3L), List.of(), 3);

        registry().recordStaging(graph, ENTITIES, Map.of(mine.id(), 1L, theirs.id(), 99L), List.of(), 1);

        RegistryFile after = registry().listFiles(graph, links).get(0);
        assertThat(after.stagingStatus()).isEqualTo(StagingStatus.STAGED);
        assertThat(after.stagedRowCount()).contains(3L);
        assertThat(registry().findTable(graph, links).orElseThrow().rowCount()).isEqualTo(3);
    }

    @Test
    void recordingForAnUnknownTableIsNotFound() {
        assertThatThrownBy(() -> registry().recordStaging(graph, ENTITIES, Map.of(), List.of(), 0))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_TABLE_NOT_FOUND));
    }

    @Test
    void resettingAGraphSendsItsFilesBackToPendingAndKeepsTheirRegistrations() {
        registry().registerTable(graph, ENTITIES, TableKind.NODE);
        RegistryFile a = register("a.parquet", UploadStatus.COMPLETED);
        RegistryFile b = register("b.parquet", UploadStatus.COMPLETED);
        registry().recordStaging(graph, ENTITIES, Map.of(a.id(), 4L, b.id(), 6L), List.of(), 10);
        registry().markIngested(graph, List.of(a.id(), b.id()));
        GraphId other = GraphId.of("g-" + UUID.randomUUID());
        registry().registerTable(other, ENTITIES, TableKind.NODE);
        RegistryFile theirs = registry().registerFile(new NewRegistryFile(other, ENTITIES,
                ObjectUri.parse("s3://bucket/" + other + "/c.parquet"), "c.parquet", 1, UploadStatus.COMPLETED));
        registry().recordStaging(other, ENTITIES, Map.of(theirs.id(), 1L), List.of(), 1);

        assertThat(registry().resetGraph(graph, false)).isEqualTo(2);

        assertThat(only(a.id()).stagingStatus()).isEqualTo(StagingStatus.PENDING);
        assertThat(only(a.id()).stagedRowCount()).isEmpty();
        assertThat(only(a.id()).stagedAt()).isEmpty();
        assertThat(only(a.id()).graphStatus()).as("only staging was reset").isEqualTo(GraphStatus.INGESTED);
        assertThat(registry().findTable(graph, ENTITIES).orElseThrow().rowCount()).isZero();

        assertThat(registry().resetGraph(graph, true)).isEqualTo(2);

        assertThat(registry().listFiles(graph, ENTITIES)).hasSize(2).allSatisfy(f -> {
            assertThat(f.graphStatus()).isEqualTo(GraphStatus.PENDING);
            assertThat(f.graphIngestedAt()).isEmpty();
            assertThat(f.uploadStatus()).isEqualTo(UploadStatus.COMPLETED);
        });
        RegistryFile untouched = registry().listFiles(other, ENTITIES).get(0);
        assertThat(untouched.stagingStatus()).as("another graph's files").isEqualTo(StagingStatus.STAGED);
        assertThat(registry().resetGraph(GraphId.of("g-" + UUID.randomUUID()), true)).as("an unknown graph").isZero();
    }

    @Test
    void marksFilesIngestedIgnoringUnknownOnes() {
        registry().registerTable(graph, ENTITIES, TableKind.NODE);
        RegistryFile a = register("a.parquet", UploadStatus.COMPLETED);
        RegistryFile b = register("b.parquet", UploadStatus.COMPLETED);

        registry().markIngested(graph, List.of(a.id(), FileId.of("gf_unknown")));
        registry().markIngested(GraphId.of("someone-else"), List.of(b.id()));

        assertThat(only(a.id()).graphStatus()).isEqualTo(GraphStatus.INGESTED);
        assertThat(only(a.id()).graphIngestedAt()).isPresent();
        assertThat(only(b.id()).graphStatus()).isEqualTo(GraphStatus.PENDING);
        assertThat(only(b.id()).graphIngestedAt()).isEmpty();
    }

    @Test
    void marksFilesPendingAgainWhenTheirRowsLeftTheGraph() {
        registry().registerTable(graph, ENTITIES, TableKind.NODE);
        RegistryFile a = register("a.parquet", UploadStatus.COMPLETED);
        RegistryFile b = register("b.parquet", UploadStatus.COMPLETED);
        registry().markIngested(graph, List.of(a.id(), b.id()));

        registry().markGraphPending(graph, List.of(a.id(), FileId.of("gf_unknown")));
        registry().markGraphPending(GraphId.of("someone-else"), List.of(b.id()));

        assertThat(only(a.id()).graphStatus()).isEqualTo(GraphStatus.PENDING);
        assertThat(only(a.id()).graphIngestedAt()).isEmpty();
        assertThat(only(b.id()).graphStatus()).isEqualTo(GraphStatus.INGESTED);
        assertThat(only(b.id()).graphIngestedAt()).isPresent();
    }

    @Test
    void storesHostileTextAsValues() {
        TableName table = TableName.of("x-y_Z");
        registry().registerTable(graph, table, TableKind.PLAIN);
        String name = "O'Brien \"q\"; DROP TABLE graph_files; -- ü 😀.parquet";

        RegistryFile f = registry().registerFile(new NewRegistryFile(graph, table,
                ObjectUri.parse("s3://bucket/it's/%20 quoted'.parquet"), name, 1, UploadStatus.COMPLETED));

        assertThat(registry().listFiles(graph, table)).containsExactly(f);
        assertThat(registry().listFiles(graph, table).get(0).fileName()).isEqualTo(name);
        assertThat(registry().listFiles(graph, table).get(0).objectUri().key()).isEqualTo("it's/%20 quoted'.parquet");
    }

    @Test
    void registersStagedObjectsOnceWithTheirTagsAsStaged() {
        ObjectUri a = ObjectUri.parse("s3://bucket/" + graph + "/a.parquet");
        ObjectUri b = ObjectUri.parse("s3://bucket/" + graph + "/b.parquet");
        List<FileRegistry.StagedObject> objects = List.of(
                new FileRegistry.StagedObject(a, 10, Optional.of(FileId.of("fa")), 7),
                new FileRegistry.StagedObject(b, 20, Optional.empty(), 3));

        registry().registerStaged(graph, ENTITIES, TableKind.NODE, objects, true, 9);
        List<RegistryFile> first = registry().listFiles(graph, ENTITIES);
        registry().registerStaged(graph, ENTITIES, TableKind.NODE, objects, false, 9);
        List<RegistryFile> again = registry().listFiles(graph, ENTITIES);

        assertThat(again).extracting(RegistryFile::id).containsExactlyElementsOf(first.stream().map(RegistryFile::id)
                .toList());
        assertThat(again).extracting(RegistryFile::objectUri).containsExactly(a, b);
        assertThat(again).extracting(RegistryFile::uploadStatus).containsOnly(UploadStatus.COMPLETED);
        assertThat(again).extracting(RegistryFile::stagingStatus).containsOnly(StagingStatus.STAGED);
        assertThat(again).extracting(f -> f.stagedRowCount().orElseThrow()).containsExactly(7L, 3L);
        assertThat(again).allSatisfy(f -> assertThat(f.stagedAt()).isPresent());
        assertThat(registry().stagingTags(graph, ENTITIES)).containsExactly(
                Map.entry(first.get(0).id(), Optional.of(FileId.of("fa"))),
                Map.entry(first.get(1).id(), Optional.empty()));
        RegistryTable table = registry().findTable(graph, ENTITIES).orElseThrow();
        assertThat(table.fileCount()).isEqualTo(2);
        assertThat(table.totalSizeBytes()).isEqualTo(30);
        assertThat(table.rowCount()).isEqualTo(9);
    }

    @Test
    void aCreateReplacesTheStagedSetKeepingTheRegistrysOwnFilesAsPending() {
        ObjectUri a = ObjectUri.parse("s3://bucket/" + graph + "/a.parquet");
        ObjectUri c = ObjectUri.parse("s3://bucket/" + graph + "/c.parquet");
        registry().registerTable(graph, ENTITIES, TableKind.NODE);
        RegistryFile viaRegistry = register("r.parquet", UploadStatus.COMPLETED);
        registry().recordStaging(graph, ENTITIES, Map.of(viaRegistry.id(), 5L), List.of(), 5);
        registry().registerStaged(graph, ENTITIES, TableKind.NODE,
                List.of(new FileRegistry.StagedObject(a, 10, Optional.empty(), 4)), false, 9);

        registry().registerStaged(graph, ENTITIES, TableKind.NODE,
                List.of(new FileRegistry.StagedObject(c, 30, Optional.empty(), 2)), true, 2);

        List<RegistryFile> files = registry().listFiles(graph, ENTITIES);
        assertThat(files).extracting(RegistryFile::objectUri).containsExactly(viaRegistry.objectUri(), c);
        RegistryFile kept = only(viaRegistry.id());
        assertThat(kept.stagingStatus()).as("the registry's own file stays, no longer staged")
                .isEqualTo(StagingStatus.PENDING);
        assertThat(kept.stagedRowCount()).isEmpty();
        assertThat(kept.stagedAt()).isEmpty();
        assertThat(files.get(1).stagingStatus()).isEqualTo(StagingStatus.STAGED);
        RegistryTable table = registry().findTable(graph, ENTITIES).orElseThrow();
        assertThat(table.fileCount()).isEqualTo(2);
        assertThat(table.totalSizeBytes()).isEqualTo(130);
        assertThat(table.rowCount()).isEqualTo(2);
    }

    @Test
    void resettingATableForgetsItsDirectFilesAndUnstagesTheOthers() {
        ObjectUri a = ObjectUri.parse("s3://bucket/" + graph + "/a.parquet");
        TableName links = TableName.of("links");
        registry().registerTable(graph, ENTITIES, TableKind.NODE);
        RegistryFile viaRegistry = register("r.parquet", UploadStatus.COMPLETED);
        registry().recordStaging(graph, ENTITIES, Map.of(viaRegistry.id(), 5L), List.of(), 5);
        registry().registerStaged(graph, ENTITIES, TableKind.NODE,
                List.of(new FileRegistry.StagedObject(a, 10, Optional.of(FileId.of("fa")), 4)), false, 9);
        registry().setSchemaContract(graph, ENTITIES, SchemaContract.DEFAULT);
        registry().registerStaged(graph, links, TableKind.RELATIONSHIP,
                List.of(new FileRegistry.StagedObject(a, 10, Optional.empty(), 1)), false, 1);

        assertThat(registry().resetTable(graph, ENTITIES)).isEqualTo(1);

        assertThat(registry().listFiles(graph, ENTITIES)).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo(viaRegistry.id());
            assertThat(f.stagingStatus()).isEqualTo(StagingStatus.PENDING);
            assertThat(f.stagedRowCount()).isEmpty();
            assertThat(f.uploadStatus()).isEqualTo(UploadStatus.COMPLETED);
        });
        RegistryTable table = registry().findTable(graph, ENTITIES).orElseThrow();
        assertThat(table.rowCount()).isZero();
        assertThat(table.fileCount()).isEqualTo(1);
        assertThat(table.totalSizeBytes()).isEqualTo(100);
        assertThat(registry().stagingTags(graph, ENTITIES)).isEmpty();
        assertThat(registry().schemaContract(graph, ENTITIES)).as("the registration stays").isPresent();
        assertThat(registry().listFiles(graph, links)).as("another table").singleElement()
                .extracting(RegistryFile::stagingStatus).isEqualTo(StagingStatus.STAGED);
        assertThat(registry().resetTable(graph, ENTITIES)).as("again").isZero();
        assertThat(registry().resetTable(graph, TableName.of("missing"))).isZero();
    }

    @Test
    void registeringStagedObjectsRegistersTheTableAndForgettingRemovesByTag() {
        ObjectUri a = ObjectUri.parse("s3://bucket/" + graph + "/a.parquet");
        registry().registerStaged(graph, ENTITIES, TableKind.RELATIONSHIP,
                List.of(new FileRegistry.StagedObject(a, 10, Optional.of(FileId.of("fa")), 1)), false, 1);
        RegistryFile viaRegistry = register("r.parquet", UploadStatus.COMPLETED);

        assertThat(registry().findTable(graph, ENTITIES).orElseThrow().type()).isEqualTo(TableKind.RELATIONSHIP);
        assertThat(registry().forgetStaged(graph, ENTITIES, FileId.of("unknown"))).isZero();
        assertThat(registry().forgetStaged(graph, ENTITIES, FileId.of("fa"))).isEqualTo(1);
        assertThat(registry().forgetStaged(graph, ENTITIES, viaRegistry.id())).isEqualTo(1);
        assertThat(registry().listFiles(graph, ENTITIES)).isEmpty();
        assertThat(registry().findTable(graph, ENTITIES).orElseThrow().fileCount()).isZero();
        assertThat(registry().forgetStaged(graph, TableName.of("missing"), FileId.of("fa"))).isZero();
        assertThat(registry().stagingTags(graph, TableName.of("missing"))).isEmpty();
    }

    @Test
    void answersHealthChecks() {
        registry().checkHealth();
        assertThat(registry().findTable(graph, ENTITIES)).isEmpty();
    }
}
