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
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.port.SyncPlanner;
import io.graphstaging.core.sync.EndpointKeys;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.GraphWrite;
import io.graphstaging.core.sync.GraphWriteResult;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.core.sync.Reject;
import io.graphstaging.core.sync.RejectPage;
import io.graphstaging.core.sync.StagingPosition;
import io.graphstaging.core.sync.SyncCounts;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.sync.SyncPlan;
import io.graphstaging.core.sync.SyncRecord;
import io.graphstaging.core.sync.SyncRequest;
import io.graphstaging.core.testing.InMemoryFileRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the materialize use case decides, with scripted ports: when it reads only changed keys,
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
    private final ScriptedSink sink = new ScriptedSink();
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

    private ParquetFile file() {
        try {
            return new ParquetFile(Files.createFile(dir.resolve(UUID.randomUUID() + ".parquet")), 1, COLUMNS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assertWorkFilesDeleted() throws IOException {
        try (var left = Files.list(dir)) {
            assertThat(left.toList()).isEmpty();
        }
    }

    @Test
    void aCancelDuringTheGraphWriteReachesTheSinkAndNothingIsMarkedOrKept() throws IOException {
        Cancellation cancellation = new Cancellation();
        sink.duringWrite = () -> cancellation.cancel(ErrorCode.CANCELLED, "stop");

        assertThatThrownBy(() -> materialize.execute(G, ENTITY, MaterializeOptions.sync(), cancellation, ProgressListener.NONE))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThat(sink.writes).isEmpty();
        assertThat(planner.kept).isZero();
        assertWorkFilesDeleted();
    }

    @Test
    void progressGoesThroughExportPlanAndLoadWithRows() {
        sink.rows = 10;
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
        assertThat(sink.writes).isEmpty();
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
        assertThat(sink.writes).isEmpty();
        assertThat(planner.plans).isEmpty();
        assertWorkFilesDeleted();
    }

    @Test
    void aValidRecordLimitsTheComparisonToTheKeysChangedSinceIt() throws IOException {
        sink.record = Optional.of(new SyncRecord(new StagingPosition(7, 1), 10, Instant.EPOCH));
        sink.rows = 10;

        materialize.execute(G, ENTITY, MaterializeOptions.sync());

        assertThat(planner.changedSince).containsExactly(new StagingPosition(7, 1));
        assertThat(sink.exportedKeys).containsExactly(true);
        assertThat(planner.plans.get(0).changedKeys()).isPresent();
        assertThat(sink.writes.get(0).recordAfter()).contains(NOW);
        assertWorkFilesDeleted();
    }

    @Test
    void aRecordOfAnotherGenerationOrRowCountMeansComparingTheWholeTable() {
        sink.record = Optional.of(new SyncRecord(new StagingPosition(6, 1), 10, Instant.EPOCH));
        sink.rows = 10;
        materialize.execute(G, ENTITY, MaterializeOptions.sync());
        sink.record = Optional.of(new SyncRecord(new StagingPosition(7, 1), 9, Instant.EPOCH));
        materialize.execute(G, ENTITY, MaterializeOptions.sync());

        assertThat(planner.changedSince).isEmpty();
        assertThat(sink.exportedKeys).containsExactly(false, false);
    }

    @Test
    void predictedRejectsFailAStrictCallBeforeAnythingIsWritten() throws IOException {
        planner.rejected = 2;

        assertThatThrownBy(() -> materialize.execute(G, ENTITY, MaterializeOptions.sync()))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_REJECTED_ROWS);
                    assertThat(e.getMessage()).contains("no node e9 in Entity").contains("file f9");
                });
        assertThat(sink.writes).isEmpty();
        assertThat(planner.kept).isZero();
        assertWorkFilesDeleted();
    }

    @Test
    void ignoredRejectsAreWrittenWithoutARecordAndKept() {
        planner.rejected = 2;

        MaterializeResult result = materialize.execute(G, ENTITY, options(SyncMode.SYNC, true, Set.of(), false));

        assertThat(result.rowsRejected()).isEqualTo(2);
        assertThat(result.rejects()).hasSize(1);
        assertThat(sink.writes.get(0).recordAfter()).isEmpty();
        assertThat(planner.kept).isEqualTo(1);
    }

    @Test
    void aDryRunWritesNothingAndSaysItWouldFail() throws IOException {
        planner.rejected = 1;

        MaterializeResult result = materialize.execute(G, ENTITY, options(SyncMode.SYNC, false, Set.of(), true));

        assertThat(result.wouldFail()).isTrue();
        assertThat(result.dryRun()).isTrue();
        assertThat(sink.writes).isEmpty();
        assertThat(planner.kept).isZero();
        assertWorkFilesDeleted();
    }

    @Test
    void onlyAWholeTableSyncOrRebuildAsksForARecord() {
        planner.known = Set.of(FileId.of("f1"));
        materialize.execute(G, ENTITY, options(SyncMode.SYNC, false, Set.of(FileId.of("f1")), false));
        materialize.execute(G, ENTITY, options(SyncMode.APPEND, false, Set.of(), false));
        materialize.execute(G, ENTITY, options(SyncMode.REBUILD, false, Set.of(), false));

        assertThat(sink.writes.get(0).recordAfter()).isEmpty();
        assertThat(sink.writes.get(1).recordAfter()).isEmpty();
        assertThat(sink.writes.get(2).recordAfter()).contains(NOW);
        assertThat(sink.writes.get(2).rebuild()).isTrue();
        assertThat(sink.exportedKeys).as("a rebuild reads nothing from the graph").hasSize(2);
    }

    @Test
    void aRebuildOfANodeTableRelationshipsPointAtNeedsCascade() {
        sink.dependents = List.of("LINKS");

        assertThatThrownBy(() -> materialize.execute(G, ENTITY, options(SyncMode.REBUILD, false, Set.of(), false)))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TABLE_IN_USE));
        assertThat(sink.writes).isEmpty();
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
        int kept;

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
            return Optional.of(file());
        }

        @Override
        public EndpointKeys endpointValues(GraphId graph, TableName table, Set<FileId> fileIds, Optional<ParquetFile> keys) {
            return new EndpointKeys(file(), file());
        }

        @Override
        public SyncPlan plan(SyncRequest request) {
            plans.add(request);
            List<Reject> rejects = rejected == 0 ? List.of()
                    : List.of(new Reject(Map.of("identifier", "e9"), Optional.of(FileId.of("f9")), "no node e9 in Entity"));
            return new SyncPlan(file(), file(), file(), file(), new SyncCounts(10 + rejected, 1, 1, 8, 0, rejected, 0),
                    rejects, inGraph);
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

    /** A sink that describes a scripted graph table and records the writes it is asked for. */
    private final class ScriptedSink implements GraphSink {
        Optional<SyncRecord> record = Optional.empty();
        long rows;
        List<String> dependents = List.of();
        final List<Boolean> exportedKeys = new ArrayList<>();
        final List<GraphWrite> writes = new ArrayList<>();

        @Override
        public GraphTarget target(GraphId graph, TableSchema schema, Optional<TableName> from, Optional<TableName> to,
                                  Optional<EndpointKeys> stagedEndpoints) {
            return new GraphTarget("Entity", GraphTableKind.NODE, true, COLUMNS, List.of("identifier"), Optional.empty(),
                    rows, record, dependents);
        }

        @Override
        public ParquetFile exportRows(GraphId graph, GraphTarget target, Optional<ParquetFile> keys, Path out) {
            exportedKeys.add(keys.isPresent());
            try {
                return new ParquetFile(Files.createFile(out), rows, COLUMNS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public EndpointKeys presentEndpoints(GraphId graph, GraphTarget target, EndpointKeys candidates, Path outFrom,
                                             Path outTo) {
            throw new UnsupportedOperationException("node tables have no endpoints");
        }

        /** Runs inside the write, as a cancel arriving while the graph is written would. */
        Runnable duringWrite = () -> { };

        @Override
        public GraphWriteResult write(GraphId graph, GraphTarget target, GraphWrite write, Cancellation cancellation,
                                      ProgressListener progress) {
            duringWrite.run();
            // Like a real sink: a cancel heard while writing stops the write, nothing of it kept.
            cancellation.throwIfCancelled();
            return write(graph, target, write);
        }

        @Override
        public GraphWriteResult write(GraphId graph, GraphTarget target, GraphWrite write) {
            writes.add(write);
            return new GraphWriteResult(write.inserts().rowCount(), 0, write.updates().rowCount(), 0, 0, List.of());
        }

        @Override
        public Map<String, SyncRecord> syncRecords(GraphId graph) {
            return record.map(r -> Map.of("entity", r)).orElse(Map.of());
        }

        @Override
        public List<GraphTableStats> tables(GraphId graph) {
            return List.of();
        }

        @Override
        public String engineVersion() {
            return "scripted";
        }

        @Override
        public void checkHealth() {
        }
    }
}
