package io.graphstaging.core.usecase;

import io.graphstaging.core.task.TaskProgress;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.ProgressPhase;
import io.graphstaging.core.task.ProgressListener;
import io.graphstaging.core.model.Cancellation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphStatus;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.port.SyncPlanner;
import io.graphstaging.core.sync.EndpointKeys;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.GraphWrite;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.core.sync.Reject;
import io.graphstaging.core.sync.RejectPage;
import io.graphstaging.core.sync.StagingPosition;
import io.graphstaging.core.sync.SyncCounts;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.sync.SyncPlan;
import io.graphstaging.core.sync.SyncRecord;
import io.graphstaging.core.sync.SyncRequest;
import io.graphstaging.core.sync.SyncedNodeTable;
import io.graphstaging.core.testing.InMemoryFileRegistry;
import io.graphstaging.core.testing.InMemoryGraphSink;
import io.graphstaging.core.testing.RowsFile;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the materialize use case decides, with a scripted planner and the in-memory graph sink: when it reads only changed keys,
 * when it writes, which sync record it asks for, what it refuses before writing, what the
 * registry learns, and that every work file is deleted however the call ends.
 */
class MaterializeTest {
    private static final GraphId G = GraphId.of("g");
    private static final TableName ENTITY = TableName.of("Entity");
    private static final StagingPosition NOW = new StagingPosition(7, 3);
    private static final List<Column> COLUMNS = List.of(new Column("identifier", "VARCHAR"), new Column("v", "BIGINT"));

    @TempDir
    Path dir;

    private final ScriptedPlanner planner = new ScriptedPlanner();
    private final InMemoryGraphSink sink = new InMemoryGraphSink(Clock.systemUTC());
    private final AtomicInteger keys = new AtomicInteger();
    @TempDir
    Path seeds;
    private final InMemoryFileRegistry registry = new InMemoryFileRegistry();
    private Optional<TableSchema> staged = Optional.of(new TableSchema(G, ENTITY, TableKind.NODE,
            List.of(new Column("identifier", "VARCHAR"), new Column("v", "BIGINT"), new Column("file_id", "VARCHAR"))));
    private Materialize materialize;

    @BeforeEach
    void wire() {
        materialize = new Materialize(store(), planner, sink, registry, new TableLocks(Duration.ofSeconds(5)));
    }

    private StagingStore store() {
        return (StagingStore) Proxy.newProxyInstance(StagingStore.class.getClassLoader(), new Class<?>[] {StagingStore.class},
                (self, method, args) -> {
                    if (method.getName().equals("describeTable")) {
                        return staged;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static MaterializeOptions options(SyncMode mode, boolean ignoreErrors, Set<FileId> files, boolean dryRun) {
        return new MaterializeOptions(mode, ignoreErrors, files, Optional.empty(), Optional.empty(), false, dryRun, false);
    }

    /** A work file of one row with a key of its own. */
    private ParquetFile file() {
        return file(1);
    }

    /** A work file of {@code rows} rows, each with a key of its own. */
    private ParquetFile file(long rows) {
        Path path = dir.resolve(UUID.randomUUID() + ".parquet");
        List<List<Object>> content = new ArrayList<>();
        for (long i = 0; i < rows; i++) {
            content.add(List.of("k" + keys.incrementAndGet(), 1L));
        }
        RowsFile.write(path, COLUMNS, content);
        return new ParquetFile(path, rows, COLUMNS);
    }

    /** Writes {@code rows} new rows to the graph table, with a sync record when given; returns the writes so far. */
    private int seed(GraphId graph, TableSchema schema, Optional<TableName> to, List<List<Object>> rows,
                     Optional<StagingPosition> record) {
        GraphTarget target = sink.target(graph, schema, to, to, Optional.empty());
        Path path = seeds.resolve(UUID.randomUUID() + ".rows");
        RowsFile.write(path, target.columns(), rows);
        ParquetFile none = new ParquetFile(seeds.resolve("none"), 0, target.columns());
        sink.write(graph, target, new GraphWrite(new ParquetFile(path, rows.size(), target.columns()), none, none, false,
                false, false, record));
        return sink.writes().size();
    }

    private int seedEntities(int count, Optional<StagingPosition> record) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(List.of("e" + i, (long) i));
        }
        return seed(G, staged.orElseThrow(), Optional.empty(), rows, record);
    }

    private void assertWorkFilesDeleted() throws IOException {
        try (var left = Files.list(dir)) {
            assertThat(left.toList()).isEmpty();
        }
    }

    @Test
    void aCancelDuringTheGraphWriteReachesTheSinkAndNothingIsMarkedOrKept() throws IOException {
        Cancellation cancellation = new Cancellation();
        sink.duringWrite(() -> cancellation.cancel(ErrorCode.CANCELLED, "stop"));

        assertThatThrownBy(() -> materialize.execute(G, ENTITY, MaterializeOptions.sync(), cancellation, ProgressListener.NONE))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThat(sink.writes()).isEmpty();
        assertThat(planner.kept).isZero();
        assertWorkFilesDeleted();
    }

    @Test
    void progressGoesThroughExportPlanAndLoadWithRows() {
        seedEntities(10, Optional.empty());
        List<TaskProgress> reports = new ArrayList<>();

        materialize.execute(G, ENTITY, MaterializeOptions.sync(), new Cancellation(), reports::add);

        assertThat(reports).extracting(TaskProgress::phase).containsExactly(ProgressPhase.LOADING, ProgressPhase.EXPORTING,
                ProgressPhase.EXPORTING, ProgressPhase.PLANNING, ProgressPhase.PLANNING, ProgressPhase.LOADING,
                ProgressPhase.LOADING, ProgressPhase.LOADING);
        assertThat(reports.get(0).unit()).isEqualTo(ProgressUnit.TABLES);
        assertThat(reports.get(1)).isEqualTo(TaskProgress.of(ProgressPhase.EXPORTING, 0, 10, ProgressUnit.ROWS));
        assertThat(reports.get(2).done()).isEqualTo(10);
        assertThat(reports.get(3).total()).isEmpty();
        assertThat(reports.get(5).unit()).isEqualTo(ProgressUnit.ROWS);
        assertThat(reports.get(6).done()).isEqualTo(reports.get(6).total().getAsLong());
        assertThat(reports.get(7)).isEqualTo(TaskProgress.of(ProgressPhase.LOADING, 1, 1, ProgressUnit.TABLES));
    }

    @Test
    void aMissingStagingTableIsSkippedAndTouchesNothing() {
        staged = Optional.empty();

        MaterializeResult result = materialize.execute(G, ENTITY, MaterializeOptions.sync());

        assertThat(result.skipped()).isTrue();
        assertThat(sink.writes()).isEmpty();
        assertThat(planner.plans).isEmpty();
    }

    @Test
    void unknownFileIdsAreNotFoundNamingEachAndNothingIsWrittenOrMarked() throws IOException {
        planner.known = Set.of(FileId.of("f1"));

        assertThatThrownBy(() -> materialize.execute(G, ENTITY,
                options(SyncMode.SYNC, true, Set.of(FileId.of("f1"), FileId.of("x"), FileId.of("y")), false)))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FILE_NOT_FOUND);
                    assertThat(e.getMessage()).contains("[x, y]");
                });
        assertThat(sink.writes()).isEmpty();
        assertThat(planner.plans).isEmpty();
        assertWorkFilesDeleted();
    }

    @Test
    void aValidRecordLimitsTheComparisonToTheKeysChangedSinceIt() throws IOException {
        int seeded = seedEntities(10, Optional.of(new StagingPosition(7, 1)));

        materialize.execute(G, ENTITY, MaterializeOptions.sync());

        assertThat(planner.changedSince).containsExactly(new StagingPosition(7, 1));
        assertThat(sink.exportedKeys()).containsExactly(true);
        assertThat(planner.plans.get(0).changedKeys()).isPresent();
        assertThat(sink.writes().get(seeded).recordAfter()).contains(NOW);
        assertThat(sink.syncRecords(G).get("entity").position()).isEqualTo(NOW);
        assertWorkFilesDeleted();
    }

    @Test
    void anExactRecordTheChangeLogReachesBackToIsSyncedFromTheLogWithoutReadingTheGraph() throws IOException {
        StagingPosition recorded = new StagingPosition(7, 1);
        int seeded = seedEntities(10, Optional.of(recorded));
        planner.keepsRows = true;

        MaterializeResult result = materialize.execute(G, ENTITY, MaterializeOptions.sync());

        assertThat(planner.keptRowsAsked).containsExactly(recorded);
        assertThat(planner.changedSince).as("the log is read by the plan itself").isEmpty();
        assertThat(sink.exportedKeys()).as("nothing exported from the graph").isEmpty();
        SyncRequest request = planner.plans.get(0);
        assertThat(request.graphAt()).contains(recorded);
        assertThat(request.changedKeys()).isEmpty();
        assertThat(request.graphRows()).isEmpty();
        assertThat(result.rowsStaged()).isEqualTo(10);
        assertThat(sink.writes().get(seeded).recordAfter()).contains(NOW);
        assertThat(sink.syncRecords(G).get("entity")).extracting(SyncRecord::position, SyncRecord::exact)
                .containsExactly(NOW, true);
        assertWorkFilesDeleted();
    }

    @Test
    void aRecordKeptByAPartialWriteIsNotExactAndTheSyncComparesWithTheGraph() {
        StagingPosition recorded = new StagingPosition(7, 1);
        seedEntities(10, Optional.of(recorded));
        planner.keepsRows = true;
        planner.known = Set.of(FileId.of("f1"));
        // A file_ids materialize writes staged rows of a later position: the record stays, not exact.
        materialize.execute(G, ENTITY, options(SyncMode.SYNC, false, Set.of(FileId.of("f1")), false));
        assertThat(sink.syncRecords(G).get("entity")).extracting(SyncRecord::position, SyncRecord::exact)
                .containsExactly(recorded, false);

        materialize.execute(G, ENTITY, MaterializeOptions.sync());

        assertThat(planner.plans.get(0).graphAt()).as("the file_ids materialize, from the exact record").contains(recorded);
        assertThat(planner.plans.get(1).graphAt()).isEmpty();
        assertThat(planner.changedSince).containsExactly(recorded);
        assertThat(sink.exportedKeys()).containsExactly(true);
    }

    @Test
    void aVerifyOrRebuildNeverTakesTheGraphsRowsFromTheLog() {
        seedEntities(10, Optional.of(new StagingPosition(7, 1)));
        planner.keepsRows = true;

        materialize.execute(G, ENTITY, new MaterializeOptions(SyncMode.SYNC, false, Set.of(), Optional.empty(),
                Optional.empty(), false, true, true));
        materialize.execute(G, ENTITY, options(SyncMode.REBUILD, false, Set.of(), false));

        assertThat(planner.keptRowsAsked).isEmpty();
        assertThat(planner.plans).allSatisfy(r -> assertThat(r.graphAt()).isEmpty());
        assertThat(sink.exportedKeys()).containsExactly(false);
    }

    @Test
    void aRelationshipTableSyncedFromTheLogLooksUpOnlyTheEndpointsOfRowsNewToTheGraph() {
        seedEntities(3, Optional.empty());
        TableSchema links = new TableSchema(G, TableName.of("LINKS"), TableKind.RELATIONSHIP,
                List.of(new Column("src", "VARCHAR"), new Column("dst", "VARCHAR")));
        seed(G, links, Optional.of(ENTITY), List.of(List.of("e0", "e1")), Optional.of(new StagingPosition(7, 1)));
        staged = Optional.of(links);
        planner.keepsRows = true;
        MaterializeOptions sync = new MaterializeOptions(SyncMode.SYNC, false, Set.of(), Optional.of(ENTITY),
                Optional.of(ENTITY), false, true, false);

        materialize.execute(G, TableName.of("LINKS"), sync);

        assertThat(planner.newEndpointsListed).isEqualTo(1);
        assertThat(planner.endpointsListed).as("no endpoint values of the changed keys").isZero();
        EndpointKeys none = planner.plans.get(0).presentEndpoints().orElseThrow();
        assertThat(none.from().rowCount() + none.to().rowCount()).isZero();
        assertThat(sink.exportedKeys()).isEmpty();
    }

    /**
     * Rows new to the graph need endpoints: staging answers which the graph holds when the
     * endpoint node table's record is exact (at the position it names, which the planner checks),
     * the graph otherwise, and also when staging cannot answer (staged since).
     */
    @Test
    void endpointsOfNewRowsAreLookedUpInStagingOnlyWhenTheNodeTablesRecordIsExact() {
        TableSchema links = new TableSchema(G, TableName.of("LINKS"), TableKind.RELATIONSHIP,
                List.of(new Column("src", "VARCHAR"), new Column("dst", "VARCHAR")));
        MaterializeOptions sync = new MaterializeOptions(SyncMode.SYNC, false, Set.of(), Optional.of(ENTITY),
                Optional.of(ENTITY), false, true, false);
        planner.keepsRows = true;
        planner.newEndpoints = 2;
        EndpointKeys fromStaging = new EndpointKeys(file(4), file(4));
        planner.inStaging = Optional.of(fromStaging);

        // Entity written without a record: only the graph knows what it holds.
        TableSchema entities = staged.orElseThrow();
        seedEntities(3, Optional.empty());
        seed(G, links, Optional.of(ENTITY), List.of(List.of("e0", "e1")), Optional.of(new StagingPosition(7, 1)));
        staged = Optional.of(links);
        materialize.execute(G, TableName.of("LINKS"), sync);
        assertThat(planner.stagingAsked).isEmpty();
        assertThat(planner.plans.get(0).presentEndpoints().orElseThrow().from().path()).as("the graph's keys")
                .isNotEqualTo(fromStaging.from().path());

        // Entity synced exactly at (7, 2): staging is asked whether it still stands there, and answers.
        seed(G, entities, Optional.empty(), List.of(List.of("e3", 3L)), Optional.of(new StagingPosition(7, 2)));
        assertThat(sink.syncRecords(G).get("entity").exact()).isTrue();
        staged = Optional.of(links);
        materialize.execute(G, TableName.of("LINKS"), sync);
        SyncedNodeTable entity = new SyncedNodeTable(ENTITY, new StagingPosition(7, 2));
        assertThat(planner.stagingAsked).containsExactly(List.of(entity, entity));
        assertThat(planner.plans.get(1).presentEndpoints().orElseThrow().from().path())
                .isEqualTo(fromStaging.from().path());

        // Staging staged Entity since (the planner finds it elsewhere): the graph is asked after all.
        planner.inStaging = Optional.empty();
        materialize.execute(G, TableName.of("LINKS"), sync);
        assertThat(planner.stagingAsked).hasSize(2);
        assertThat(planner.plans.get(2).presentEndpoints().orElseThrow().from().path())
                .isNotEqualTo(fromStaging.from().path());
    }

    @Test
    void aRecordAtTheStagingPositionNowMeansNothingIsReadComparedOrWritten() throws IOException {
        int seeded = seedEntities(10, Optional.of(NOW));

        MaterializeResult synced = materialize.execute(G, ENTITY, MaterializeOptions.sync());
        MaterializeResult appended = materialize.execute(G, ENTITY, options(SyncMode.APPEND, false, Set.of(), false));

        assertThat(synced.rowsStaged()).isEqualTo(10);
        assertThat(synced.rowsUnchanged()).isEqualTo(10);
        assertThat(synced.rowsIngested()).isZero();
        assertThat(appended.rowsSkipped()).isEqualTo(10);
        assertThat(planner.changedSince).isEmpty();
        assertThat(planner.plans).isEmpty();
        assertThat(sink.exportedKeys()).isEmpty();
        assertThat(sink.writes()).hasSize(seeded);
        assertWorkFilesDeleted();
    }

    @Test
    void verifyDryRunFileIdsAndRebuildStillCompareAtTheRecordedPosition() {
        seedEntities(10, Optional.of(NOW));
        planner.known = Set.of(FileId.of("f1"));

        materialize.execute(G, ENTITY, new MaterializeOptions(SyncMode.SYNC, false, Set.of(), Optional.empty(),
                Optional.empty(), false, false, true));
        materialize.execute(G, ENTITY, options(SyncMode.SYNC, false, Set.of(), true));
        materialize.execute(G, ENTITY, options(SyncMode.SYNC, false, Set.of(FileId.of("f1")), false));
        materialize.execute(G, ENTITY, options(SyncMode.REBUILD, false, Set.of(), false));

        assertThat(planner.plans).hasSize(4);
    }

    @Test
    void noKeyChangedSinceTheRecordReadsNothingFromTheGraph() throws IOException {
        seedEntities(10, Optional.of(new StagingPosition(7, 1)));
        planner.changedRows = 0;

        materialize.execute(G, ENTITY, MaterializeOptions.sync());

        assertThat(sink.exportedKeys()).isEmpty();
        assertThat(planner.plans.get(0).graphRows()).isEmpty();
        assertThat(planner.plans.get(0).changedKeys()).isPresent();
        assertWorkFilesDeleted();
    }

    @Test
    void theChangeLogIsPrunedThroughAPositionOnlyOnceARecordStandsThere() {
        planner.known = Set.of(FileId.of("f1"));
        materialize.execute(G, ENTITY, options(SyncMode.SYNC, false, Set.of(FileId.of("f1")), false));
        materialize.execute(G, ENTITY, options(SyncMode.APPEND, false, Set.of(), false));
        planner.rejected = 1;
        materialize.execute(G, ENTITY, options(SyncMode.SYNC, true, Set.of(), false));
        assertThat(planner.prunedThrough).as("no record written, nothing pruned").isEmpty();
        planner.rejected = 0;

        materialize.execute(G, ENTITY, MaterializeOptions.sync());
        materialize.execute(G, ENTITY, options(SyncMode.REBUILD, false, Set.of(), false));

        assertThat(planner.prunedThrough).containsExactly(NOW, NOW);
    }

    @Test
    void aRecordOfAnotherGenerationMeansComparingTheWholeTable() {
        seedEntities(10, Optional.of(new StagingPosition(6, 1)));

        materialize.execute(G, ENTITY, MaterializeOptions.sync());

        assertThat(planner.changedSince).isEmpty();
        assertThat(sink.exportedKeys()).containsExactly(false);
    }

    @Test
    void aRecordOfAnotherRowCountMeansComparingTheWholeTable() {
        seedEntities(10, Optional.empty());
        // As a table filled by something else leaves it: the record counts 9 rows, the table holds 10.
        sink.putRecord(G, "Entity", new SyncRecord(new StagingPosition(7, 1), 9, Instant.EPOCH, true));

        materialize.execute(G, ENTITY, MaterializeOptions.sync());

        assertThat(planner.changedSince).isEmpty();
        assertThat(sink.exportedKeys()).containsExactly(false);
    }

    @Test
    void predictedRejectsFailAStrictCallBeforeAnythingIsWritten() throws IOException {
        planner.rejected = 2;

        assertThatThrownBy(() -> materialize.execute(G, ENTITY, MaterializeOptions.sync()))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_REJECTED_ROWS);
                    assertThat(e.getMessage()).contains("no node e9 in Entity").contains("file f9");
                });
        assertThat(sink.writes()).isEmpty();
        assertThat(planner.kept).isZero();
        assertWorkFilesDeleted();
    }

    @Test
    void ignoredRejectsAreWrittenWithoutARecordAndKept() {
        planner.rejected = 2;

        MaterializeResult result = materialize.execute(G, ENTITY, options(SyncMode.SYNC, true, Set.of(), false));

        assertThat(result.rowsRejected()).isEqualTo(2);
        assertThat(result.rejects()).hasSize(1);
        assertThat(sink.writes().get(0).recordAfter()).isEmpty();
        assertThat(planner.kept).isEqualTo(1);
    }

    @Test
    void aDryRunWritesNothingAndSaysItWouldFail() throws IOException {
        planner.rejected = 1;

        MaterializeResult result = materialize.execute(G, ENTITY, options(SyncMode.SYNC, false, Set.of(), true));

        assertThat(result.wouldFail()).isTrue();
        assertThat(result.dryRun()).isTrue();
        assertThat(sink.writes()).isEmpty();
        assertThat(planner.kept).isZero();
        assertWorkFilesDeleted();
    }

    @Test
    void onlyAWholeTableSyncOrRebuildAsksForARecord() {
        int seeded = seedEntities(1, Optional.empty());
        planner.known = Set.of(FileId.of("f1"));
        materialize.execute(G, ENTITY, options(SyncMode.SYNC, false, Set.of(FileId.of("f1")), false));
        materialize.execute(G, ENTITY, options(SyncMode.APPEND, false, Set.of(), false));
        materialize.execute(G, ENTITY, options(SyncMode.REBUILD, false, Set.of(), false));

        List<GraphWrite> writes = sink.writes().subList(seeded, sink.writes().size());
        assertThat(writes.get(0).recordAfter()).isEmpty();
        assertThat(writes.get(1).recordAfter()).isEmpty();
        assertThat(writes.get(2).recordAfter()).contains(NOW);
        assertThat(writes.get(2).rebuild()).isTrue();
        assertThat(sink.exportedKeys()).as("a rebuild reads nothing from the graph").hasSize(2);
        assertThat(sink.syncRecords(G).get("entity").graphRows()).as("the rebuilt table's one row").isEqualTo(1);
    }

    @Test
    void theAnswerCountsTheRowsTheSinkAddsNotThoseOfTheWholeTable() {
        seedEntities(5, Optional.empty());

        MaterializeResult result = materialize.execute(G, ENTITY, MaterializeOptions.sync());

        assertThat(result.rowsInserted()).isEqualTo(1);
        assertThat(sink.tables(G)).singleElement().satisfies(t -> assertThat(t.rowCount()).isEqualTo(6));
    }

    @Test
    void aRebuildOfANodeTableRelationshipsPointAtNeedsCascade() {
        seedEntities(2, Optional.empty());
        int seeded = seed(G, new TableSchema(G, TableName.of("LINKS"), TableKind.RELATIONSHIP,
                        List.of(new Column("src", "VARCHAR"), new Column("dst", "VARCHAR"))), Optional.of(ENTITY),
                List.of(List.of("e0", "e1")), Optional.empty());

        assertThatThrownBy(() -> materialize.execute(G, ENTITY, options(SyncMode.REBUILD, false, Set.of(), false)))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TABLE_IN_USE));
        assertThat(sink.writes()).hasSize(seeded);
    }

    @Test
    void aWholeRelationshipTableChecksItsEndpointsAgainstTheGraphsKeysWithoutStagingListingThem() {
        seedEntities(3, Optional.empty());
        TableSchema links = new TableSchema(G, TableName.of("LINKS"), TableKind.RELATIONSHIP,
                List.of(new Column("src", "VARCHAR"), new Column("dst", "VARCHAR")));
        seed(G, links, Optional.of(ENTITY), List.of(List.of("e0", "e1")), Optional.empty());
        staged = Optional.of(links);
        MaterializeOptions rebuild = new MaterializeOptions(SyncMode.REBUILD, false, Set.of(), Optional.of(ENTITY),
                Optional.of(ENTITY), false, true, false);

        materialize.execute(G, TableName.of("LINKS"), rebuild);

        assertThat(planner.endpointsListed).isZero();
        EndpointKeys present = planner.plans.get(0).presentEndpoints().orElseThrow();
        assertThat(present.from().rowCount()).isEqualTo(3);
        assertThat(present.to().rowCount()).isEqualTo(3);

        // A sync of the keys changed since its record lists them: fewer than the graph holds.
        seed(G, links, Optional.of(ENTITY), List.of(List.of("e1", "e2")), Optional.of(new StagingPosition(7, 1)));
        materialize.execute(G, TableName.of("LINKS"), new MaterializeOptions(SyncMode.SYNC, false, Set.of(),
                Optional.of(ENTITY), Optional.of(ENTITY), false, true, false));
        assertThat(planner.endpointsListed).isEqualTo(1);
    }

    @Test
    void aStrictRebuildOfRelationshipsCopiesWithoutAnEndpointCheckAndNamesTheRejectsWhenTheEngineRefuses()
            throws IOException {
        seedEntities(3, Optional.empty());
        TableSchema links = new TableSchema(G, TableName.of("LINKS"), TableKind.RELATIONSHIP,
                List.of(new Column("src", "VARCHAR"), new Column("dst", "VARCHAR")));
        int seeded = seed(G, links, Optional.of(ENTITY), List.of(List.of("e0", "e1")), Optional.empty());
        staged = Optional.of(links);
        planner.rejected = 1;
        planner.rejectsNeedEndpoints = true;
        MaterializeOptions strict = new MaterializeOptions(SyncMode.REBUILD, false, Set.of(), Optional.of(ENTITY),
                Optional.of(ENTITY), false, false, false);

        // The planner's insert (a source no Entity holds) is what the engine refuses.
        assertThatThrownBy(() -> materialize.execute(G, TableName.of("LINKS"), strict))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_REJECTED_ROWS);
                    assertThat(e.getMessage()).contains("would reject 1 row(s)").contains("no node e9 in Entity")
                            .contains("f9");
                });
        assertThat(planner.plans).hasSize(2);
        assertThat(planner.plans.get(0).presentEndpoints()).as("the copy is tried unchecked").isEmpty();
        assertThat(planner.plans.get(1).presentEndpoints().orElseThrow().from().rowCount()).isEqualTo(3);
        assertThat(sink.writes()).hasSize(seeded + 1);
        assertThat(sink.target(G, links, Optional.of(ENTITY), Optional.of(ENTITY), Optional.empty()).rowCount())
                .as("the old table is kept").isEqualTo(1);
        assertThat(planner.kept).isZero();
        assertWorkFilesDeleted();

        // The engine accepts the copy: nothing more is asked; ignoring errors still names them before.
        planner.insertRows = 0;
        materialize.execute(G, TableName.of("LINKS"), strict);
        assertThat(planner.plans).hasSize(3);
        assertThat(planner.plans.get(2).presentEndpoints()).isEmpty();
        materialize.execute(G, TableName.of("LINKS"), new MaterializeOptions(SyncMode.REBUILD, true, Set.of(),
                Optional.of(ENTITY), Optional.of(ENTITY), false, false, false));
        assertThat(planner.plans.get(3).presentEndpoints()).isPresent();
        assertWorkFilesDeleted();
    }

    @Test
    void theRegistryLearnsWhichFilesAreInTheGraphAndWhichLeftIt() {
        registry.registerTable(G, ENTITY, TableKind.NODE);
        RegistryFile kept = registry.registerFile(new NewRegistryFile(G, ENTITY, ObjectUri.parse("s3://bucket/a.parquet"), "a",
                1, UploadStatus.COMPLETED));
        RegistryFile gone = registry.registerFile(new NewRegistryFile(G, ENTITY, ObjectUri.parse("s3://bucket/b.parquet"), "b",
                1, UploadStatus.COMPLETED));
        registry.markIngested(G, List.of(kept.id(), gone.id()));
        planner.inGraph = Set.of(kept.id());

        materialize.execute(G, ENTITY, MaterializeOptions.sync());

        assertThat(status(kept.id())).isEqualTo(GraphStatus.INGESTED);
        assertThat(status(gone.id())).isEqualTo(GraphStatus.PENDING);
    }

    private GraphStatus status(FileId id) {
        return registry.listFiles(G, ENTITY).stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow().graphStatus();
    }

    /** A planner that answers as scripted and records what it was asked. */
    private final class ScriptedPlanner implements SyncPlanner {
        Set<FileId> known = Set.of();
        long rejected;
        Set<FileId> inGraph = Set.of();
        final List<StagingPosition> changedSince = new ArrayList<>();
        final List<SyncRequest> plans = new ArrayList<>();
        final List<StagingPosition> prunedThrough = new ArrayList<>();
        long changedRows = 1;
        boolean keepsRows;
        final List<StagingPosition> keptRowsAsked = new ArrayList<>();
        long newEndpoints;
        int newEndpointsListed;
        /** What {@link #presentInStaging} answers; its calls' node tables in {@link #stagingAsked}. */
        Optional<EndpointKeys> inStaging = Optional.empty();
        final List<List<SyncedNodeTable>> stagingAsked = new ArrayList<>();
        long insertRows = 1;
        /** Whether {@link #rejected} rows are found only when the graph's endpoint keys are given. */
        boolean rejectsNeedEndpoints;
        int kept;
        int endpointsListed;

        @Override
        public StagingPosition position(GraphId graph, TableName table) {
            return NOW;
        }

        @Override
        public Set<FileId> unknownFileIds(GraphId graph, TableName table, Set<FileId> fileIds) {
            Set<FileId> unknown = new java.util.LinkedHashSet<>(fileIds);
            unknown.removeAll(known);
            return unknown;
        }

        @Override
        public Path workFile(GraphId graph, TableName table) {
            return dir.resolve(UUID.randomUUID() + ".parquet");
        }

        @Override
        public Optional<ParquetFile> changedKeys(GraphId graph, TableName table, StagingPosition since) {
            changedSince.add(since);
            return Optional.of(file(changedRows));
        }

        @Override
        public boolean keepsRowsSince(GraphId graph, TableName table, StagingPosition since) {
            keptRowsAsked.add(since);
            return keepsRows;
        }

        @Override
        public EndpointKeys newEndpointsSince(GraphId graph, TableName table, Set<FileId> fileIds, StagingPosition since) {
            newEndpointsListed++;
            return newEndpoints == 0 ? new EndpointKeys(file(0), file(0)) : new EndpointKeys(file(newEndpoints),
                    file(newEndpoints));
        }

        @Override
        public Optional<EndpointKeys> presentInStaging(GraphId graph, TableName table, EndpointKeys candidates,
                                                       SyncedNodeTable from, SyncedNodeTable to) {
            stagingAsked.add(List.of(from, to));
            return inStaging;
        }

        @Override
        public long pruneChanges(GraphId graph, TableName table, StagingPosition through) {
            prunedThrough.add(through);
            return 0;
        }

        @Override
        public EndpointKeys endpointValues(GraphId graph, TableName table, Set<FileId> fileIds, Optional<ParquetFile> keys) {
            endpointsListed++;
            return new EndpointKeys(file(), file());
        }

        @Override
        public SyncPlan plan(SyncRequest request) {
            plans.add(request);
            long rejected = rejectsNeedEndpoints && request.presentEndpoints().isEmpty() ? 0 : this.rejected;
            List<Reject> rejects = rejected == 0 ? List.of()
                    : List.of(new Reject(Map.of("identifier", "e9"), Optional.of(FileId.of("f9")), "no node e9 in Entity"));
            return new SyncPlan(file(insertRows), file(), file(), file(), new SyncCounts(10 + rejected, insertRows, 1, 8,
                    1 - insertRows, rejected, 0), rejects, inGraph);
        }

        @Override
        public void keepRejects(GraphId graph, TableName table, SyncPlan plan) {
            kept++;
        }

        @Override
        public RejectPage rejects(GraphId graph, TableName table, long limit, long offset) {
            return new RejectPage(0, List.of());
        }

        @Override
        public List<FileId> filesAddedSince(GraphId graph, TableName table, Optional<StagingPosition> since) {
            return List.of();
        }
    }
}
